"""Tests of the scene probe on a small synthetic video with fixed clip timings."""

import math

import pytest
from manim import RED, FadeIn, FadeOut, Square, Text

from padim_studio.review.probe import (
    Moment,
    StageObserver,
    capture_frame,
    format_timestamp,
    load_video_scene,
    run_video,
)
from padim_studio.scene import NarratedScene, VideoScene
from padim_studio.voice.clip import Clip, Word

NARRATION = """# Probe test video

## first: First act

### opening
One two three four five six seven eight nine ten eleven.

### closing
Short cue <bookmark mark="middle"/>with a mark.

## second: Second act

### only
Just one cue, long enough for its two animations.
"""
SECONDS_PER_WORD = 0.2
TAIL_S = 0.3
FRAME_RATE = 15  # frames per second at quality l


def fixed_clip(cue) -> Clip:
    """Time each word 0.2 s and add 0.3 s of silence at the end, with no audio file."""
    words = tuple(
        Word(word, index * SECONDS_PER_WORD, (index + 1) * SECONDS_PER_WORD) for index, word in enumerate(cue.words)
    )
    marks = {mark: index * SECONDS_PER_WORD for mark, index in cue.marks.items()}
    return Clip(cue.id, None, len(words) * SECONDS_PER_WORD + TAIL_S, words, marks, "estimated")


class ProbeAct(NarratedScene):
    video = "probe_test"

    def _clip_for(self, cue):
        return fixed_clip(cue)


class FirstAct(ProbeAct):
    act_id = "first"

    def construct(self):
        square = Square(side_length=3, color=RED, fill_opacity=1)
        with self.cue("opening"):
            self.play(FadeIn(square), run_time=1)
        self.play(FadeOut(square), run_time=0.4)
        with self.cue("closing"):
            self.play_to("middle", FadeIn(Text("hello")))


class SecondAct(ProbeAct):
    act_id = "second"

    def construct(self):
        with self.cue("only"):
            self.play(FadeIn(Text("bye")), run_time=0.55)
            self.wait(0.55)


class ProbeVideo(VideoScene):
    video = "probe_test"
    acts = (FirstAct, SecondAct)


class Recorder(StageObserver):
    def __init__(self):
        self.events = []
        self.frames = []

    def animation_finished(self, scene, moment, animations):
        self.events.append(("animation", moment))

    def cue_finished(self, scene, moment, tracker):
        self.events.append(("cue", moment, tracker.start_t, tracker.end_t))
        self.frames.append(capture_frame(scene))

    def act_finished(self, scene, moment):
        self.events.append(("act", moment, len(scene.mobjects)))


@pytest.fixture
def probe_root(tmp_path, monkeypatch):
    (tmp_path / "narration").mkdir()
    (tmp_path / "narration" / "probe_test.md").write_text(NARRATION, encoding="utf-8")
    monkeypatch.setenv("PADIM_STUDIO_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture
def recorder(probe_root):
    recorder = Recorder()
    recorder.duration_s = run_video(ProbeVideo, recorder)
    return recorder


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, "0:00.0"), (41.25, "0:41.3"), (59.96, "1:00.0"), (125.04, "2:05.0"), (3600, "60:00.0")],
)
def test_format_timestamp_cases(seconds, expected):
    assert format_timestamp(seconds) == expected


def test_moment_str_between_cues():
    assert str(Moment("story", "patches", None, 41.25)) == "story/patches [between cues] 0:41.3"


def test_moment_str_in_cue():
    assert str(Moment("story", "patches", "grid", 41.25)) == "story/patches [cue grid] 0:41.3"


def test_run_video_reports_cues_in_order(recorder):
    cues = [(event[1].act_id, event[1].cue_id) for event in recorder.events if event[0] == "cue"]
    assert cues == [("first", "opening"), ("first", "closing"), ("second", "only")]


def test_run_video_reports_acts_with_empty_stage(recorder):
    acts = [(event[1].act_id, event[1].cue_id, event[2]) for event in recorder.events if event[0] == "act"]
    assert acts == [("first", None, 0), ("second", None, 0)]


def test_animation_between_cues_has_no_cue(recorder):
    moments = [event[1] for event in recorder.events if event[0] == "animation"]
    fade_out = moments[2]  # FadeIn, final wait of "opening", then the FadeOut between cues
    assert fade_out.act_id == "first"
    assert fade_out.cue_id is None


def test_animation_in_cue_names_cue(recorder):
    moments = [event[1] for event in recorder.events if event[0] == "animation"]
    assert moments[0].cue_id == "opening"
    assert moments[0].time_s == pytest.approx(1.0)


def test_times_are_whole_frames(recorder):
    for event in recorder.events:
        frames = event[1].time_s * FRAME_RATE
        assert frames == pytest.approx(round(frames), abs=1e-6), event


def test_cue_ends_within_a_frame_of_speech(recorder):
    for event in recorder.events:
        if event[0] != "cue":
            continue
        moment, end_s = event[1], event[3]
        assert abs(moment.time_s - end_s) < 1 / FRAME_RATE, event


def test_animation_time_counts_frames(recorder):
    moments = [event[1] for event in recorder.events if event[0] == "animation" and event[1].cue_id == "only"]
    start_s = next(event[2] for event in recorder.events if event[0] == "cue" and event[1].cue_id == "only")
    # A full render writes a 0.55 s FadeIn as len(np.arange(0, 0.55, 1 / 15)) = 9 frames.
    assert moments[0].time_s == pytest.approx(start_s + 9 / FRAME_RATE)


def test_wait_time_counts_frames(recorder):
    moments = [event[1] for event in recorder.events if event[0] == "animation" and event[1].cue_id == "only"]
    # A full render writes a frozen 0.55 s wait as int(0.55 * 15) = 8 frames.
    assert moments[1].time_s == pytest.approx(moments[0].time_s + 8 / FRAME_RATE)


def test_second_cue_starts_after_fade(recorder):
    cues = [event for event in recorder.events if event[0] == "cue"]
    assert cues[1][2] == pytest.approx(cues[0][1].time_s + 6 / FRAME_RATE)


def test_duration_is_last_act_end(recorder):
    last_act = [event for event in recorder.events if event[0] == "act"][-1]
    assert recorder.duration_s == pytest.approx(last_act[1].time_s)


def test_capture_frame_size_at_low_quality(recorder):
    assert recorder.frames[0].size == (854, 480)


def test_capture_frame_shows_stage_at_cue_end(recorder):
    red, green, blue = recorder.frames[0].getpixel((427, 240))
    assert red > 200
    assert green < 100
    assert blue < 100


def test_capture_frame_after_fade_out(recorder):
    red, _, _ = recorder.frames[1].getpixel((427, 100))
    assert red < 100


def test_run_video_rejects_unknown_quality(probe_root):
    with pytest.raises(ValueError, match="invalid quality 'x'"):
        run_video(ProbeVideo, StageObserver(), quality="x")


SCENE_FILE = '''
from padim_studio.scene import NarratedScene, VideoScene


class OnlyAct(NarratedScene):
    video = "probe_test"
    act_id = "first"


ACTS = (OnlyAct,)


class LoadedVideo(VideoScene):
    video = "probe_test"
    acts = ACTS
'''


def write_scene(root, text, video="probe_test"):
    (root / "scenes").mkdir(exist_ok=True)
    (root / "scenes" / f"{video}.py").write_text(text, encoding="utf-8")


def test_load_video_scene_finds_class(probe_root):
    write_scene(probe_root, SCENE_FILE)
    scene_class = load_video_scene("probe_test")
    assert scene_class.__name__ == "LoadedVideo"
    assert [act.act_id for act in scene_class.acts] == ["first"]


def test_load_video_scene_missing_file(probe_root):
    with pytest.raises(FileNotFoundError, match="scenes/absent.py not found"):
        load_video_scene("absent")


def test_load_video_scene_without_acts(probe_root):
    write_scene(probe_root, SCENE_FILE.replace("ACTS = (OnlyAct,)", "").replace("acts = ACTS", "acts = (OnlyAct,)"))
    with pytest.raises(ValueError, match="defines no ACTS tuple"):
        load_video_scene("probe_test")


def test_load_video_scene_two_classes(probe_root):
    write_scene(probe_root, SCENE_FILE + "\n\nclass OtherVideo(VideoScene):\n    video = 'probe_test'\n    acts = ACTS\n")
    with pytest.raises(ValueError, match="found: LoadedVideo, OtherVideo"):
        load_video_scene("probe_test")


def test_load_video_scene_prefers_acts_tuple(probe_root):
    write_scene(probe_root, SCENE_FILE + "\n\nclass PartVideo(VideoScene):\n    video = 'probe_test'\n    acts = ()\n")
    assert load_video_scene("probe_test").__name__ == "LoadedVideo"


def test_frame_rate_constant_matches_manim():
    from manim.constants import QUALITIES

    assert math.isclose(QUALITIES["low_quality"]["frame_rate"], FRAME_RATE)
