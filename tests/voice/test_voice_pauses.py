"""Pause limiting and edge fades on synthetic audio."""

import numpy as np

from padim_studio.voice.pauses import fade_edges, limit_pauses, silent_runs

RATE = 1000


def tone(seconds: float) -> np.ndarray:
    return 0.5 * np.sin(np.arange(int(seconds * RATE)) * 0.9).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def speech_with_gap(gap_s: float) -> np.ndarray:
    return np.concatenate([tone(0.5), silence(gap_s), tone(0.5)])


def test_silent_runs_found():
    runs = silent_runs(speech_with_gap(0.4), RATE)
    assert runs == [(500, 900)]


def test_unpunctuated_long_pause_is_cut():
    audio, onsets, ends = limit_pauses(speech_with_gap(0.4), RATE, [0, 900], [500, 1400], ["held", "word"], 0.2)
    assert len(audio) == 1180
    assert onsets == [0, 680]
    assert ends == [500, 1180]
    assert max(end - start for start, end in silent_runs(audio, RATE)) <= 200


def test_pause_after_punctuation_is_kept():
    audio, onsets, _ = limit_pauses(speech_with_gap(0.4), RATE, [0, 900], [500, 1400], ["apart.", "The"], 0.2)
    assert len(audio) == 1400
    assert onsets == [0, 900]


def test_short_pause_untouched():
    original = speech_with_gap(0.15)
    audio, _, _ = limit_pauses(original, RATE, [0, 650], [500, 1150], ["a", "b"], 0.2)
    assert np.array_equal(audio, original)


def test_fade_edges_start_and_end_at_zero():
    faded = fade_edges(np.ones(1000, dtype=np.float32), RATE, fade_s=0.01)
    assert faded[0] == 0.0
    assert faded[-1] == 0.0
    assert faded[500] == 1.0
