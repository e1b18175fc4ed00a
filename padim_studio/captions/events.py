"""Build caption events from word-timed narration, one cue at a time.

Times are whole milliseconds of video time, the resolution of SRT and
WebVTT. `words_to_events` documents the timing rules, and
`padim_studio.captions.layout` the rules for splitting text.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Iterable, Protocol, Sequence

from padim_studio.captions.layout import LineLayout, choose_events
from padim_studio.captions.style import (
    DEFAULT_FRAME_RATE,
    MAX_DURATION_S,
    MAX_LINGER_S,
    MIN_GAP_FRAMES,
    check_events,
    count_chars,
    format_clock_time,
    frame_rate_fraction,
    seconds_to_ms,
)
from padim_studio.captions.timing import frame_start_ms, latest_end_ms, required_duration_ms

logger = logging.getLogger("padim_studio")

# Penalty that makes the event split prefer any arrangement meeting the
# timing rules, plus 1 per millisecond missing, so that among failing
# arrangements the one closest to the rules wins.
TIMING_FAILURE_COST = 1000.0


class TimedWord(Protocol):
    """A narrated word with its written text and its times in the cue's clip, in seconds."""

    @property
    def text(self) -> str: ...

    @property
    def start_s(self) -> float: ...

    @property
    def end_s(self) -> float: ...


@dataclass(frozen=True)
class CaptionEvent:
    """One caption on screen: its start and end in seconds of video time, and its lines."""

    start_s: float
    end_s: float
    lines: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.lines))

    @property
    def text(self) -> str:
        """The lines joined by line breaks."""
        return "\n".join(self.lines)


def _validated_words(words: Iterable[TimedWord], offset_s: float, cue_label: str) -> list[TimedWord]:
    """Return the words with visible text, after checking their times."""
    visible_words: list[TimedWord] = []
    for number, word in enumerate(words, start=1):
        if not (math.isfinite(word.start_s) and math.isfinite(word.end_s)):
            raise ValueError(f"{cue_label}: word {number} {word.text!r} has a time that is not finite")
        if word.end_s < word.start_s:
            raise ValueError(
                f"{cue_label}: word {number} {word.text!r} ends at {word.end_s} s, before its start at {word.start_s} s"
            )
        if offset_s + word.start_s < 0:
            raise ValueError(f"{cue_label}: word {number} {word.text!r} starts before 0 s of video time")
        if visible_words and word.start_s < visible_words[-1].start_s:
            raise ValueError(
                f"{cue_label}: word {number} {word.text!r} starts at {word.start_s} s, "
                f"before the previous word at {visible_words[-1].start_s} s; words must be in spoken order"
            )
        if word.text.strip():
            visible_words.append(word)
    return visible_words


def words_to_events(
    words: Iterable[TimedWord],
    *,
    offset_s: float = 0.0,
    frame_rate: float = DEFAULT_FRAME_RATE,
    next_speech_s: float | None = None,
    cue_id: str | None = None,
) -> list[CaptionEvent]:
    """Build the caption events of one narration cue.

    Parameters
    ----------
    words
        The cue's words in spoken order, with times in seconds of the cue's
        clip. Words whose text is blank are skipped.
    offset_s
        Start of the cue in the video, in seconds. It is added to every word time.
    frame_rate
        Video frame rate in frames per second.
    next_speech_s
        Start of the next speech in seconds of video time (offset_s is not
        added), or None when unknown. No event ends later than MIN_GAP_FRAMES
        frames before the frame of this time.
    cue_id
        Name of the cue in the warning logged when the events break a rule.

    Returns
    -------
    list[CaptionEvent]
        Events in order, with times in whole milliseconds of video time.

    Notes
    -----
    Events split at sentence ends first, then at clause boundaries, then
    before conjunctions or prepositions, then between words, and never inside
    a word (see `padim_studio.captions.layout.choose_events`). A sentence end
    inside an event costs more than any line break, so sentences share an
    event mainly when separate events would break a timing rule.

    An event starts at the first frame of its first word in the video, that
    is floor((offset_s + start_s) · frame_rate) / frame_rate, floored to the
    millisecond (see `timing.frame_start_ms`). When offset_s is a whole
    number of frames, this equals floor(start_s · frame_rate) / frame_rate +
    offset_s. Its end is::

        min(max(last_end + MAX_LINGER_S, start + required),
            start + MAX_DURATION_S,
            latest end before the next event or next_speech_s)

    where last_end is the end of its last word in video time and required is
    the longer of MIN_DURATION_S and (displayed characters) / MAX_CHARS_PER_S.
    So an event ends at most 0.5 s after its last word unless it needs more
    time to reach the minimum duration or the reading speed, and it never
    comes within MIN_GAP_FRAMES frames of the next one. The exception is a
    next event or next_speech_s less than MIN_GAP_FRAMES frames after the
    start: the end is then 1 ms after the start and a warning is logged.

    When the result still breaks a style rule, for example a word too long
    for a line or narration too fast to read, a warning names the cue and
    every violation.
    """
    cue_label = f"cue {cue_id!r}" if cue_id is not None else "unnamed cue"
    rate = frame_rate_fraction(frame_rate)
    if not math.isfinite(offset_s):
        raise ValueError(f"{cue_label}: invalid offset_s {offset_s!r}: expected a finite number of seconds")
    if next_speech_s is not None and not math.isfinite(next_speech_s):
        raise ValueError(f"{cue_label}: invalid next_speech_s {next_speech_s!r}: expected a finite time or None")
    spoken = _validated_words(words, offset_s, cue_label)
    if not spoken:
        return []

    tokens = [word.text.strip() for word in spoken]
    starts_ms = [frame_start_ms(offset_s + word.start_s, rate) for word in spoken]
    speech_ends_ms = [seconds_to_ms(offset_s + word.end_s) for word in spoken]
    cue_end_limit_ms = None if next_speech_s is None else latest_end_ms(frame_start_ms(next_speech_s, rate), rate)

    def end_limit_ms(stop: int) -> int | None:
        return latest_end_ms(starts_ms[stop], rate) if stop < len(spoken) else cue_end_limit_ms

    def timing_cost(first: int, stop: int, layout: LineLayout) -> float:
        start_ms = starts_ms[first]
        shortfall_ms = 0
        limit_ms = end_limit_ms(stop)
        if limit_ms is not None:
            shortfall_ms += max(0, start_ms + required_duration_ms(layout.displayed_chars) - limit_ms)
        shortfall_ms += max(0, speech_ends_ms[stop - 1] - start_ms - int(MAX_DURATION_S * 1000))
        return TIMING_FAILURE_COST + shortfall_ms if shortfall_ms else 0.0

    events = []
    for first, stop, layout in choose_events(tokens, timing_cost):
        start_ms = starts_ms[first]
        end_ms = max(
            speech_ends_ms[stop - 1] + int(MAX_LINGER_S * 1000),
            start_ms + required_duration_ms(layout.displayed_chars),
        )
        end_ms = min(end_ms, start_ms + int(MAX_DURATION_S * 1000))
        limit_ms = end_limit_ms(stop)
        if limit_ms is not None:
            end_ms = min(end_ms, limit_ms)
        end_ms = max(end_ms, start_ms + 1)
        events.append(CaptionEvent(start_ms / 1000, end_ms / 1000, layout.lines))

    violations = check_events(events, frame_rate)
    if violations:
        logger.warning(
            "%s: no caption arrangement meets the style rules, %d violations: %s",
            cue_label,
            len(violations),
            "; ".join(str(violation) for violation in violations),
        )
    return events


def merge_cue_events(
    cue_events: Iterable[Sequence[CaptionEvent]], frame_rate: float = DEFAULT_FRAME_RATE
) -> list[CaptionEvent]:
    """Merge the events of all cues of a video into one list sorted by start.

    Where an event ends less than MIN_GAP_FRAMES frames before the next one
    starts, its end moves earlier to keep the gap. Starts never move, so two
    events starting less than MIN_GAP_FRAMES frames apart stay overlapping and
    a warning is logged. A warning is also logged when trimming takes an event
    below the minimum duration or reading speed, which passing next_speech_s
    to `words_to_events` avoids.
    """
    rate = frame_rate_fraction(frame_rate)
    events = sorted((event for events_of_cue in cue_events for event in events_of_cue), key=lambda event: event.start_s)
    merged: list[CaptionEvent] = []
    for position, event in enumerate(events):
        if position + 1 < len(events):
            event = _trim_before(event, events[position + 1], rate)
        merged.append(event)
    return merged


def _trim_before(event: CaptionEvent, following: CaptionEvent, rate: Fraction) -> CaptionEvent:
    start_ms = seconds_to_ms(event.start_s)
    end_ms = seconds_to_ms(event.end_s)
    limit_ms = latest_end_ms(seconds_to_ms(following.start_s), rate)
    if end_ms <= limit_ms:
        return event

    following_time = format_clock_time(seconds_to_ms(following.start_s))
    if limit_ms <= start_ms:
        logger.warning(
            "caption at %s starts less than %d frames before the caption at %s, so both stay on screen "
            "together because starts never move",
            format_clock_time(start_ms),
            MIN_GAP_FRAMES,
            following_time,
        )
        return event

    chars = sum(count_chars(line) for line in event.lines)
    if limit_ms - start_ms < required_duration_ms(chars):
        logger.warning(
            "caption at %s was trimmed to %.3f s to keep %d frames before the caption at %s, below its minimum "
            "duration or reading speed. Pass next_speech_s to words_to_events to plan for the next cue.",
            format_clock_time(start_ms),
            (limit_ms - start_ms) / 1000,
            MIN_GAP_FRAMES,
            following_time,
        )
    return replace(event, end_s=limit_ms / 1000)
