"""Several processes sharing one clip cache: no corruption, no repeated work."""

import multiprocessing
import wave
from pathlib import Path

import numpy as np

from padim_studio.narration.script import parse_script_text
from padim_studio.voice.piper_engine import TokenTimings, write_wav
from padim_studio.voice.service import Voice

TEXTS = [" ".join(["word"] * count) + "." for count in range(1, 9)]


class ToneEngine:
    """Writes one 0.1 s tone per token, so a clip's length tells which text it holds."""

    name = "tone"
    settings = {"tone": 1}

    def synthesize(self, spoken_tokens, wav_path, cue_id="?"):
        count = len(spoken_tokens)
        write_wav(Path(wav_path), 0.1 * np.sin(np.arange(count * 2205) / 4.0), 22050)
        return TokenTimings(
            onsets_s=tuple(0.1 * index for index in range(count)),
            ends_s=tuple(0.1 * index + 0.09 for index in range(count)),
            duration_s=count * 0.1,
            timing="aligned",
        )


def make_cue(text):
    return parse_script_text(f"## a: A\n### c\n{text}\n", Path("t.md")).cue("c")


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
            assert handle.getnframes() == len(text.split()) * 2205
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".partial-")]


def test_second_pass_synthesizes_nothing(tmp_path):
    synthesize_all(str(tmp_path), TEXTS)
    before = {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()}

    class Refusing(ToneEngine):
        def synthesize(self, spoken_tokens, wav_path, cue_id="?"):
            raise AssertionError("a cached clip was synthesized again")

    voice = Voice(engine=Refusing(), cache_dir=tmp_path)
    for text in TEXTS:
        voice.clip(make_cue(text))
    assert {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()} == before
