"""Loudness: ffmpeg's ``loudnorm`` in two passes with linear gain, and ``ebur128`` measurement.

Pass one measures the soundtrack. Pass two applies one constant gain
(``linear=true``) in the delivery encode. ``loudnorm`` falls back to dynamic
compression when that gain would push the true peak over its limit, or when
the loudness range exceeds its target. :func:`plan_normalisation` avoids the
fallback: it lowers the target a little, and when that is not enough it puts
a peak limiter before ``loudnorm`` and measures again. Checked with ffmpeg 5.1.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from padim_studio.log import logger
from padim_studio.publish import PublishError
from padim_studio.publish.media_probe import run_tool

TARGET_LUFS = -14.0
TOLERANCE_LU = 1.0
MAX_TRUE_PEAK_DBTP = -1.0
TARGET_LRA_LU = 11.0
# loudnorm accepts a loudness range target of at most 50 LU.
MAX_LRA_TARGET_LU = 50.0
# AAC encoding moves the true peak by a few tenths of a dB, so pass two aims
# this far below the limit that the final file must meet.
TRUE_PEAK_HEADROOM_DB = 0.5
# The target may drop this far below TARGET_LUFS to keep the gain linear.
MAX_TARGET_DROP_LU = 0.5
# The limiter caps sample peaks; this margin below the planned true peak
# leaves room for peaks between samples.
LIMITER_MARGIN_DB = 1.0
LIMITER_ATTEMPTS = 6
# loudnorm reports -70 LUFS as the gating threshold of silence.
SILENCE_THRESHOLD_LUFS = -70.0
SAMPLE_RATE_HZ = 48000
# Both passes measure and normalise 48 kHz stereo, as delivered: a mono
# signal copied to two channels reads about 3 LU louder than as mono.
STEREO_48K_FILTER = f"aformat=sample_rates={SAMPLE_RATE_HZ}:channel_layouts=stereo"


@dataclass(frozen=True)
class LoudnormStats:
    """Statistics loudnorm prints: the input's loudness, true peak, range and gate, and the mode it used."""

    input_i: float
    input_tp: float
    input_lra: float
    input_thresh: float
    target_offset: float
    normalization_type: str


@dataclass(frozen=True)
class NormalisationPlan:
    """Filters for pass two: an optional limiter chain, then linear loudnorm with the pass-one values.

    ``measured`` is pass one of what loudnorm receives, after the limiter
    chain when there is one. ``source`` is pass one of the soundtrack as
    rendered.
    """

    target_lufs: float
    true_peak_dbtp: float
    lra_target_lu: float
    measured: LoudnormStats
    source: LoudnormStats
    limiter_filters: str = ""
    limiter_gain_db: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def gain_db(self) -> float:
        """The constant gain loudnorm applies after the limiter chain."""
        return self.target_lufs - self.measured.input_i

    def filter_chain(self) -> str:
        """Return the ffmpeg audio filters of pass two, ending in linear loudnorm at 48 kHz."""
        measured = self.measured
        loudnorm = (
            f"loudnorm=I={self.target_lufs:.2f}:TP={self.true_peak_dbtp:.2f}:LRA={self.lra_target_lu:.1f}"
            f":measured_I={measured.input_i:.2f}:measured_TP={measured.input_tp:.2f}"
            # loudnorm stays dynamic when measured_LRA is 0, which a steady tone can measure.
            f":measured_LRA={max(measured.input_lra, 0.01):.2f}:measured_thresh={measured.input_thresh:.2f}"
            f":offset={measured.target_offset:.2f}:linear=true:print_format=json"
        )
        filters = [STEREO_48K_FILTER, self.limiter_filters, loudnorm, f"aresample={SAMPLE_RATE_HZ}"]
        return ",".join(item for item in filters if item)


def parse_loudnorm_output(stderr: str) -> LoudnormStats:
    """Read the JSON block loudnorm prints at the end of a run (``print_format=json``).

    Raises
    ------
    PublishError
        If the output has no loudnorm JSON block.
    """
    start = stderr.rfind("[Parsed_loudnorm")
    block = re.search(r"\{.*?\}", stderr[start:], re.DOTALL) if start >= 0 else None
    if block is None:
        raise PublishError("loudnorm printed no JSON statistics; check that ffmpeg was built with the loudnorm filter")
    values = json.loads(block.group(0))
    return LoudnormStats(
        input_i=float(values["input_i"]),
        input_tp=float(values["input_tp"]),
        input_lra=float(values["input_lra"]),
        input_thresh=float(values["input_thresh"]),
        target_offset=float(values["target_offset"]),
        normalization_type=values["normalization_type"],
    )


def measure_loudnorm(source: Path, pre_filters: str = "", lra_target_lu: float = TARGET_LRA_LU) -> LoudnormStats:
    """Run loudnorm pass one on the first audio stream of ``source``, after ``pre_filters``, as 48 kHz stereo."""
    loudnorm = f"loudnorm=I={TARGET_LUFS}:TP={MAX_TRUE_PEAK_DBTP}:LRA={lra_target_lu}:print_format=json"
    chain = ",".join(item for item in (STEREO_48K_FILTER, pre_filters, loudnorm) if item)
    command = [
        "ffmpeg", "-hide_banner", "-nostats", "-i", str(source), "-map", "0:a:0", "-af", chain, "-ar", str(SAMPLE_RATE_HZ), "-f", "null", "-",
    ]  # fmt: skip
    stats = parse_loudnorm_output(run_tool(command, f"measuring the loudness of {source}").stderr)
    if stats.input_thresh <= SILENCE_THRESHOLD_LUFS:
        raise PublishError(f"the soundtrack of {source} is silent (gate {stats.input_thresh} LUFS); render it with narration")
    return stats


def lra_target_for(stats: LoudnormStats) -> float:
    """Return a loudness range target at least the measured range, which linear mode requires."""
    return min(max(TARGET_LRA_LU, math.ceil(stats.input_lra * 10) / 10 + 0.1), MAX_LRA_TARGET_LU)


def limiter_filters(gain_db: float, ceiling_dbfs: float) -> str:
    """Return a gain and lookahead peak limiter whose delay is compensated, so the audio stays in sync."""
    ceiling = 10 ** (ceiling_dbfs / 20)
    return f"volume={gain_db:.2f}dB,alimiter=limit={ceiling:.4f}:attack=5:release=50:level=0:latency=1"


def plan_normalisation(source: Path, headroom_db: float = TRUE_PEAK_HEADROOM_DB) -> NormalisationPlan:
    """Measure ``source`` and plan linear normalisation to TARGET_LUFS with the true peak ``headroom_db`` below its limit.

    Raises
    ------
    PublishError
        If the soundtrack is silent, or if no limiter setting reaches a
        linear gain within LIMITER_ATTEMPTS measurements.
    """
    peak_dbtp = MAX_TRUE_PEAK_DBTP - headroom_db
    stats = measure_loudnorm(source)
    lra_target = lra_target_for(stats)
    peak_after_gain = stats.input_tp + TARGET_LUFS - stats.input_i
    if peak_after_gain <= peak_dbtp:
        return NormalisationPlan(TARGET_LUFS, peak_dbtp, lra_target, stats, stats)

    # The highest target that linear gain reaches without passing the peak limit.
    reachable_lufs = stats.input_i + peak_dbtp - stats.input_tp
    if reachable_lufs >= TARGET_LUFS - MAX_TARGET_DROP_LU:
        note = f"target lowered to {reachable_lufs:.2f} LUFS so the gain stays linear under {peak_dbtp} dBTP"
        return NormalisationPlan(reachable_lufs, peak_dbtp, lra_target, stats, stats, notes=[note])

    # Too little headroom: push the loudest peaks into a limiter until linear gain fits.
    pre_gain_db = TARGET_LUFS - stats.input_i
    ceiling_dbfs = peak_dbtp - LIMITER_MARGIN_DB
    for attempt in range(1, LIMITER_ATTEMPTS + 1):
        chain = limiter_filters(pre_gain_db, ceiling_dbfs)
        limited = measure_loudnorm(source, chain)
        excess_db = limited.input_tp + TARGET_LUFS - limited.input_i - peak_dbtp
        logger.info(
            "limiter attempt %d: gain %.2f dB gives %.2f LUFS, %.2f dBTP (excess %.2f dB)",
            attempt, pre_gain_db, limited.input_i, limited.input_tp, excess_db,
        )  # fmt: skip
        if excess_db <= 0:
            note = (
                f"peak-to-loudness ratio {stats.input_tp - stats.input_i:.1f} dB exceeds "
                f"{peak_dbtp - TARGET_LUFS:.1f} dB: {pre_gain_db:.2f} dB of gain into a limiter at {ceiling_dbfs:.1f} dBFS"
            )
            return NormalisationPlan(
                TARGET_LUFS, peak_dbtp, lra_target_for(limited), limited, stats, chain, pre_gain_db, notes=[note]
            )
        pre_gain_db += excess_db + 0.2
    raise PublishError(
        f"could not normalise {source} linearly to {TARGET_LUFS} LUFS under {peak_dbtp} dBTP after "
        f"{LIMITER_ATTEMPTS} limiter settings (last: {limited.input_i:.2f} LUFS, {limited.input_tp:.2f} dBTP); "
        "check the soundtrack for clipping or long silences"
    )


@dataclass(frozen=True)
class LoudnessMeasurement:
    """The ebur128 summary of a file: integrated loudness, loudness range and true peak."""

    integrated_lufs: float
    loudness_range_lu: float
    true_peak_dbtp: float


def _summary_value(summary: str, label: str, unit: str) -> float:
    match = re.search(rf"{label}:\s+(-?inf|-?\d+(?:\.\d+)?)\s+{unit}", summary)
    if match is None:
        raise PublishError(f"ebur128 summary has no '{label}' value in {unit}:\n{summary}")
    return float(match.group(1))


def parse_ebur128_summary(stderr: str) -> LoudnessMeasurement:
    """Read the ``Summary:`` block that ebur128 prints at the end; silence reads as ``-inf``."""
    start = stderr.rfind("Summary:")
    if start < 0:
        raise PublishError("ebur128 printed no summary; check that the file has an audio stream")
    summary = stderr[start:]
    # The true-peak line is labelled dBFS, but with peak=true the value is in dBTP.
    return LoudnessMeasurement(
        integrated_lufs=_summary_value(summary, "I", "LUFS"),
        loudness_range_lu=_summary_value(summary, "LRA", "LU"),
        true_peak_dbtp=_summary_value(summary, "Peak", "dBFS"),
    )


def measure_ebur128(path: Path) -> LoudnessMeasurement:
    """Measure the first audio stream of ``path`` with ffmpeg's ebur128 filter (values to 0.1)."""
    command = [
        "ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0",
        "-af", "ebur128=peak=true", "-f", "null", "-",
    ]  # fmt: skip
    return parse_ebur128_summary(run_tool(command, f"measuring the loudness of {path}").stderr)
