"""Act fingerprints: which edits invalidate which act."""

import shutil
import wave

import pytest

from padim_studio.narration.script import load_script
from padim_studio.render.fingerprint import (
    Fingerprint,
    act_fingerprint,
    clips_digest,
    narration_digest,
    package_digest,
    read_stamp,
    write_stamp,
)
from padim_studio.voice.lexicon import Lexicon
from padim_studio.voice.service import Voice

from render_support import ROOT

NARRATION = """# Test video

## first: First act

### opening
The first act opens <bookmark mark="here"/>here.

### closing
And it closes.

## second: Second act

### only
The second act has one cue.
"""


class SilentEngine:
    """A stand-in voice that writes a short silence and spreads the words evenly."""

    name = "silent"
    settings = {"voice": "none"}

    def synthesize(self, spoken, path, cue_id=None):
        from padim_studio.voice.piper_engine import TokenTimings

        with wave.open(str(path), "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(22050)
            writer.writeframes(b"\0\0" * 2205)
        onsets = tuple(0.1 * index / max(len(spoken), 1) for index in range(len(spoken)))
        return TokenTimings(onsets_s=onsets, ends_s=tuple(onset + 0.01 for onset in onsets), duration_s=0.1, timing="aligned")


@pytest.fixture
def narration_file(tmp_path):
    path = tmp_path / "test.md"
    path.write_text(NARRATION, encoding="utf-8")
    return path


@pytest.fixture
def voice(tmp_path):
    return Voice(engine=SilentEngine(), cache_dir=tmp_path / "cache", lexicon=Lexicon({}))


def edit(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_narration_edit_changes_only_its_act(narration_file):
    before = load_script(narration_file)
    edit(narration_file, "And it closes.", "And then it closes.")
    after = load_script(narration_file)
    assert narration_digest(before.act("first")) != narration_digest(after.act("first"))
    assert narration_digest(before.act("second")) == narration_digest(after.act("second"))


def test_moving_a_bookmark_changes_the_narration(narration_file):
    before = narration_digest(load_script(narration_file).act("first"))
    edit(narration_file, 'opens <bookmark mark="here"/>here.', '<bookmark mark="here"/>opens here.')
    assert narration_digest(load_script(narration_file).act("first")) != before


def test_chapter_title_changes_the_narration(narration_file):
    before = narration_digest(load_script(narration_file).act("second"))
    edit(narration_file, "## second: Second act", "## second: The second act")
    assert narration_digest(load_script(narration_file).act("second")) != before


def test_missing_clip_is_reported(narration_file, voice):
    act = load_script(narration_file).act("first")
    with pytest.raises(FileNotFoundError, match="opening"):
        clips_digest(act, voice)


def test_clip_edit_changes_only_its_act(narration_file, voice):
    script = load_script(narration_file)
    for cue in script.all_cues():
        voice.clip(cue)
    first, second = clips_digest(script.act("first"), voice), clips_digest(script.act("second"), voice)
    edit(narration_file, "And it closes.", "And then it closes.")
    edited = load_script(narration_file)
    voice.clip(edited.cue("closing"))
    assert clips_digest(edited.act("first"), voice) != first
    assert clips_digest(edited.act("second"), voice) == second


def test_clip_bytes_count(narration_file, voice):
    act = load_script(narration_file).act("second")
    voice.clip(act.cues[0])
    before = clips_digest(act, voice)
    entry = voice.cache.get(voice.plan(act.cues[0]).key)
    with wave.open(str(entry.wav_path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(22050)
        writer.writeframes(b"\1\0" * 2205)
    assert clips_digest(act, voice) != before


@pytest.fixture
def package_copy(tmp_path):
    copy = tmp_path / "padim_studio"
    shutil.copytree(ROOT / "padim_studio", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_package_edit_changes_digest(package_copy):
    before = package_digest(package_copy)
    (package_copy / "scene.py").write_text((package_copy / "scene.py").read_text() + "\n# edited\n")
    assert package_digest(package_copy) != before


def test_publish_edit_keeps_digest(package_copy):
    before = package_digest(package_copy)
    (package_copy / "publish" / "__init__.py").write_text("# edited\n")
    assert package_digest(package_copy) == before


def test_changed_inputs_names_each_difference():
    old = Fingerprint({"narration": "a", "clips": "b", "lexicon": "c"})
    new = Fingerprint({"narration": "a", "clips": "x", "lexicon": "y"})
    assert new.changed_inputs(old) == ["clips", "lexicon"]
    assert new.changed_inputs(new) == []


def test_act_fingerprint_combines_shared_and_own(narration_file, voice):
    act = load_script(narration_file).act("second")
    voice.clip(act.cues[0])
    fingerprint = act_fingerprint({"scene file": "s", "lexicon": "l"}, act, voice, "Video_Second")
    assert set(fingerprint.digests) == {"scene file", "lexicon", "narration", "clips", "scene name"}


def test_stamp_round_trip(tmp_path):
    fingerprint = Fingerprint({"narration": "a", "clips": "b"})
    write_stamp(tmp_path / "act" / "fingerprint.json", fingerprint)
    assert read_stamp(tmp_path / "act" / "fingerprint.json") == fingerprint


@pytest.mark.parametrize("content", [None, "", "{", "[]", '{"other": 1}'])
def test_unreadable_stamp_is_none(tmp_path, content):
    path = tmp_path / "fingerprint.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert read_stamp(path) is None
