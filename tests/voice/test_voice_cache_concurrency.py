"""Several processes sharing one clip cache: no corruption, no repeated work."""

import multiprocessing
import wave
from pathlib import Path

from padim_studio.voice.service import Voice

from voice_support import TOKEN_SAMPLES, FailingEngine, ToneEngine, make_cue

TEXTS = [" ".join(["word"] * count) + "." for count in range(1, 9)]


def synthesize_all(cache_dir: str, texts: list[str]) -> None:
    voice = Voice(engine=ToneEngine(), cache_dir=Path(cache_dir))
    for text in texts:
        voice.clip(make_cue(text))


def test_parallel_processes_share_one_cache(tmp_path):
    context = multiprocessing.get_context("fork")
    # Eight processes: each text is requested by two of them at the same time.
    batches = [TEXTS[index::4] for index in range(4)] * 2
    processes = [context.Process(target=synthesize_all, args=(str(tmp_path), batch)) for batch in batches]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0] * len(processes)

    voice = Voice(engine=ToneEngine(), cache_dir=tmp_path)
    for text in TEXTS:
        clip = voice.cached_clip(make_cue(text))
        assert clip is not None, text
        with wave.open(str(clip.path)) as handle:
            assert handle.getnframes() == len(text.split()) * TOKEN_SAMPLES
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".partial-")]


def test_second_pass_synthesizes_nothing(tmp_path):
    synthesize_all(str(tmp_path), TEXTS)
    before = {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()}

    voice = Voice(engine=FailingEngine(), cache_dir=tmp_path)
    for text in TEXTS:
        voice.clip(make_cue(text))
    assert {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()} == before
