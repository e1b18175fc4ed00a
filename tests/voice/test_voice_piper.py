"""The piper voice: word onsets from phoneme alignments, bookmarks on word onsets."""

from pathlib import Path

import numpy as np
import pytest

from padim_studio.narration.script import parse_script_text
from padim_studio.voice.piper_engine import PiperEngine, read_wav
from padim_studio.voice.service import Voice

FRAME_S = 1 / 60


@pytest.fixture(scope="module")
def engine():
    return PiperEngine()


@pytest.fixture
def voice(engine, tmp_path):
    return Voice(engine=engine, cache_dir=tmp_path / "cache")


def make_cue(text: str, cue_id: str = "c"):
    script = parse_script_text(f"## a: A\n### {cue_id}\n{text}\n", Path("test.md"))
    assert script.problems == ()
    return script.cue(cue_id)


def test_word_onsets_increase(voice):
    clip = voice.clip(make_cue("PaDiM never cuts the image apart. The whole image passes once through a frozen network."))
    onsets = [word.start_s for word in clip.words]
    assert all(later > earlier for earlier, later in zip(onsets, onsets[1:]))
    assert all(word.end_s > word.start_s for word in clip.words)
    assert clip.timing == "aligned"


def test_words_are_written_forms(voice):
    clip = voice.clip(make_cue("On MVTec AD, PaDiM scores 0.962."))
    assert [word.text for word in clip.words] == ["On", "MVTec AD,", "PaDiM", "scores", "0.962."]


def test_duration_equals_decoded_samples(voice):
    clip = voice.clip(make_cue("A short sentence for timing."))
    samples, rate = read_wav(clip.path)
    assert abs(clip.duration_s - len(samples) / rate) < 0.03


def test_bookmark_resolves_to_word_onset(voice):
    clip = voice.clip(make_cue('PaDiM never cuts the image apart. <bookmark mark="cnn"/>The whole image passes.'))
    the = clip.words[6]
    assert the.text == "The"
    assert abs(clip.marks["cnn"] - the.start_s) < FRAME_S


def test_marks_at_start_and_end_of_speech(voice):
    text = (
        "<bookmark mark='s'/>Take triangle ABC, where <bookmark mark=\"a\" />point O is "
        "<bookmark mark = 'b'/>the incenter.<bookmark mark='e'/>"
    )
    clip = voice.clip(make_cue(text))
    assert clip.marks["s"] == clip.words[0].start_s
    assert clip.marks["e"] == clip.words[-1].end_s
    assert clip.marks["a"] == clip.words[4].start_s
    assert clip.marks["s"] < clip.marks["a"] < clip.marks["b"] < clip.marks["e"]


def test_words_joined_in_context_still_aligned(voice):
    # espeak joins "this one" and "with the" into single phoneme words.
    clip = voice.clip(make_cue("At test time, a new image arrives, and this one has a defect, with the mask."))
    assert clip.timing == "aligned"
    onsets = [word.start_s for word in clip.words]
    assert all(later > earlier for earlier, later in zip(onsets, onsets[1:]))


def test_voice_input_has_no_markup(engine, tmp_path):
    received = []

    class Recording(PiperEngine):
        def synthesize(self, spoken_tokens, wav_path, cue_id="?"):
            received.append(" ".join(spoken_tokens))
            return super().synthesize(spoken_tokens, wav_path, cue_id)

    voice = Voice(engine=Recording(), cache_dir=tmp_path)
    voice.clip(make_cue("Take <bookmark mark='a'/>triangle ABC, where <bookmark mark=\"b\" />point O is."))
    assert received == ["Take triangle ABC, where point O is."]
    for forbidden in ("<", ">", "bookmark", "mark="):
        assert forbidden not in received[0]


def pause_lengths_s(samples: np.ndarray, rate: int, start_s: float, end_s: float) -> list[float]:
    """Silent runs (below -50 dBFS in 10 ms windows) between two times."""
    window = rate // 100
    part = samples[int(start_s * rate) : int(end_s * rate)]
    count = len(part) // window
    rms = np.sqrt(np.mean(part[: count * window].reshape(count, window) ** 2, axis=1)) + 1e-12
    silent = 20 * np.log10(rms) < -50
    runs, length = [], 0
    for flag in silent:
        if flag:
            length += 1
        elif length:
            runs.append(length / 100)
            length = 0
    return runs


def test_no_long_pause_inside_long_clause(voice):
    clause = (
        "the feature vectors of every patch position in the training images are collected and modelled "
        "by one multivariate gaussian whose mean and covariance summarize what normal looks like there"
    )
    assert len(clause) > 160
    clip = voice.clip(make_cue(clause))
    samples, rate = read_wav(clip.path)
    pauses = pause_lengths_s(samples, rate, clip.speech_start_s, clip.speech_end_s)
    assert max(pauses, default=0.0) <= 0.2


def test_no_long_pause_inside_number(voice):
    clip = voice.clip(make_cue("The image-level AUROC rose from 0.962 to 0.987 today."))
    number = next(word for word in clip.words if word.text == "0.962")
    samples, rate = read_wav(clip.path)
    assert max(pause_lengths_s(samples, rate, number.start_s, number.end_s), default=0.0) <= 0.25


def test_abbreviation_and_decimal_make_one_sentence(engine):
    spoken = "Doctor Smith reported 3 point 1 4 points on example.com today."
    assert len(engine.voice.phonemize(spoken)) == 1


def test_clip_starts_and_ends_without_a_click(voice):
    clip = voice.clip(make_cue("A short line. And a second sentence."))
    samples, _ = read_wav(clip.path)
    assert abs(samples[0]) < 1e-3
    assert abs(samples[-1]) < 1e-3
