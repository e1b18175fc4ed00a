"""Frame and millisecond arithmetic for placing caption events on a video's frame grid.

Frame j of a video at frame_rate fps is shown at j / frame_rate seconds.
Times are whole milliseconds, the resolution of SRT and WebVTT, and frame
rates are exact fractions from `style.frame_rate_fraction`.
"""

from __future__ import annotations

import math
from fractions import Fraction

from padim_studio.captions.style import MAX_CHARS_PER_S, MIN_DURATION_S, MIN_GAP_FRAMES, min_gap_ms


def frame_start_ms(time_s: float, frame_rate: Fraction) -> int:
    """Return the start of the frame containing `time_s`, floored to the millisecond.

    The frame index is floor(time_s · frame_rate) after rounding the product
    to 6 decimals. So 0.35 s, stored as a float slightly below 0.35, still
    falls in frame 21 at 60 fps. Flooring to the millisecond keeps the time
    inside that frame.
    """
    frame_index = math.floor(round(Fraction(time_s) * frame_rate, 6))
    return math.floor(Fraction(frame_index * 1000) / frame_rate)


def first_frame_at_or_after(time_ms: int, frame_rate: Fraction) -> int:
    """Return the index of the first frame shown at or after `time_ms`. Frame j is shown at j / frame_rate s."""
    return math.ceil(Fraction(time_ms, 1000) * frame_rate)


def latest_end_ms(next_start_ms: int, frame_rate: Fraction) -> int:
    """Return the latest end, in milliseconds, for an event followed by one starting at `next_start_ms`.

    The end leaves at least `min_gap_ms` before the next start, and at least
    MIN_GAP_FRAMES frames of the video's frame grid that show neither event.
    """
    first_blank_frame = first_frame_at_or_after(next_start_ms, frame_rate) - MIN_GAP_FRAMES
    end_before_blank_frames_ms = math.floor(Fraction(first_blank_frame * 1000) / frame_rate)
    return min(end_before_blank_frames_ms, next_start_ms - min_gap_ms(frame_rate))


def required_duration_ms(displayed_chars: int) -> int:
    """Return the shortest duration in milliseconds that meets MIN_DURATION_S and MAX_CHARS_PER_S."""
    return math.ceil(max(MIN_DURATION_S, Fraction(displayed_chars, MAX_CHARS_PER_S)) * 1000)
