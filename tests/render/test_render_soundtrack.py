"""Joining act soundtracks: sample-accurate offsets, matched formats and no click at the joins."""

import wave
from fractions import Fraction

import numpy as np
import pytest

from padim_studio.render.soundtrack import (
    AudioFormat,
    act_sample_offsets,
    frame_to_sample,
    join_soundtracks,
    read_samples,
    write_wav,
)

SAMPLE_RATE = 22050


def sine(length: int, sample_rate: int, frequency: float = 441.0, start: int = 0, channels: int = 1) -> np.ndarray:
    """A sine of amplitude 0.5 full scale, continuing from sample ``start``, shape (length, channels)."""
    times = (np.arange(length) + start) / sample_rate
    wave_ = np.round(0.5 * 32767 * np.sin(2 * np.pi * frequency * times)).astype("<i2")
    return np.repeat(wave_[:, None], channels, axis=1)


def write_act(path, samples: np.ndarray, sample_rate: int) -> None:
    write_wav(path, samples, AudioFormat(sample_rate, samples.shape[1]))


def read_wav(path) -> tuple[np.ndarray, AudioFormat]:
    with wave.open(str(path), "rb") as reader:
        audio_format = AudioFormat(reader.getframerate(), reader.getnchannels())
        data = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
    return data.reshape(-1, audio_format.channels), audio_format


def largest_jump(samples: np.ndarray, at: int, window: int) -> tuple[int, int]:
    """Return the jump between samples at-1 and at, and the largest jump within ``window`` samples around it."""
    signal = samples[:, 0].astype(np.int32)
    around = np.abs(np.diff(signal[at - window : at + window]))
    return int(abs(signal[at] - signal[at - 1])), int(around.max())


def test_frame_to_sample_rounds_half_frames():
    # 60 fps at 22050 Hz: 367.5 samples per frame.
    assert frame_to_sample(1, 60, SAMPLE_RATE) == 368
    assert frame_to_sample(2, 60, SAMPLE_RATE) == 735
    assert frame_to_sample(3, 60, SAMPLE_RATE) == 1103


def test_offsets_do_not_drift_over_many_acts():
    counts = [1001] * 40
    offsets = act_sample_offsets(counts, 60, SAMPLE_RATE)
    assert offsets[0] == 0
    assert offsets[-1] == frame_to_sample(sum(counts), 60, SAMPLE_RATE)
    for index, offset in enumerate(offsets):
        exact = Fraction(1001 * index * SAMPLE_RATE, 60)
        assert abs(offset - exact) <= Fraction(1, 2)


@pytest.mark.parametrize("frame_rate", [15, 30, 60])
def test_join_is_sample_accurate(tmp_path, frame_rate):
    # One continuous sine cut at the act boundaries: joining must give it back exactly.
    counts = [37, 91, 5, 64]
    offsets = act_sample_offsets(counts, frame_rate, SAMPLE_RATE)
    whole = sine(offsets[-1], SAMPLE_RATE)
    paths = []
    for index in range(len(counts)):
        # Manim's soundtrack runs up to a millisecond past the video; give each act 20 extra samples.
        part = sine(offsets[index + 1] - offsets[index] + 20, SAMPLE_RATE, start=offsets[index])
        paths.append(tmp_path / f"act{index}.wav")
        write_act(paths[-1], part, SAMPLE_RATE)
    output = tmp_path / "joined.wav"
    audio_format = join_soundtracks(paths, counts, frame_rate, output)
    joined, written_format = read_wav(output)
    assert audio_format == AudioFormat(SAMPLE_RATE, 1)
    assert written_format == audio_format
    assert len(joined) == offsets[-1]
    assert np.array_equal(joined, whole)


def test_no_click_at_joins(tmp_path):
    counts = [45, 60, 30]
    offsets = act_sample_offsets(counts, 15, SAMPLE_RATE)
    paths = []
    for index in range(len(counts)):
        part = sine(offsets[index + 1] - offsets[index], SAMPLE_RATE, start=offsets[index])
        paths.append(tmp_path / f"act{index}.wav")
        write_act(paths[-1], part, SAMPLE_RATE)
    join_soundtracks(paths, counts, 15, tmp_path / "joined.wav")
    joined, _ = read_wav(tmp_path / "joined.wav")
    for offset in offsets[1:-1]:
        jump, around = largest_jump(joined, offset, window=200)
        assert jump <= around, f"jump of {jump} at sample {offset}, largest nearby {around}"


def test_short_soundtrack_is_padded_with_silence(tmp_path):
    counts = [15, 15]
    write_act(tmp_path / "short.wav", sine(SAMPLE_RATE // 2, SAMPLE_RATE), SAMPLE_RATE)
    write_act(tmp_path / "full.wav", sine(SAMPLE_RATE, SAMPLE_RATE), SAMPLE_RATE)
    join_soundtracks([tmp_path / "short.wav", tmp_path / "full.wav"], counts, 15, tmp_path / "joined.wav")
    joined, _ = read_wav(tmp_path / "joined.wav")
    assert len(joined) == 2 * SAMPLE_RATE
    assert not joined[SAMPLE_RATE // 2 : SAMPLE_RATE].any()
    assert np.array_equal(joined[SAMPLE_RATE:], sine(SAMPLE_RATE, SAMPLE_RATE))


def test_formats_are_matched_before_joining(tmp_path):
    # A 22050 Hz mono act followed by a 44100 Hz stereo act: both become 44100 Hz stereo.
    counts = [30, 30]
    write_act(tmp_path / "mono.wav", sine(2 * SAMPLE_RATE, SAMPLE_RATE), SAMPLE_RATE)
    write_act(tmp_path / "stereo.wav", sine(2 * 44100, 44100, start=2 * 44100, channels=2), 44100)
    audio_format = join_soundtracks([tmp_path / "mono.wav", tmp_path / "stereo.wav"], counts, 15, tmp_path / "joined.wav")
    joined, written_format = read_wav(tmp_path / "joined.wav")
    assert audio_format == AudioFormat(44100, 2)
    assert written_format == AudioFormat(44100, 2)
    assert len(joined) == 4 * 44100
    jump, around = largest_jump(joined, 2 * 44100, window=400)
    assert jump <= around * 1.05, f"jump of {jump} at the join, largest nearby {around}"


def test_read_samples_resamples_with_ffmpeg(tmp_path):
    write_act(tmp_path / "clip.wav", sine(SAMPLE_RATE, SAMPLE_RATE), SAMPLE_RATE)
    samples = read_samples(tmp_path / "clip.wav", AudioFormat(48000, 2))
    assert samples.shape == (48000, 2)
    assert np.array_equal(samples[:, 0], samples[:, 1])


def test_count_mismatch_is_rejected(tmp_path):
    write_act(tmp_path / "clip.wav", sine(100, SAMPLE_RATE), SAMPLE_RATE)
    with pytest.raises(ValueError, match="one per act"):
        join_soundtracks([tmp_path / "clip.wav"], [1, 2], 15, tmp_path / "joined.wav")
