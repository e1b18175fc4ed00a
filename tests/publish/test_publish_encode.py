"""Tests of the delivery length and the filter chains of the delivery encode."""

from fractions import Fraction

from padim_studio.publish.encode import (
    AAC_PRIMING_SAMPLES,
    SAMPLES_PER_FRAME,
    audio_filters,
    delivery_length,
    video_filters,
)
from padim_studio.publish.loudness import LoudnormStats, NormalisationPlan
from padim_studio.publish.media_probe import VideoTrack

MEASURED = LoudnormStats(-20.0, -8.0, 4.0, -30.0, 0.0, "dynamic")
PLAN = NormalisationPlan(-14.0, -1.5, 11.0, MEASURED, MEASURED)


def test_length_follows_video_when_audio_fits():
    # A 15 fps render of 327 frames whose audio ends 24 ms later, within one 60 fps frame of the picture.
    length = delivery_length(21.799674, 21.8)

    assert length.frame_count == 1308
    assert length.duration_s == 21.8


def test_length_covers_audio_past_the_picture():
    length = delivery_length(20.0, 20.5)

    assert length.frame_count == 1230
    assert length.duration_s >= 20.5


def test_length_rounds_up_partial_frame():
    assert delivery_length(10.0, 10.01).frame_count == 601


def test_audio_samples_fill_the_frames():
    length = delivery_length(2.0, 1.5)

    assert SAMPLES_PER_FRAME == 800
    assert length.audio_samples == 120 * 800


def test_audio_filters_shift_priming_and_fix_length():
    length = delivery_length(2.0, 1.5)

    chain = audio_filters(PLAN, length)

    encoded = length.audio_samples - AAC_PRIMING_SAMPLES
    assert chain.startswith(PLAN.filter_chain())
    assert f"atrim=start_sample={AAC_PRIMING_SAMPLES},asetpts=(N+{AAC_PRIMING_SAMPLES})/SR/TB" in chain
    assert chain.endswith(f"apad=whole_len={encoded},atrim=end_sample={encoded}")


def test_video_filters_scale_and_hold():
    track = VideoTrack(854, 480, Fraction(15), 20.0)

    chain = video_filters(track, delivery_length(20.0, 20.5))

    assert chain.startswith("scale=1920:1080:flags=lanczos:in_color_matrix=bt601:out_color_matrix=bt709")
    assert "fps=60" in chain
    assert "tpad=stop_mode=clone:stop_duration=0.5167" in chain
    assert chain.endswith("format=yuv420p")
