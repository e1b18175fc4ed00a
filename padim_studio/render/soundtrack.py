"""Build one soundtrack from the acts' soundtracks, placed on the joined video's frame grid.

Act k starts at frame F_k of the joined video (the frames of the acts before
it), so its audio starts at sample round(F_k · sample_rate / frame_rate).
Offsets come from the whole-frame count, never from adding up rounded
durations, so they do not drift over many acts. Each act contributes exactly
the samples up to the next act's start: its own soundtrack cut or padded
with digital silence to that length. All soundtracks are decoded to one
format (the highest sample rate and channel count among them) before they
are joined, and the result is written as 16-bit PCM WAV. The lossy encode
happens once, on the whole track, when it is muxed with the video.
"""

from __future__ import annotations

import math
import subprocess
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from padim_studio.log import logger


@dataclass(frozen=True)
class AudioFormat:
    """Sample rate in Hz and channel count of 16-bit PCM audio."""

    sample_rate: int
    channels: int


def wav_format(path: Path) -> AudioFormat:
    """Return the sample rate and channel count of a WAV file."""
    with wave.open(str(path), "rb") as reader:
        return AudioFormat(reader.getframerate(), reader.getnchannels())


def common_format(paths: Sequence[Path]) -> AudioFormat:
    """Return the format every soundtrack converts to: the highest sample rate and channel count among them."""
    formats = [wav_format(path) for path in paths]
    return AudioFormat(max(item.sample_rate for item in formats), max(item.channels for item in formats))


def read_samples(path: Path, audio_format: AudioFormat) -> np.ndarray:
    """Decode an audio file to 16-bit samples of ``audio_format``, shape (samples, channels).

    A file already in that format is read directly. Any other is converted
    with ffmpeg, which resamples it and mixes its channels up or down.
    """
    with wave.open(str(path), "rb") as reader:
        same = (reader.getframerate(), reader.getnchannels(), reader.getsampwidth()) == (
            audio_format.sample_rate,
            audio_format.channels,
            2,
        )
        if same:
            data = reader.readframes(reader.getnframes())
            return np.frombuffer(data, dtype="<i2").reshape(-1, audio_format.channels)
    command = [
        "ffmpeg", "-nostdin", "-v", "error", "-i", str(path),
        "-ar", str(audio_format.sample_rate), "-ac", str(audio_format.channels), "-f", "s16le", "-",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(f"decoding {path} failed: {result.stderr.decode(errors='replace').strip()}")
    return np.frombuffer(result.stdout, dtype="<i2").reshape(-1, audio_format.channels)


def frame_to_sample(frame: int, frame_rate: Fraction | int, sample_rate: int) -> int:
    """Return the sample index where a frame starts, rounded to the nearest sample (halves round up)."""
    return math.floor(Fraction(frame) * sample_rate / Fraction(frame_rate) + Fraction(1, 2))


def act_sample_offsets(frame_counts: Sequence[int], frame_rate: Fraction | int, sample_rate: int) -> list[int]:
    """Return the first sample of each act and, last, the sample count of the whole track."""
    offsets = []
    frames = 0
    for count in frame_counts:
        offsets.append(frame_to_sample(frames, frame_rate, sample_rate))
        frames += count
    offsets.append(frame_to_sample(frames, frame_rate, sample_rate))
    return offsets


def fit_length(samples: np.ndarray, length: int, label: str, sample_rate: int, tolerance_s: float) -> np.ndarray:
    """Cut ``samples`` to ``length`` rows or pad them with silence, with a warning when they differ by more than the tolerance."""
    difference_s = (len(samples) - length) / sample_rate
    if abs(difference_s) > tolerance_s:
        change = "cut" if difference_s > 0 else "padded with silence"
        logger.warning("soundtrack of %s differs from its video's length by %.3f s, so it is %s to fit", label, difference_s, change)
    if len(samples) >= length:
        return samples[:length]
    padding = np.zeros((length - len(samples), samples.shape[1]), dtype=samples.dtype)
    return np.concatenate([samples, padding])


def join_soundtracks(
    soundtracks: Sequence[Path],
    frame_counts: Sequence[int],
    frame_rate: Fraction | int,
    output: Path,
    labels: Sequence[str] | None = None,
) -> AudioFormat:
    """Write one WAV of the soundtracks, each starting at the first frame of its act, and return its format.

    Parameters
    ----------
    soundtracks
        One audio file per act, in playing order, each starting at its act's first frame.
    frame_counts
        Frames of each act's video, in the same order.
    frame_rate
        Frames per second of every act's video.
    output
        The WAV to write. An existing file is replaced.
    labels
        Names of the acts for warnings (default: the file names).
    """
    if len(soundtracks) != len(frame_counts):
        raise ValueError(f"{len(soundtracks)} soundtracks for {len(frame_counts)} frame counts; give one per act")
    labels = list(labels or [path.name for path in soundtracks])
    audio_format = common_format(soundtracks)
    offsets = act_sample_offsets(frame_counts, frame_rate, audio_format.sample_rate)
    one_frame_s = 1 / float(frame_rate)
    parts = []
    for index, path in enumerate(soundtracks):
        length = offsets[index + 1] - offsets[index]
        samples = read_samples(path, audio_format)
        parts.append(fit_length(samples, length, labels[index], audio_format.sample_rate, one_frame_s))
    write_wav(output, np.concatenate(parts), audio_format)
    return audio_format


def write_wav(path: Path, samples: np.ndarray, audio_format: AudioFormat) -> None:
    """Write 16-bit samples of shape (samples, channels) as a WAV file."""
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(audio_format.channels)
        writer.setsampwidth(2)
        writer.setframerate(audio_format.sample_rate)
        writer.writeframes(np.ascontiguousarray(samples, dtype="<i2").tobytes())
