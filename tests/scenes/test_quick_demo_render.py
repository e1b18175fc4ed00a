"""PaDiMQuickDemo renders: each part alone and the whole video, checked on real output."""

import json

import pytest

from padim_studio.captions import check_srt_file
from padim_studio.narration.check import read_scene_file
from padim_studio.narration.script import load_script

from render_support import ROOT, clip_seconds, probe, render_scene, stream_durations, subtitle_text

pytestmark = pytest.mark.slow

SCENE_FILE = "scenes/quick_demo.py"
VIDEO_CLASS = "PaDiMQuickDemo"
SCRIPT = load_script(ROOT / "narration" / "quick_demo.md")
# Each part's scene class and the act id it speaks, in playing order.
PARTS = {"LearnNormal": "learn", "FindDefect": "detect", "ScoreImage": "verdict"}
LENGTH_RANGE_S = (50.0, 70.0)
CACHE_ONLY = {"PADIM_CACHE_ONLY": "1"}


@pytest.fixture(scope="module", params=list(PARTS))
def part_render(request, tmp_path_factory):
    # Rendered only from the committed cache: a miss would fail instead of synthesizing.
    render = render_scene(SCENE_FILE, request.param, tmp_path_factory.mktemp("media"), environment=CACHE_ONLY)
    return SCRIPT.act(PARTS[request.param]), render


@pytest.fixture(scope="module")
def video_render(tmp_path_factory):
    return render_scene(SCENE_FILE, VIDEO_CLASS, tmp_path_factory.mktemp("media"), "--save_sections", environment=CACHE_ONLY)


def test_parts_match_scene_acts():
    use = read_scene_file(ROOT / SCENE_FILE)
    assert {name: act for name, act in use.act_of_class.items() if name in PARTS} == PARTS
    assert use.act_order[0] == list(PARTS.values())
    assert [act.id for act in SCRIPT.acts] == list(PARTS.values())


def test_part_has_h264_video_and_aac_audio(part_render):
    _, render = part_render
    codecs = {stream["codec_type"]: stream["codec_name"] for stream in probe(render.video)["streams"]}
    assert codecs == {"video": "h264", "audio": "aac"}


def test_part_duration_follows_its_narration(part_render):
    act, render = part_render
    expected = clip_seconds(act.cues)
    assert abs(stream_durations(render.video)["video"] - expected) < 0.5


def test_part_streams_end_together(part_render):
    _, render = part_render
    durations = stream_durations(render.video)
    assert abs(durations["video"] - durations["audio"]) <= 0.05


def test_part_subtitles_are_the_written_narration(part_render):
    act, render = part_render
    text = subtitle_text(render.subtitles)
    assert text == " ".join(cue.text for cue in act.cues)
    for forbidden in ("<", ">", "bookmark", "pah dim"):
        assert forbidden not in text


def test_part_subtitles_meet_caption_style(part_render):
    _, render = part_render
    report = check_srt_file(render.subtitles)
    assert report.event_count > 0
    assert [str(violation) for violation in report.violations] == []


def test_video_length(video_render):
    duration = stream_durations(video_render.video)["video"]
    low, high = LENGTH_RANGE_S
    assert low <= duration <= high


def test_video_one_section_per_part(video_render):
    sections = json.loads((video_render.video.parent / "sections" / f"{VIDEO_CLASS}.json").read_text())
    assert [section["name"] for section in sections] == list(PARTS.values())


def test_video_subtitles_cover_all_narration(video_render):
    assert subtitle_text(video_render.subtitles) == " ".join(cue.text for cue in SCRIPT.all_cues())


def test_video_captions_fully_compliant(video_render):
    report = check_srt_file(video_render.subtitles)
    assert report.event_count > 0
    assert [str(violation) for violation in report.violations] == []


def test_video_streams_end_together(video_render):
    durations = stream_durations(video_render.video)
    assert abs(durations["video"] - durations["audio"]) <= 0.05


def test_video_duration_is_narration_plus_transitions(video_render):
    speech = clip_seconds(SCRIPT.all_cues())
    duration = stream_durations(video_render.video)["video"]
    # Each part ends with a fade of at most one second, and frame rounding of the waits adds the rest.
    assert speech <= duration <= speech + len(SCRIPT.acts) * 1.0 + 1.0


@pytest.mark.parametrize("flags", [["-s"], ["--format", "png"], ["--dry_run"]], ids=["last-frame", "png", "dry-run"])
def test_still_and_dry_run_modes_exit_cleanly(tmp_path, flags):
    result = render_scene(SCENE_FILE, "ScoreImage", tmp_path, *flags, environment=CACHE_ONLY)
    assert "Traceback" not in result.output
