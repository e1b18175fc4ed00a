"""``padim-studio render`` on a two-act video, checked against the single-process render of the same acts.

The test video is PaDiMStory cut to its last two acts. It lives in a
throwaway repository root with its own copy of the narration and of those
acts' clips, so the test can edit the narration and synthesize a clip
without touching the repository.
"""

import json
import os
import shutil
import subprocess
import sys
import wave

import numpy as np
import pytest
import srt

from padim_studio.narration.script import load_script
from padim_studio.voice.piper_engine import PiperEngine
from padim_studio.voice.service import Voice

from render_support import ROOT, probe

pytestmark = pytest.mark.slow

ACT_IDS = ("pipeline", "epilogue")
FRAME_S = 1 / 15
TWO_ACT_SCENE = '''
import sys

sys.path.insert(0, {scenes!r})

from story import CompletePipeline, Epilogue
from padim_studio.scene import VideoScene


class PaDiMStory(VideoScene):
    video = "story"
    acts = (CompletePipeline, Epilogue)
'''
EDITED_TEXT = ("Thanks\nfor watching.", "Thanks a lot\nfor watching.")


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    """A repository root whose story video has two acts, and the environment that points at it."""
    root = tmp_path_factory.mktemp("studio")
    (root / "scenes").mkdir()
    (root / "scenes" / "story.py").write_text(TWO_ACT_SCENE.format(scenes=str(ROOT / "scenes")), encoding="utf-8")
    shutil.copytree(ROOT / "narration", root / "narration")
    shutil.copy(ROOT / "manim.cfg", root / "manim.cfg")
    voice = Voice(engine=PiperEngine(), cache_dir=ROOT / "audio_cache")
    cache = root / "audio_cache"
    cache.mkdir()
    script = load_script(ROOT / "narration" / "story.md")
    for act_id in ACT_IDS:
        for cue in script.act(act_id).cues:
            key = voice.plan(cue).key
            shutil.copy(voice.cache.wav_path(key), cache)
            shutil.copy(voice.cache.json_path(key), cache)
    environment = {
        "PADIM_STUDIO_ROOT": str(root),
        "PADIM_AUDIO_CACHE": str(cache),
        "PADIM_STUDIO_CACHE": str(ROOT / "media" / "cache" / "padim"),
        "PADIM_VOICE": "piper",
    }
    return root, environment


def run(command, root, environment):
    """Run ``command`` in ``root`` with ``environment`` added (and PADIM_CACHE_ONLY only if given); return its stdout."""
    inherited = {name: value for name, value in os.environ.items() if name != "PADIM_CACHE_ONLY"}
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env={**inherited, **environment}, timeout=1800)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result.stdout


def render_command(media_dir):
    return [sys.executable, "-m", "padim_studio.cli", "render", "story", "--quality", "l", "--jobs", "2", "--media-dir", str(media_dir)]


@pytest.fixture(scope="module")
def single(studio):
    """The folder of the single-process render of the two-act video."""
    root, environment = studio
    media = root / "single"
    command = [sys.executable, "-m", "manim", "render", "-ql", "--save_sections", "--silent", "--media_dir", str(media), "scenes/story.py", "PaDiMStory"]
    run(command, root, {**environment, "PADIM_CACHE_ONLY": "1"})
    return media / "videos" / "story" / "480p15"


@pytest.fixture(scope="module")
def cold(studio, tmp_path_factory):
    """The output of the first ``render`` and a snapshot of its joined folder."""
    root, environment = studio
    stdout = run(render_command(root / "media"), root, environment)
    snapshot = tmp_path_factory.mktemp("joined") / "480p15"
    shutil.copytree(root / "media" / "videos" / "story" / "480p15", snapshot)
    return stdout, snapshot


@pytest.fixture(scope="module")
def unchanged(studio, cold):
    """The output of a second ``render`` with nothing changed, and the movie's modification time before it."""
    root, environment = studio
    movie = root / "media" / "videos" / "story" / "480p15" / "PaDiMStory.mp4"
    before = movie.stat().st_mtime_ns
    return run(render_command(root / "media"), root, environment), before, movie.stat().st_mtime_ns


@pytest.fixture(scope="module")
def edited(studio, unchanged):
    """The output of ``render`` after editing the last cue of the last act."""
    root, environment = studio
    narration = root / "narration" / "story.md"
    text = narration.read_text(encoding="utf-8")
    assert EDITED_TEXT[0] in text
    narration.write_text(text.replace(*EDITED_TEXT), encoding="utf-8")
    return run(render_command(root / "media"), root, environment), root / "media" / "videos" / "story" / "480p15"


def video_stream(path):
    return next(stream for stream in probe(path)["streams"] if stream["codec_type"] == "video")


def stream_durations(path):
    return {stream["codec_type"]: float(stream["duration"]) for stream in probe(path)["streams"]}


def subtitles(folder):
    return list(srt.parse((folder / "PaDiMStory.srt").read_text(encoding="utf-8")))


def cues(folder):
    return json.loads((folder / "PaDiMStory.cues.json").read_text(encoding="utf-8"))["cues"]


def sections(folder):
    return json.loads((folder / "sections" / "PaDiMStory.json").read_text(encoding="utf-8"))


def act_lines(stdout):
    """Return (act id, status) of each progress line, sorted, so a repeated line shows."""
    words = [line.split() for line in stdout.splitlines()]
    return sorted((line[0], line[1]) for line in words if line and line[0] in ACT_IDS)


def test_progress_has_one_line_per_act(cold):
    stdout, _ = cold
    assert act_lines(stdout) == [("epilogue", "rendered"), ("pipeline", "rendered")]
    assert "pictures copied without re-encoding" in stdout


def test_frame_count_matches_single_render(cold, single):
    _, joined = cold
    joined_frames = int(video_stream(joined / "PaDiMStory.mp4")["nb_frames"])
    single_frames = int(video_stream(single / "PaDiMStory.mp4")["nb_frames"])
    assert abs(joined_frames - single_frames) <= len(ACT_IDS)


def test_duration_matches_single_render(cold, single):
    _, joined = cold
    joined_s = stream_durations(joined / "PaDiMStory.mp4")["video"]
    single_s = stream_durations(single / "PaDiMStory.mp4")["video"]
    assert abs(joined_s - single_s) <= len(ACT_IDS) * FRAME_S


def test_streams_end_together(cold):
    _, joined = cold
    durations = stream_durations(joined / "PaDiMStory.mp4")
    assert abs(durations["video"] - durations["audio"]) <= 0.05


def test_cue_starts_match_single_render(cold, single):
    _, joined = cold
    joined_cues, single_cues = cues(joined), cues(single)
    assert [(cue["act"], cue["cue"]) for cue in joined_cues] == [(cue["act"], cue["cue"]) for cue in single_cues]
    for joined_cue, single_cue in zip(joined_cues, single_cues):
        assert abs(joined_cue["start_s"] - single_cue["start_s"]) <= FRAME_S + 1e-6, joined_cue["cue"]


def test_subtitles_match_single_render(cold, single):
    _, joined = cold
    joined_events, single_events = subtitles(joined), subtitles(single)
    assert [event.content for event in joined_events] == [event.content for event in single_events]
    for joined_event, single_event in zip(joined_events, single_events):
        assert abs((joined_event.start - single_event.start).total_seconds()) <= FRAME_S, joined_event.content
        assert abs((joined_event.end - single_event.end).total_seconds()) <= FRAME_S, joined_event.content


def test_sections_match_single_render(cold, single):
    _, joined = cold
    joined_sections, single_sections = sections(joined), sections(single)
    assert [section["name"] for section in joined_sections] == list(ACT_IDS)
    assert [section["video"] for section in joined_sections] == [section["video"] for section in single_sections]
    for joined_section, single_section in zip(joined_sections, single_sections):
        assert abs(int(joined_section["nb_frames"]) - int(single_section["nb_frames"])) <= 1


def test_layout_matches_single_render(cold, single):
    _, joined = cold
    assert {path.name for path in joined.iterdir()} == {path.name for path in single.iterdir()} - {"partial_movie_files"}
    assert {path.name for path in (joined / "sections").iterdir()} == {path.name for path in (single / "sections").iterdir()}


def read_wav(path):
    with wave.open(str(path), "rb") as reader:
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2").astype(np.float64) / 32768
        return samples, reader.getframerate()


def test_soundtrack_matches_single_render(cold, single):
    """Each cue's samples equal the single-process render's, placed within a millisecond of them.

    Manim places each clip on the whole millisecond below its start time,
    so an act's clips may sit up to 1 ms apart when counted from the act's
    start rather than from the start of the video.
    """
    _, joined = cold
    joined_samples, rate = read_wav(joined / "PaDiMStory.wav")
    single_samples, single_rate = read_wav(single / "PaDiMStory.wav")
    assert rate == single_rate
    assert abs(len(joined_samples) - len(single_samples)) <= rate * len(ACT_IDS) * FRAME_S
    max_lag = rate // 1000 + 1
    for cue in cues(joined):
        first = int(cue["start_s"] * rate) + max_lag
        stop = first + int(cue["duration_s"] * rate) - 2 * max_lag
        reference = joined_samples[first:stop]
        errors = {lag: np.max(np.abs(reference - single_samples[first + lag : stop + lag])) for lag in range(-max_lag, max_lag + 1)}
        lag = min(errors, key=errors.get)
        assert errors[lag] <= 1e-3, f"cue {cue['cue']} differs by {errors[lag]:.4f} at its best lag of {lag} samples"


def test_unchanged_render_starts_no_manim(unchanged):
    stdout, before, after = unchanged
    assert act_lines(stdout) == [("epilogue", "cached"), ("pipeline", "cached")]
    assert "up to date" in stdout
    assert after == before


def test_edit_synthesizes_one_cue_and_renders_one_act(edited):
    stdout, _ = edited
    synthesized = [line.split(" (")[0] for line in stdout.splitlines() if line.startswith("synthesized ")]
    assert synthesized == ["synthesized epilogue/next"]
    assert act_lines(stdout) == [("epilogue", "rendered"), ("pipeline", "cached")]


def test_edit_reaches_the_subtitles(edited, cold):
    _, folder = edited
    _, before = cold
    text = " ".join(event.content.replace("\n", " ") for event in subtitles(folder))
    assert "Thanks a lot for watching." in text
    unchanged_count = sum(1 for cue in cues(before) if cue["act"] == "pipeline")
    assert cues(folder)[:unchanged_count] == cues(before)[:unchanged_count]
