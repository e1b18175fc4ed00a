"""Audio sync between a render and its delivery encode, measured by cross-correlation."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from padim_studio.publish import PublishError

SAMPLE_RATE_HZ = 48000
# Seconds compared from the start of each soundtrack: enough for several words.
COMPARED_S = 20.0
# Largest shift searched in either direction.
MAX_OFFSET_S = 0.5


def decode_mono(path: Path, duration_s: float = COMPARED_S) -> np.ndarray:
    """Decode the first ``duration_s`` of ``path``'s first audio stream to mono float32 at 48 kHz.

    Samples come out as the container's timestamps place them: ffmpeg honours
    edit lists, and without one the decoder's priming samples stay at the start.
    """
    command = [
        "ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-t", f"{duration_s}",
        "-ac", "1", "-ar", str(SAMPLE_RATE_HZ), "-f", "f32le", "-",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", errors="replace").strip()
        raise PublishError(f"decoding the audio of {path} failed: {message}")
    return np.frombuffer(result.stdout, dtype="<f4").astype(np.float64)


def measure_offset_s(reference: np.ndarray, candidate: np.ndarray, max_offset_s: float = MAX_OFFSET_S) -> float:
    """Return how many seconds ``candidate`` lags ``reference`` (negative when it leads), to one sample.

    Both are mono signals at SAMPLE_RATE_HZ. The lag is the peak of their
    cross-correlation within ``max_offset_s``, so a constant gain or a limiter
    on the candidate does not move it.

    Raises
    ------
    PublishError
        If either signal is silent.
    """
    length = min(reference.size, candidate.size)
    reference, candidate = reference[:length], candidate[:length]
    if not np.any(reference) or not np.any(candidate):
        raise PublishError("cannot measure the audio offset: a soundtrack is silent in the compared span")
    size = 1 << int(np.ceil(np.log2(2 * length)))
    correlation = np.fft.irfft(np.fft.rfft(candidate, size) * np.conj(np.fft.rfft(reference, size)), size)
    max_lag = int(max_offset_s * SAMPLE_RATE_HZ)
    lags = np.concatenate([np.arange(0, max_lag + 1), np.arange(-max_lag, 0)])
    values = np.concatenate([correlation[: max_lag + 1], correlation[size - max_lag :]])
    return int(lags[np.argmax(values)]) / SAMPLE_RATE_HZ


def audio_offset_s(render_video: Path, delivery_video: Path) -> float:
    """Return how many seconds the delivery's soundtrack lags the render's (0 when in sync)."""
    return measure_offset_s(decode_mono(render_video), decode_mono(delivery_video))
