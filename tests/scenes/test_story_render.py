"""PaDiMStory renders: audio, durations, sections and captions, checked on real output."""

import json

import numpy as np
import pytest
import srt

from padim_studio.captions import check_srt_file
from padim_studio.narration.script import load_script

from render_support import ROOT, clip_seconds, decode_audio, level_dbfs, probe, render_scene, stream_durations, subtitle_text

pytestmark = pytest.mark.slow

SCRIPT = load_script(ROOT / "narration" / "story.md")
FRAME_S_AT_15_FPS = 1 / 15


@pytest.fixture(scope="module")
def act_render(tmp_path_factory):
    # Rendered only from the committed cache: a miss would fail instead of synthesizing.
    return render_scene(
        "scenes/story.py", "GaussianModeling", tmp_path_factory.mktemp("media"), environment={"PADIM_CACHE_ONLY": "1"}
    )


@pytest.fixture(scope="module")
def story_render(tmp_path_factory):
    return render_scene(
        "scenes/story.py",
        "PaDiMStory",
        tmp_path_factory.mktemp("media"),
        "--save_sections",
        environment={"PADIM_CACHE_ONLY": "1"},
    )


@pytest.fixture(scope="module")
def cached_act_render(act_render):
    """The same act rendered again into the same media folder: every animation comes from manim's cache."""
    media_dir = act_render.video.parents[3]
    return render_scene("scenes/story.py", "GaussianModeling", media_dir, environment={"PADIM_CACHE_ONLY": "1"})


def cue_timeline(render) -> list[dict]:
    return json.loads(render.video.with_suffix(".cues.json").read_text())["cues"]


def test_act_has_h264_video_and_aac_audio(act_render):
    codecs = {stream["codec_type"]: stream["codec_name"] for stream in probe(act_render.video)["streams"]}
    assert codecs == {"video": "h264", "audio": "aac"}


def test_act_duration_follows_its_narration(act_render):
    expected = clip_seconds(SCRIPT.act("gaussians").cues)
    assert abs(stream_durations(act_render.video)["video"] - expected) < 0.5


def test_act_streams_end_together(act_render):
    durations = stream_durations(act_render.video)
    assert abs(durations["video"] - durations["audio"]) <= 0.05


@pytest.mark.parametrize("which", ["fresh", "cached"])
def test_every_cue_is_heard(act_render, cached_act_render, which):
    render = act_render if which == "fresh" else cached_act_render
    samples = decode_audio(render.video)
    for cue in cue_timeline(render):
        level = level_dbfs(samples, 16000, cue["start_s"], cue["start_s"] + cue["duration_s"])
        assert level > -35, f"cue {cue['cue']} at {cue['start_s']:.2f} s is silent ({level:.1f} dBFS)"


def test_cached_rerender_matches_fresh(act_render, cached_act_render):
    fresh, cached = stream_durations(act_render.video), stream_durations(cached_act_render.video)
    assert abs(fresh["video"] - cached["video"]) <= FRAME_S_AT_15_FPS
    assert abs(cached["video"] - cached["audio"]) <= 0.05
    assert cue_timeline(act_render) == cue_timeline(cached_act_render)


def test_cues_never_overlap(act_render):
    cues = cue_timeline(act_render)
    for earlier, later in zip(cues, cues[1:]):
        assert later["start_s"] >= earlier["start_s"] + earlier["duration_s"] - 1e-6


def test_act_subtitles_are_the_written_narration(act_render):
    text = subtitle_text(act_render.subtitles)
    assert text == " ".join(cue.text for cue in SCRIPT.act("gaussians").cues)
    for forbidden in ("<", ">", "bookmark", "pah dim"):
        assert forbidden not in text


def test_act_subtitles_meet_caption_style(act_render):
    report = check_srt_file(act_render.subtitles)
    assert [str(violation) for violation in report.violations] == []


def test_story_length(story_render):
    duration = stream_durations(story_render.video)["video"]
    assert 180 <= duration <= 240


def test_story_one_section_per_act(story_render):
    sections = json.loads((story_render.video.parent / "sections" / "PaDiMStory.json").read_text())
    assert [section["name"] for section in sections] == [act.id for act in SCRIPT.acts]


def test_story_subtitles_cover_all_narration(story_render):
    assert subtitle_text(story_render.subtitles) == " ".join(cue.text for cue in SCRIPT.all_cues())


def test_story_captions_fully_compliant(story_render):
    report = check_srt_file(story_render.subtitles)
    assert report.event_count > 0
    assert [str(violation) for violation in report.violations] == []


def test_story_no_animation_runs_past_its_cue(story_render):
    cues = cue_timeline(story_render)
    for earlier, later in zip(cues, cues[1:]):
        if earlier["act"] != later["act"]:
            continue
        overrun = later["start_s"] - (earlier["start_s"] + earlier["duration_s"])
        assert overrun <= 1.0, f"cue {earlier['cue']} is held {overrun:.2f} s past its narration"


def longest_silence_s(samples, sample_rate: int, start_s: float, end_s: float, threshold_dbfs: float = -50) -> float:
    window = sample_rate // 100
    part = samples[int(start_s * sample_rate) : int(end_s * sample_rate)]
    count = len(part) // window
    levels = 20 * np.log10(np.sqrt(np.mean(part[: count * window].reshape(count, window) ** 2, axis=1)) + 1e-12)
    longest = run = 0
    for silent in levels < threshold_dbfs:
        run = run + 1 if silent else 0
        longest = max(longest, run)
    return longest / 100


def test_story_no_long_silence_inside_an_act(story_render):
    samples = decode_audio(story_render.video)
    cues = cue_timeline(story_render)
    for act in SCRIPT.acts:
        act_cues = [cue for cue in cues if cue["act"] == act.id]
        start_s = act_cues[0]["start_s"]
        end_s = act_cues[-1]["start_s"] + act_cues[-1]["duration_s"]
        silence = longest_silence_s(samples, 16000, start_s, end_s)
        assert silence <= 1.5, f"act {act.id} has {silence:.2f} s of silence"


def speech_share(samples, sample_rate: int, start_s: float, end_s: float, window_s: float = 0.1) -> float:
    """Share of 100 ms windows above -35 dBFS between two times."""
    window = int(sample_rate * window_s)
    part = samples[int(start_s * sample_rate) : int(end_s * sample_rate)]
    count = max(len(part) // window, 1)
    levels = 20 * np.log10(np.sqrt(np.mean(part[: count * window].reshape(count, -1) ** 2, axis=1)) + 1e-12)
    return float(np.mean(levels > -35))


def test_story_captions_follow_the_voice(story_render):
    samples = decode_audio(story_render.video)
    for event in srt.parse(story_render.subtitles.read_text(encoding="utf-8")):
        start_s, end_s = event.start.total_seconds(), event.end.total_seconds()
        text = " ".join(event.content.split())
        assert speech_share(samples, 16000, start_s, end_s) > 0.5, f"little speech under {text!r}"
        assert longest_silence_s(samples, 16000, start_s, end_s) <= 1.0, f"{text!r} is shown over a pause"


def test_story_sections_carry_their_audio(story_render):
    folder = story_render.video.parent / "sections"
    for section in json.loads((folder / "PaDiMStory.json").read_text()):
        durations = stream_durations(folder / section["video"])
        assert set(durations) == {"video", "audio"}, section["video"]
        assert abs(durations["video"] - durations["audio"]) <= 0.05


def test_story_streams_end_together(story_render):
    durations = stream_durations(story_render.video)
    assert abs(durations["video"] - durations["audio"]) <= 0.05


def test_story_duration_is_narration_plus_transitions(story_render):
    speech = clip_seconds(SCRIPT.all_cues())
    duration = stream_durations(story_render.video)["video"]
    # Each act ends with a fade of at most one second; a few beats add short fades between cues.
    assert speech <= duration <= speech + len(SCRIPT.acts) * 1.0 + 2.0


@pytest.mark.parametrize("flags", [["-s"], ["--format", "png"], ["--dry_run"]], ids=["last-frame", "png", "dry-run"])
def test_still_and_dry_run_modes_exit_cleanly(tmp_path, flags):
    result = render_scene("scenes/story.py", "Epilogue", tmp_path, *flags, environment={"PADIM_CACHE_ONLY": "1"})
    assert "Traceback" not in result.output
