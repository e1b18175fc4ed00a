"""Caption style limits and a checker that reports every event breaking them.

The limits are at most 2 lines of 42 characters, one line when the text
fits in 42, 5/6 s to 7 s on screen, at most 20 characters per second, and at
least 2 frames between events. All but the reading speed are those of the
Netflix Timed Text Style Guide (General Requirements and English Template).

Characters are counted as Unicode code points after NFC normalisation, so
"σ²" counts 2. Reading speed counts the characters of every line, spaces
included, and not the line break between them.

Times are checked as they are written to SRT and WebVTT, in whole
milliseconds, and with exact integer arithmetic so that an event of exactly
20 characters per second passes.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from padim_studio.captions.events import CaptionEvent

MAX_LINES = 2
MAX_LINE_CHARS = 42
MIN_DURATION_S = Fraction(5, 6)
MAX_DURATION_S = Fraction(7)
MAX_CHARS_PER_S = 20
MIN_GAP_FRAMES = 2
# Maximum time an event stays on screen after its last word ends, unless it
# is extended to reach MIN_DURATION_S or MAX_CHARS_PER_S.
MAX_LINGER_S = Fraction(1, 2)
DEFAULT_FRAME_RATE = 60

# Substrings that show narration markup leaked into a caption: tags, and the
# manim-voiceover bookmark tag `<bookmark mark="A"/>` with its brackets lost.
# NOTE: the word "bookmark" in the narration itself is reported too.
MARKUP_SIGNS = ("<", ">", "bookmark", "mark=")
UTF8_BOM = b"\xef\xbb\xbf"


def count_chars(text: str) -> int:
    """Count the code points of `text` after NFC normalisation."""
    return len(unicodedata.normalize("NFC", text))


def seconds_to_ms(time_s: float) -> int:
    """Round a time in seconds to whole milliseconds, the SRT and WebVTT resolution."""
    return round(time_s * 1000)


def frame_rate_fraction(frame_rate: float) -> Fraction:
    """Return `frame_rate` as an exact fraction.

    A float becomes the nearest fraction with a denominator of at most 1001,
    so 60000 / 1001 gives 60000/1001 back, and 29.97 gives 2997/100.

    Raises
    ------
    ValueError
        If the frame rate is not a positive finite number.
    """
    if not math.isfinite(frame_rate) or frame_rate <= 0:
        raise ValueError(f"invalid frame rate {frame_rate!r}: expected a positive number of frames per second")
    return Fraction(frame_rate).limit_denominator(1001)


def min_gap_ms(frame_rate: Fraction) -> int:
    """Return MIN_GAP_FRAMES frames in whole milliseconds, rounded down: 33 ms at 60 fps.

    Rounding down makes frame-aligned times that were floored to the
    millisecond, whose gaps are 33 or 34 ms at 60 fps, pass.
    """
    return math.floor(Fraction(MIN_GAP_FRAMES * 1000) / frame_rate)


def format_clock_time(time_ms: int) -> str:
    """Format milliseconds as H:MM:SS.mmm, for example 0:01:02.500."""
    hours, rest_ms = divmod(time_ms, 3_600_000)
    minutes, rest_ms = divmod(rest_ms, 60_000)
    seconds, milliseconds = divmod(rest_ms, 1000)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{milliseconds:03d}"


@dataclass(frozen=True)
class Violation:
    """One broken style rule, with the event, the measured value and the limit.

    `event_index` is 1-based and `start_s` is the event's start. Both are None
    for a rule about the whole file, such as a byte order mark. `measured` and
    `limit` are None for rules without a number, such as markup.
    """

    event_index: int | None
    start_s: float | None
    rule: str
    detail: str
    measured: float | None = None
    limit: float | None = None

    def __str__(self) -> str:
        if self.event_index is None or self.start_s is None:
            return self.detail
        clock_time = format_clock_time(seconds_to_ms(self.start_s))
        return f"event {self.event_index} at {clock_time}: {self.detail}"


def check_events(events: Sequence[CaptionEvent], frame_rate: float = DEFAULT_FRAME_RATE) -> list[Violation]:
    """Check each event against the caption limits and return the violations in event order.

    The gap after each event must be at least MIN_GAP_FRAMES frames at
    `frame_rate`, as given by `min_gap_ms`. Events are compared with the one
    after them in the given order, so an event that starts before the previous
    one is reported as an overlap.
    """
    rate = frame_rate_fraction(frame_rate)
    violations: list[Violation] = []
    for position, event in enumerate(events):
        following = events[position + 1] if position + 1 < len(events) else None
        violations.extend(_check_text(position + 1, event))
        violations.extend(_check_timing(position + 1, event, following, rate))
    return violations


def _check_text(index: int, event: CaptionEvent) -> list[Violation]:
    def violation(rule: str, detail: str, measured: float | None = None, limit: float | None = None) -> Violation:
        return Violation(index, event.start_s, rule, detail, measured, limit)

    lines = list(event.lines)
    text = "\n".join(lines)
    found: list[Violation] = []
    if not text.strip():
        found.append(violation("empty", "has no text"))
    if len(lines) > MAX_LINES:
        found.append(violation("max_lines", f"{len(lines)} lines exceed {MAX_LINES}", len(lines), MAX_LINES))
    for line_number, line in enumerate(lines, start=1):
        line_chars = count_chars(line)
        if line_chars > MAX_LINE_CHARS:
            detail = f"line {line_number} has {line_chars} characters, exceeds {MAX_LINE_CHARS}"
            found.append(violation("max_line_length", detail, line_chars, MAX_LINE_CHARS))

    joined_chars = count_chars(" ".join(line.strip() for line in lines))
    if len(lines) > 1 and joined_chars <= MAX_LINE_CHARS:
        detail = f"{len(lines)} lines where one fits: {joined_chars} characters fit in {MAX_LINE_CHARS}"
        found.append(violation("single_line_fits", detail, joined_chars, MAX_LINE_CHARS))

    for sign in MARKUP_SIGNS:
        if sign in text:
            found.append(violation("markup", f"contains markup {sign!r}"))
    return found


def _check_timing(index: int, event: CaptionEvent, following: CaptionEvent | None, rate: Fraction) -> list[Violation]:
    def violation(rule: str, detail: str, measured: float, limit: float) -> Violation:
        return Violation(index, event.start_s, rule, detail, measured, limit)

    start_ms = seconds_to_ms(event.start_s)
    end_ms = seconds_to_ms(event.end_s)
    duration_s = Fraction(end_ms - start_ms, 1000)
    found: list[Violation] = []
    if duration_s < MIN_DURATION_S:
        detail = f"duration {float(duration_s):.3f} s is below {float(MIN_DURATION_S):.3f} s"
        found.append(violation("min_duration", detail, float(duration_s), float(MIN_DURATION_S)))
    if duration_s > MAX_DURATION_S:
        detail = f"duration {float(duration_s):.3f} s exceeds {float(MAX_DURATION_S):g} s"
        found.append(violation("max_duration", detail, float(duration_s), float(MAX_DURATION_S)))

    chars = sum(count_chars(line) for line in event.lines)
    if duration_s > 0 and chars > MAX_CHARS_PER_S * duration_s:
        chars_per_s = float(chars / duration_s)
        detail = f"{chars_per_s:.1f} characters per second exceeds {MAX_CHARS_PER_S}"
        found.append(violation("max_reading_speed", detail, chars_per_s, MAX_CHARS_PER_S))

    if following is None:
        return found
    next_start_ms = seconds_to_ms(following.start_s)
    if next_start_ms < end_ms:
        overlap_s = (end_ms - next_start_ms) / 1000
        detail = f"overlaps event {index + 1} by {overlap_s:.3f} s"
        found.append(violation("overlap", detail, overlap_s, 0))
        return found
    gap_ms = next_start_ms - end_ms
    limit_ms = min_gap_ms(rate)
    if gap_ms < limit_ms:
        detail = (
            f"gap of {gap_ms / 1000:.3f} s before event {index + 1} is below {MIN_GAP_FRAMES} frames "
            f"({limit_ms / 1000:.3f} s at {float(rate):g} fps)"
        )
        found.append(violation("min_gap", detail, gap_ms / 1000, limit_ms / 1000))
    return found
