"""The content-addressed clip cache: hits, atomic writes, pruning."""

from pathlib import Path

import pytest

from padim_studio.voice.cache import ClipCache, cache_key
from padim_studio.voice.service import Voice

from voice_support import FailingEngine, ToneEngine, make_cue


def snapshot(folder: Path) -> dict[str, float]:
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def test_cache_hit_makes_no_synthesis_call(tmp_path):
    engine = ToneEngine()
    voice = Voice(engine=engine, cache_dir=tmp_path)
    first = voice.clip(make_cue("Hello there, PaDiM."))
    second = voice.clip(make_cue("Hello there, PaDiM."))
    assert engine.calls == 1
    assert first == second


def test_cache_hit_writes_nothing(tmp_path):
    voice = Voice(engine=ToneEngine(), cache_dir=tmp_path)
    voice.clip(make_cue("Hello there."))
    before = snapshot(tmp_path)
    for _ in range(3):
        voice.clip(make_cue("Hello there."))
    assert snapshot(tmp_path) == before
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".json", ".wav"]


def test_key_covers_text_engine_and_settings():
    base = cache_key("piper", {"length_scale": 1.0}, ["hello"])
    assert cache_key("piper", {"length_scale": 1.0}, ["hello!"]) != base
    assert cache_key("gtts", {"length_scale": 1.0}, ["hello"]) != base
    assert cache_key("piper", {"length_scale": 1.1}, ["hello"]) != base
    assert cache_key("piper", {"length_scale": 1.0}, ["hello"]) == base


def test_subtitle_only_edit_reuses_clip(tmp_path):
    engine = ToneEngine()
    voice = Voice(engine=engine, cache_dir=tmp_path)
    voice.clip(make_cue("We use ResNet-18."))
    voice.clip(make_cue("We use ResNet18."))
    assert engine.calls == 1


def test_committed_cache_serves_without_engine(tmp_path):
    Voice(engine=ToneEngine(), cache_dir=tmp_path).clip(make_cue("Cached words."))
    clip = Voice(engine=FailingEngine(), cache_dir=tmp_path).clip(make_cue("Cached words."))
    assert clip.duration_s == pytest.approx(0.2)


def test_failed_synthesis_leaves_no_entry(tmp_path):
    voice = Voice(engine=FailingEngine(), cache_dir=tmp_path)
    with pytest.raises(AssertionError):
        voice.clip(make_cue("Never made."))
    assert list(tmp_path.iterdir()) == []


def test_interrupted_write_is_not_an_entry(tmp_path):
    cache = ClipCache(tmp_path)
    key = cache_key("tone", {}, ["x"])
    cache.wav_path(key).write_bytes(b"RIFF partial")
    assert cache.get(key) is None
    assert cache.keys() == set()


def test_remove_unused_keeps_used_entries(tmp_path):
    voice = Voice(engine=ToneEngine(), cache_dir=tmp_path)
    kept = voice.plan(make_cue("Keep me."))
    voice.clip(make_cue("Keep me."))
    voice.clip(make_cue("Drop me."))
    (tmp_path / ".partial-123.wav").write_bytes(b"")
    removed = voice.cache.remove_unused({kept.key})
    assert len(removed) == 3
    assert voice.cache.keys() == {kept.key}


def test_different_texts_get_their_own_audio(tmp_path):
    voice = Voice(engine=ToneEngine(), cache_dir=tmp_path)
    short = voice.clip(make_cue("One two."))
    long = voice.clip(make_cue("One two three four."))
    assert short.path != long.path
    assert short.duration_s == pytest.approx(0.2)
    assert long.duration_s == pytest.approx(0.4)
