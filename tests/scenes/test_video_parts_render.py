"""PaDiMTechnicalDeepDive and PaDiMQuickDemo renders: each part alone and the whole video, checked on real output."""

import json
from dataclasses import dataclass

import pytest

from padim_studio.captions import check_srt_file
from padim_studio.narration.check import read_scene_file
from padim_studio.narration.script import Script, load_script

from render_support import ROOT, clip_seconds, probe, render_scene, stream_durations, subtitle_text

pytestmark = pytest.mark.slow

CACHE_ONLY = {"PADIM_CACHE_ONLY": "1"}


@dataclass(frozen=True)
class VideoCase:
    """A video under test: its scene file, whole-video class, parts and allowed length."""

    name: str
    video_class: str
    # Each part's scene class and the act id it speaks, in playing order.
    parts: dict[str, str]
    length_range_s: tuple[float, float]

    @property
    def scene_file(self) -> str:
        return f"scenes/{self.name}.py"

    @property
    def script(self) -> Script:
        return load_script(ROOT / "narration" / f"{self.name}.md")


CASES = {
    "deep_dive": VideoCase(
        "deep_dive",
        "PaDiMTechnicalDeepDive",
        {"GaussianTheory": "gaussian_theory", "FeatureSelection": "feature_selection", "ComputationalEfficiency": "efficiency"},
        (120.0, 180.0),
    ),
    "quick_demo": VideoCase(
        "quick_demo",
        "PaDiMQuickDemo",
        {"LearnNormal": "learn", "FindDefect": "detect", "ScoreImage": "verdict"},
        (50.0, 70.0),
    ),
}
PART_IDS = [(video, part) for video, case in CASES.items() for part in case.parts]


@pytest.fixture(scope="module", params=PART_IDS, ids=[f"{video}-{part}" for video, part in PART_IDS])
def part_render(request, tmp_path_factory):
    video, part = request.param
    case = CASES[video]
    # Rendered only from the committed cache: a miss would fail instead of synthesizing.
    render = render_scene(case.scene_file, part, tmp_path_factory.mktemp("media"), environment=CACHE_ONLY)
    return case.script.act(case.parts[part]), render


@pytest.fixture(scope="module", params=list(CASES))
def video_render(request, tmp_path_factory):
    case = CASES[request.param]
    render = render_scene(case.scene_file, case.video_class, tmp_path_factory.mktemp("media"), "--save_sections", environment=CACHE_ONLY)
    return case, render


@pytest.mark.parametrize("video", list(CASES))
def test_parts_match_scene_acts(video):
    case = CASES[video]
    use = read_scene_file(ROOT / case.scene_file)
    assert {name: act for name, act in use.act_of_class.items() if name in case.parts} == case.parts
    assert use.act_order[0] == list(case.parts.values())
    assert [act.id for act in case.script.acts] == list(case.parts.values())


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
    case, render = video_render
    duration = stream_durations(render.video)["video"]
    low, high = case.length_range_s
    assert low <= duration <= high


def test_video_one_section_per_part(video_render):
    case, render = video_render
    sections = json.loads((render.video.parent / "sections" / f"{case.video_class}.json").read_text())
    assert [section["name"] for section in sections] == list(case.parts.values())


def test_video_subtitles_cover_all_narration(video_render):
    case, render = video_render
    assert subtitle_text(render.subtitles) == " ".join(cue.text for cue in case.script.all_cues())


def test_video_captions_fully_compliant(video_render):
    _, render = video_render
    report = check_srt_file(render.subtitles)
    assert report.event_count > 0
    assert [str(violation) for violation in report.violations] == []


def test_video_streams_end_together(video_render):
    _, render = video_render
    durations = stream_durations(render.video)
    assert abs(durations["video"] - durations["audio"]) <= 0.05


def test_video_duration_is_narration_plus_transitions(video_render):
    case, render = video_render
    speech = clip_seconds(case.script.all_cues())
    duration = stream_durations(render.video)["video"]
    # Each part ends with a fade of at most one second, and frame rounding of the waits adds the rest.
    assert speech <= duration <= speech + len(case.script.acts) * 1.0 + 1.0


@pytest.mark.parametrize("video", list(CASES))
@pytest.mark.parametrize("flags", [["-s"], ["--format", "png"], ["--dry_run"]], ids=["last-frame", "png", "dry-run"])
def test_still_and_dry_run_modes_exit_cleanly(tmp_path, video, flags):
    case = CASES[video]
    last_part = list(case.parts)[-1]
    result = render_scene(case.scene_file, last_part, tmp_path, *flags, environment=CACHE_ONLY)
    assert "Traceback" not in result.output
