"""Tests of frame and millisecond arithmetic."""

from fractions import Fraction

import pytest

from padim_studio.captions.style import frame_rate_fraction
from padim_studio.captions.timing import (
    first_frame_at_or_after,
    frame_start_ms,
    latest_end_ms,
    required_duration_ms,
)

RATE_60 = frame_rate_fraction(60)


@pytest.mark.parametrize(
    ("time_s", "expected_ms"),
    [
        (0.0, 0),
        (0.35, 350),  # frame 21, although the float 0.35 is slightly below 0.35
        (0.3499, 333),  # still frame 20
        (1.0 / 60, 16),  # frame 1 at 16.67 ms, floored to the millisecond
        (1.02, 1016),  # frame 61 at 1016.67 ms
        (12.5, 12500),
    ],
)
def test_frame_start_table(time_s, expected_ms):
    assert frame_start_ms(time_s, RATE_60) == expected_ms


def test_frame_start_at_24_fps():
    assert frame_start_ms(0.1, frame_rate_fraction(24)) == 83


@pytest.mark.parametrize(("time_ms", "expected_frame"), [(0, 0), (16, 1), (17, 2), (1000, 60), (1001, 61)])
def test_first_frame_at_or_after_table(time_ms, expected_frame):
    assert first_frame_at_or_after(time_ms, RATE_60) == expected_frame


@pytest.mark.parametrize(
    ("next_start_ms", "expected_ms"),
    [
        (2000, 1966),  # frames 118 and 119 blank, 34 ms gap
        (2016, 1983),  # next start on frame 121, 33 ms gap
        (2050, 2016),  # next start between frames, first shown on frame 123
    ],
)
def test_latest_end_table(next_start_ms, expected_ms):
    assert latest_end_ms(next_start_ms, RATE_60) == expected_ms


@pytest.mark.parametrize(
    ("displayed_chars", "expected_ms"),
    [(0, 834), (4, 834), (16, 834), (17, 850), (20, 1000), (84, 4200)],
)
def test_required_duration_table(displayed_chars, expected_ms):
    assert required_duration_ms(displayed_chars) == expected_ms


def test_ntsc_rate_kept_exact():
    assert frame_rate_fraction(60000 / 1001) == Fraction(60000, 1001)
