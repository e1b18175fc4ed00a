"""Tests of loudness planning and of reading loudnorm and ebur128 output."""

import subprocess
import wave

import numpy as np
import pytest

from padim_studio.publish import PublishError
from padim_studio.publish.loudness import (
    MAX_TRUE_PEAK_DBTP,
    TARGET_LUFS,
    TOLERANCE_LU,
    TRUE_PEAK_HEADROOM_DB,
    LoudnormStats,
    NormalisationPlan,
    lra_target_for,
    measure_ebur128,
    parse_ebur128_summary,
    parse_loudnorm_output,
    plan_normalisation,
)

SAMPLE_RATE = 48000
LOUDNORM_OUTPUT = """\
size=N/A time=00:00:21.82 bitrate=N/A speed= 150x
[Parsed_loudnorm_1 @ 0x559c6845c940]
{
	"input_i" : "-22.06",
	"input_tp" : "-3.87",
	"input_lra" : "4.20",
	"input_thresh" : "-32.50",
	"output_i" : "-14.02",
	"output_tp" : "-1.50",
	"output_lra" : "4.10",
	"output_thresh" : "-24.47",
	"normalization_type" : "linear",
	"target_offset" : "0.02"
}
"""
EBUR128_OUTPUT = """\
[Parsed_ebur128_0 @ 0x55eb511ef0c0] Summary:

  Integrated loudness:
    I:         -14.1 LUFS
    Threshold: -24.6 LUFS

  Loudness range:
    LRA:         3.0 LU
    Threshold: -34.6 LUFS
    LRA low:   -16.4 LUFS
    LRA high:  -13.4 LUFS

  True peak:
    Peak:       -1.6 dBFS
"""


def test_parse_loudnorm_output():
    stats = parse_loudnorm_output(LOUDNORM_OUTPUT)

    assert stats == LoudnormStats(-22.06, -3.87, 4.2, -32.5, 0.02, "linear")


def test_parse_loudnorm_output_without_json():
    with pytest.raises(PublishError, match="no JSON statistics"):
        parse_loudnorm_output("size=N/A time=00:00:01.00\n")


def test_parse_ebur128_summary():
    measurement = parse_ebur128_summary("[Parsed_ebur128_0 @ 0x1] t: 0.1 M: -70.0\n" + EBUR128_OUTPUT)

    assert measurement.integrated_lufs == -14.1
    assert measurement.loudness_range_lu == 3.0
    assert measurement.true_peak_dbtp == -1.6


def test_parse_ebur128_silence():
    silent = EBUR128_OUTPUT.replace("-14.1 LUFS", "-70.0 LUFS").replace("-1.6 dBFS", "-inf dBFS")

    assert parse_ebur128_summary(silent).true_peak_dbtp == float("-inf")


def test_pass_two_filters_are_linear_with_measured_values():
    measured = LoudnormStats(-22.06, -3.87, 4.2, -32.5, 0.02, "dynamic")
    plan = NormalisationPlan(TARGET_LUFS, -1.5, 11.0, measured, measured)

    chain = plan.filter_chain()

    assert chain.startswith("aformat=sample_rates=48000:channel_layouts=stereo,loudnorm=I=-14.00:TP=-1.50:LRA=11.0")
    for option in ("measured_I=-22.06", "measured_TP=-3.87", "measured_LRA=4.20", "measured_thresh=-32.50", "linear=true"):
        assert option in chain
    assert chain.endswith("aresample=48000")
    assert plan.gain_db == pytest.approx(8.06)


def test_lra_target_covers_measured_range():
    wide = LoudnormStats(-20.0, -5.0, 13.47, -30.0, 0.0, "dynamic")
    narrow = LoudnormStats(-20.0, -5.0, 4.0, -30.0, 0.0, "dynamic")

    assert lra_target_for(wide) == pytest.approx(13.6)
    assert lra_target_for(narrow) == 11.0


def write_wav(path, signal: np.ndarray) -> None:
    samples = np.clip(signal * 32767, -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(SAMPLE_RATE)
        file.writeframes(samples.tobytes())


def speech_like(duration_s: float, peak_every_s: float | None) -> np.ndarray:
    """A tone at -30 dBFS whose level rises and falls like syllables, with optional short clicks at -3 dBFS."""
    time_s = np.arange(int(duration_s * SAMPLE_RATE)) / SAMPLE_RATE
    envelope = 0.5 + 0.5 * np.sin(2 * np.pi * 3 * time_s) ** 2
    signal = 10 ** (-30 / 20) * envelope * np.sin(2 * np.pi * 220 * time_s)
    if peak_every_s:
        for start_s in np.arange(0.5, duration_s, peak_every_s):
            start = int(start_s * SAMPLE_RATE)
            signal[start : start + 48] += 10 ** (-3 / 20) * np.hanning(48)
    return signal


def apply_plan(source, plan: NormalisationPlan, output) -> LoudnormStats:
    """Run pass two of ``plan`` into a WAV file and return loudnorm's statistics."""
    command = ["ffmpeg", "-hide_banner", "-nostats", "-y", "-i", str(source), "-af", plan.filter_chain(), str(output)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return parse_loudnorm_output(result.stderr)


def tone_with_click(click_dbfs: float) -> np.ndarray:
    """Twelve seconds of a 1 kHz tone at -30 dBFS with one short click peaking near ``click_dbfs``."""
    time_s = np.arange(12 * SAMPLE_RATE) / SAMPLE_RATE
    signal = 10 ** (-30 / 20) * np.sin(2 * np.pi * 1000 * time_s)
    signal[6 * SAMPLE_RATE : 6 * SAMPLE_RATE + 48] += 10 ** (click_dbfs / 20) * np.hanning(48)
    return signal


@pytest.mark.slow
def test_plan_without_limiter_when_peaks_allow(tmp_path):
    source = tmp_path / "quiet.wav"
    output = tmp_path / "normalised.wav"
    write_wav(source, speech_like(12.0, peak_every_s=None))

    plan = plan_normalisation(source)
    # A steady tone measures a loudness range of 0, which loudnorm treats as "not measured".
    pass_two = apply_plan(source, plan, output)

    assert plan.limiter_filters == ""
    assert plan.target_lufs == TARGET_LUFS
    assert pass_two.normalization_type == "linear"
    assert abs(measure_ebur128(output).integrated_lufs - TARGET_LUFS) <= TOLERANCE_LU


@pytest.mark.slow
def test_plan_lowers_target_when_peak_is_close(tmp_path):
    source = tmp_path / "click.wav"
    output = tmp_path / "normalised.wav"
    # Measured with ffmpeg 5.1: about -33.1 LUFS and -20.2 dBTP, so linear gain reaches about -14.35 LUFS.
    write_wav(source, tone_with_click(-17.8))

    plan = plan_normalisation(source)
    pass_two = apply_plan(source, plan, output)
    measured = measure_ebur128(output)

    assert plan.limiter_filters == ""
    assert TARGET_LUFS - 0.5 <= plan.target_lufs < TARGET_LUFS, f"target {plan.target_lufs} LUFS"
    assert pass_two.normalization_type == "linear"
    assert abs(measured.integrated_lufs - TARGET_LUFS) <= TOLERANCE_LU, f"{measured.integrated_lufs} LUFS"
    assert measured.true_peak_dbtp <= MAX_TRUE_PEAK_DBTP, f"true peak {measured.true_peak_dbtp} dBTP"


@pytest.mark.slow
def test_plan_with_limiter_meets_targets(tmp_path):
    source = tmp_path / "peaky.wav"
    output = tmp_path / "normalised.wav"
    write_wav(source, speech_like(12.0, peak_every_s=0.7))

    plan = plan_normalisation(source)
    pass_two = apply_plan(source, plan, output)
    measured = measure_ebur128(output)

    assert plan.limiter_filters.startswith("volume="), f"expected a limiter, got filters {plan.limiter_filters!r}"
    assert pass_two.normalization_type == "linear"
    assert abs(measured.integrated_lufs - TARGET_LUFS) <= TOLERANCE_LU, (
        f"integrated loudness {measured.integrated_lufs} LUFS; limit {TARGET_LUFS} ± {TOLERANCE_LU}"
    )
    assert measured.true_peak_dbtp <= MAX_TRUE_PEAK_DBTP - TRUE_PEAK_HEADROOM_DB + 0.1, (
        f"true peak {measured.true_peak_dbtp} dBTP; planned maximum {MAX_TRUE_PEAK_DBTP - TRUE_PEAK_HEADROOM_DB} dBTP"
    )


@pytest.mark.slow
def test_silent_soundtrack_rejected(tmp_path):
    source = tmp_path / "silent.wav"
    write_wav(source, np.zeros(SAMPLE_RATE * 3))

    with pytest.raises(PublishError, match="is silent"):
        plan_normalisation(source)
