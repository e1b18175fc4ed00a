"""The committed audio cache covers every cue of the current narration, with no orphans."""

from pathlib import Path

import pytest

from padim_studio.narration.script import load_script
from padim_studio.voice.piper_engine import PiperEngine
from padim_studio.voice.service import Voice

ROOT = Path(__file__).resolve().parents[2]
NARRATION_FILES = sorted((ROOT / "narration").glob("*.md"))


@pytest.fixture(scope="module")
def voice():
    return Voice(engine=PiperEngine(), cache_dir=ROOT / "audio_cache")


@pytest.mark.parametrize("path", NARRATION_FILES, ids=lambda path: path.stem)
def test_every_cue_has_a_committed_clip(voice, path):
    missing = [cue.id for cue in load_script(path).all_cues() if voice.cached_clip(cue) is None]
    assert missing == [], f"run 'padim-studio voice' and commit audio_cache/: no clip for {missing}"


def test_every_committed_clip_is_used(voice):
    used = {voice.plan(cue).key for path in NARRATION_FILES for cue in load_script(path).all_cues()}
    orphans = sorted(voice.cache.keys() - used)
    assert orphans == [], "run 'padim-studio voice' to remove clips no cue uses"


def test_committed_clips_are_aligned(voice):
    estimated = [
        f"{path.stem}/{cue.id}"
        for path in NARRATION_FILES
        for cue in load_script(path).all_cues()
        if (clip := voice.cached_clip(cue)) is not None and clip.timing != "aligned"
    ]
    assert estimated == []


@pytest.mark.parametrize("path", NARRATION_FILES, ids=lambda path: path.stem)
def test_narration_pace(voice, path):
    cues = load_script(path).all_cues()
    words = sum(cue.word_count for cue in cues)
    seconds = sum(voice.cached_clip(cue).duration_s for cue in cues)
    words_per_minute = 60 * words / seconds
    assert 135 <= words_per_minute <= 165
