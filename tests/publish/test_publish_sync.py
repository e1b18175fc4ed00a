"""Tests of the audio offset measured by cross-correlation."""

import numpy as np
import pytest

from padim_studio.publish import PublishError
from padim_studio.publish.sync import SAMPLE_RATE_HZ, measure_offset_s

AAC_PRIMING_SAMPLES = 1024


@pytest.fixture(scope="module")
def speech():
    """Four seconds of noise bursts that start and stop like words."""
    generator = np.random.default_rng(7)
    signal = generator.normal(0.0, 0.1, 4 * SAMPLE_RATE_HZ)
    gate = (np.sin(2 * np.pi * 2.3 * np.arange(signal.size) / SAMPLE_RATE_HZ) > 0.2).astype(float)
    return signal * gate


def delayed(signal: np.ndarray, samples: int) -> np.ndarray:
    if samples >= 0:
        return np.concatenate([np.zeros(samples), signal])[: signal.size]
    return np.concatenate([signal[-samples:], np.zeros(-samples)])


def test_identical_signals_have_no_offset(speech):
    assert measure_offset_s(speech, speech) == 0.0


def test_priming_delay_detected(speech):
    offset_s = measure_offset_s(speech, delayed(speech, AAC_PRIMING_SAMPLES))

    assert offset_s == pytest.approx(AAC_PRIMING_SAMPLES / SAMPLE_RATE_HZ), f"offset {offset_s * 1000:.3f} ms"


def test_leading_candidate_is_negative(speech):
    assert measure_offset_s(speech, delayed(speech, -480)) == pytest.approx(-0.01)


def test_gain_and_clipping_do_not_move_offset(speech):
    louder = np.clip(speech * 8.0, -0.5, 0.5)

    assert measure_offset_s(speech, louder) == 0.0


def test_silent_signal_rejected(speech):
    with pytest.raises(PublishError, match="silent"):
        measure_offset_s(speech, np.zeros_like(speech))
