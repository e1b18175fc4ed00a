"""Tests of the storyboard contact sheets, on a synthetic video written to a temporary repository."""

import pytest
from PIL import Image

from padim_studio.review.storyboard import (
    COLUMNS,
    PADDING_PX,
    TILE_WIDTH_PX,
    Still,
    act_sheet,
    opening_words,
    overview_sheet,
    write_storyboard,
)

NARRATION = """# Storyboard test video

## first: First act

### opening
One two three four five six seven eight nine ten eleven.

### closing
Short cue with a square.

## second: Second act

### only
Just one cue.
"""

SCENE_FILE = '''
from manim import BLUE, RED, FadeIn, Square, Text

from padim_studio.scene import NarratedScene, VideoScene
from padim_studio.voice.clip import Clip, Word


class SheetAct(NarratedScene):
    video = "sheet_test"

    def _clip_for(self, cue):
        words = tuple(Word(word, index * 0.2, (index + 1) * 0.2) for index, word in enumerate(cue.words))
        return Clip(cue.id, None, len(words) * 0.2 + 0.3, words, {}, "estimated")


class First(SheetAct):
    act_id = "first"

    def construct(self):
        with self.cue("opening"):
            self.play(FadeIn(Text("start")), run_time=0.5)
        with self.cue("closing"):
            self.wait(0.2)
            # Added in the cue's last moment, so only a still taken at the cue's end shows it.
            self.add(Square(side_length=3, color=RED, fill_opacity=1))


class Second(SheetAct):
    act_id = "second"

    def construct(self):
        with self.cue("only"):
            self.play(FadeIn(Square(side_length=3, color=BLUE, fill_opacity=1)), run_time=0.3)


ACTS = (First, Second)


class SheetVideo(VideoScene):
    video = "sheet_test"
    acts = ACTS
'''


@pytest.fixture
def sheet_root(tmp_path, monkeypatch):
    (tmp_path / "narration").mkdir()
    (tmp_path / "narration" / "sheet_test.md").write_text(NARRATION, encoding="utf-8")
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "sheet_test.py").write_text(SCENE_FILE, encoding="utf-8")
    monkeypatch.setenv("PADIM_STUDIO_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture
def storyboard(sheet_root):
    return write_storyboard("sheet_test")


def blank_still(cue_id: str, start_s: float = 0.0) -> Still:
    return Still("act", cue_id, start_s, "a few words", Image.new("RGB", (TILE_WIDTH_PX, 240)))


def test_opening_words_cuts_long_cue():
    words = tuple("one two three four five six seven eight nine".split())
    assert opening_words(words) == "one two three four five six seven eight …"


def test_opening_words_keeps_short_cue():
    assert opening_words(("just", "three", "words")) == "just three words"


def test_still_heading_has_cue_and_time():
    assert blank_still("grid", 41.25).heading == "grid  0:41.3"


def test_act_sheet_grid_width():
    sheet = act_sheet("story", "act", "An act", [blank_still(f"cue{index}") for index in range(5)])
    assert sheet.width == PADDING_PX + COLUMNS * (TILE_WIDTH_PX + PADDING_PX)


def test_act_sheet_grows_by_rows():
    three = act_sheet("story", "act", "An act", [blank_still(f"cue{index}") for index in range(3)])
    four = act_sheet("story", "act", "An act", [blank_still(f"cue{index}") for index in range(4)])
    assert four.height > three.height
    assert four.width == three.width


def test_overview_sheet_one_row_per_act():
    one_row = overview_sheet("story", [("a", [blank_still("x")])], 10.0)
    two_rows = overview_sheet("story", [("a", [blank_still("x")]), ("b", [])], 10.0, {"a": "First", "b": "Second"})
    assert two_rows.height > one_row.height


def test_write_storyboard_files(storyboard, sheet_root):
    folder = sheet_root / "media" / "storyboards" / "sheet_test"
    assert storyboard.paths == [folder / "first.png", folder / "second.png", folder / "all.png"]
    for path in storyboard.paths:
        assert Image.open(path).format == "PNG"


def test_write_storyboard_one_still_per_cue(storyboard):
    assert [(still.act_id, still.cue_id) for still in storyboard.stills] == [
        ("first", "opening"),
        ("first", "closing"),
        ("second", "only"),
    ]


def test_write_storyboard_cue_start_times(storyboard):
    starts = [still.start_s for still in storyboard.stills]
    assert starts[0] == 0.0
    # The first cue's clip lasts 2.5 s, and the scene clock counts whole frames at 15 fps.
    assert abs(starts[1] - 2.5) < 1 / 15
    assert starts[1] * 15 == pytest.approx(round(starts[1] * 15))
    assert starts[2] > starts[1]


def test_write_storyboard_opening_words(storyboard):
    assert storyboard.stills[0].opening_words == "One two three four five six seven eight …"
    assert storyboard.stills[2].opening_words == "Just one cue."


def test_write_storyboard_marks_stand_in_timing(storyboard):
    assert storyboard.stand_in_cues == ["opening", "closing", "only"]


def test_still_taken_at_cue_end(storyboard):
    red, green, blue = storyboard.stills[1].image.getpixel((TILE_WIDTH_PX // 2, 120))
    assert red > 200
    assert green < 100
    assert blue < 100


def test_still_before_square_is_dark(storyboard):
    red, _, _ = storyboard.stills[0].image.getpixel((TILE_WIDTH_PX // 2, 60))
    assert red < 100


def test_still_tile_width(storyboard):
    assert storyboard.stills[0].image.size == (TILE_WIDTH_PX, 240)


def test_write_storyboard_removes_stale_sheets(sheet_root):
    output = sheet_root / "sheets"
    output.mkdir()
    (output / "renamed_act.png").write_bytes(b"")
    (output / "notes.txt").write_text("kept")
    write_storyboard("sheet_test", output_dir=output)
    assert sorted(path.name for path in output.iterdir()) == ["all.png", "first.png", "notes.txt", "second.png"]


def test_write_storyboard_duration(storyboard):
    assert storyboard.duration_s > storyboard.stills[-1].start_s
    assert storyboard.elapsed_s > 0
