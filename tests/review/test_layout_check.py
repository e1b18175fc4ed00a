"""Tests of the layout rules, on mobjects and on small synthetic videos."""

import pytest
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    Integer,
    MathTex,
    Paragraph,
    Rectangle,
    Square,
    Text,
    Transform,
    VGroup,
)

from padim_studio.review.layout_check import (
    MIN_OVERLAP,
    Box,
    check_layout,
    describe,
    overlap_messages,
    safe_area_messages,
    text_mobjects,
)
from padim_studio.scene import NarratedScene, VideoScene
from padim_studio.stage.layout import safe_half_height, safe_half_width
from padim_studio.voice.clip import Clip, Word

NARRATION = """# Layout test video

## layout: Layout act

### first
One two three four five.

### second
Six seven eight nine ten.
"""


def fixed_clip(cue) -> Clip:
    words = tuple(Word(word, index * 0.2, (index + 1) * 0.2) for index, word in enumerate(cue.words))
    return Clip(cue.id, None, len(words) * 0.2 + 0.3, words, {}, "estimated")


class LayoutAct(NarratedScene):
    video = "layout_test"
    act_id = "layout"
    beats = staticmethod(lambda scene: None)

    def _clip_for(self, cue):
        return fixed_clip(cue)

    def construct(self):
        type(self).beats(self)


def video_of(beats, keep_stage: bool = False) -> type[VideoScene]:
    """Build a one-act video whose act runs ``beats(scene)``. With ``keep_stage``, the act ends without clearing."""
    act = type("BeatsAct", (LayoutAct,), {"beats": staticmethod(beats)})

    class Video(VideoScene):
        video = "layout_test"
        acts = (act,)

        def play_act(self, played):
            if not keep_stage:
                return super().play_act(played)
            video_class = type(self)
            self.__class__ = played
            try:
                played.construct(self)
            finally:
                self.__class__ = video_class

    return Video


@pytest.fixture
def layout_root(tmp_path, monkeypatch):
    (tmp_path / "narration").mkdir()
    (tmp_path / "narration" / "layout_test.md").write_text(NARRATION, encoding="utf-8")
    monkeypatch.setenv("PADIM_STUDIO_ROOT", str(tmp_path))
    return tmp_path


def findings_of(beats, keep_stage: bool = False) -> list[str]:
    return [str(finding) for finding in check_layout(video_of(beats, keep_stage)).findings]


# -- rules on mobjects -------------------------------------------------------


def test_box_overlap_of_apart_boxes():
    assert Box(0, 1, 0, 1).overlap(Box(2, 3, 0, 1)) == (0.0, 1.0)


def test_box_overlap_of_crossing_boxes():
    width, height = Box(0, 2, 0, 2).overlap(Box(1, 3, 1.5, 4))
    assert width == pytest.approx(1.0)
    assert height == pytest.approx(0.5)


def test_safe_area_accepts_centred_text():
    assert safe_area_messages([Text("inside")]) == []


def test_safe_area_flags_right_edge():
    text = Text("far right").move_to(RIGHT * 6.8)
    [(mobjects, message)] = safe_area_messages([text])
    assert mobjects == (text,)
    assert message.startswith('Text "far right" leaves the safe area (right edge ')
    assert f"> {safe_half_width():.2f})" in message


def test_safe_area_flags_two_edges():
    text = Text("corner").move_to(LEFT * 7 + DOWN * 3.9)
    [(_, message)] = safe_area_messages([text])
    assert "left edge" in message
    assert f"bottom edge {text.get_bottom()[1]:.2f} < {-safe_half_height():.2f}" in message


def test_safe_area_accepts_exact_fit():
    text = Text("exactly at the edge")
    text.shift(RIGHT * (safe_half_width() - text.get_right()[0]))
    assert safe_area_messages([text]) == []


def test_safe_area_shows_decimals_that_differ():
    text = Text("just over")
    text.shift(RIGHT * (safe_half_width() + 0.004 - text.get_right()[0]))
    [(_, message)] = safe_area_messages([text])
    assert f"right edge {safe_half_width() + 0.004:.3f} > {safe_half_width():.3f}" in message


def test_overlap_flags_text_on_text():
    first, second = Text("first"), Text("second").shift(RIGHT * 0.3)
    [(mobjects, message)] = overlap_messages([first, second])
    assert mobjects == (first, second)
    assert message.startswith('Text "first" overlaps Text "second" (')


def test_overlap_accepts_text_on_rectangle():
    label = Text("on a shape")
    card = VGroup(Rectangle(width=4, height=1), label)
    texts = text_mobjects([card])
    assert texts == [label]
    assert overlap_messages(texts) == []


def test_overlap_ignores_touching_boxes():
    first = Text("left")
    second = Text("right").next_to(first, RIGHT, buff=0).shift(LEFT * (MIN_OVERLAP / 2))
    assert overlap_messages([first, second]) == []


def test_overlap_flags_just_past_tolerance():
    first = Text("left")
    second = Text("right").next_to(first, RIGHT, buff=0).shift(LEFT * (MIN_OVERLAP * 2))
    assert len(overlap_messages([first, second])) == 1


def test_text_mobjects_one_per_text():
    assert len(text_mobjects([Text("many glyphs here")])) == 1


def test_text_mobjects_one_per_paragraph():
    paragraph = Paragraph("line one", "line two")
    assert text_mobjects([VGroup(paragraph)]) == [paragraph]


def test_text_mobjects_finds_formulas_and_numbers():
    formula, number = MathTex("x^2"), Integer(42)
    assert text_mobjects([VGroup(formula, VGroup(number), Square())]) == [formula, number]


def test_text_mobjects_skips_transparent():
    hidden = Text("hidden").set_opacity(0)
    assert text_mobjects([hidden]) == []


def test_text_mobjects_keeps_half_transparent():
    faded = Text("faded").set_opacity(0.5)
    assert text_mobjects([faded]) == [faded]


def test_text_mobjects_counts_shared_text_once():
    label = Text("shared")
    assert text_mobjects([VGroup(label), VGroup(label)]) == [label]


def test_describe_cuts_long_text():
    name = describe(Text("a label far longer than the forty characters a message shows"))
    assert name == 'Text "a label far longer than the forty chara…"'


def test_describe_formula_and_shape():
    assert describe(MathTex(r"\mu")) == 'MathTex "\\mu"'
    assert describe(Square()) == "Square"


# -- rules on a driven video ---------------------------------------------------


def test_check_reports_text_outside_frame(layout_root):
    def beats(scene):
        with scene.cue("first"):
            scene.play(FadeIn(Text("off the edge").move_to(RIGHT * 6.9)), run_time=1)

    [finding] = findings_of(beats)
    assert finding.startswith('layout_test/layout [cue first] 0:01.0: Text "off the edge" leaves the safe area')


def test_check_reports_overlapping_texts(layout_root):
    def beats(scene):
        with scene.cue("first"):
            scene.play(FadeIn(Text("one")), run_time=0.5)
        with scene.cue("second"):
            scene.play(FadeIn(Text("two").shift(UP * 0.1)), run_time=0.5)

    [finding] = findings_of(beats)
    assert finding.startswith('layout_test/layout [cue second] ')
    assert 'Text "one" overlaps Text "two"' in finding


def test_check_accepts_label_on_shape(layout_root):
    def beats(scene):
        with scene.cue("first"):
            scene.play(FadeIn(VGroup(Rectangle(width=3, height=1), Text("label"))), run_time=0.5)

    assert findings_of(beats) == []


def test_check_reports_between_cues(layout_root):
    def beats(scene):
        scene.play(FadeIn(Text("too high").move_to(UP * 3.9)), run_time=0.4)

    [finding] = findings_of(beats)
    assert finding.startswith('layout_test/layout [between cues] 0:00.4: Text "too high" leaves the safe area (top edge')


def test_check_reports_problem_once(layout_root):
    def beats(scene):
        with scene.cue("first"):
            scene.play(FadeIn(Text("stays out").move_to(LEFT * 6.9)), run_time=0.5)
        with scene.cue("second"):
            scene.wait(0.5)

    assert len(findings_of(beats)) == 1


def test_check_quotes_transform_target(layout_root):
    def beats(scene):
        label = Text("before")
        with scene.cue("first"):
            scene.play(FadeIn(label), run_time=0.5)
        with scene.cue("second"):
            scene.play(Transform(label, Text("after, too far").move_to(RIGHT * 6.9)), run_time=0.5)

    [finding] = findings_of(beats)
    assert '[cue second]' in finding
    assert 'Text "after, too far" leaves the safe area' in finding


def test_check_reports_mobject_left_after_act(layout_root):
    def beats(scene):
        with scene.cue("first"):
            scene.play(FadeIn(Square()), run_time=0.5)

    [finding] = findings_of(beats, keep_stage=True)
    assert finding.endswith("[between cues] 0:01.3: 1 mobject(s) left on stage after the act ends: Square")


def test_check_ignores_empty_wait_mobjects(layout_root):
    def beats(scene):
        with scene.cue("first"):
            scene.wait(0.5)

    assert findings_of(beats, keep_stage=True) == []


def test_check_accepts_cleared_stage(layout_root):
    def beats(scene):
        with scene.cue("first"):
            scene.play(FadeIn(Square()), run_time=0.5)

    assert findings_of(beats) == []


def test_check_counts_animations(layout_root):
    def beats(scene):
        with scene.cue("first"):
            scene.play(FadeIn(Square()), run_time=0.5)

    # The FadeIn, the wait for the cue's end and the FadeOut of clear_stage.
    assert check_layout(video_of(beats)).moments_checked == 3
