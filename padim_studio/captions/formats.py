"""Convert caption events to and from SRT and WebVTT text.

SRT goes through the `srt` package. WebVTT is written here and read with
`webvtt-py`. Both store times in whole milliseconds, so times are rounded to
the nearest millisecond on the way out. Text is written as UTF-8 without a
byte order mark.
"""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path
from typing import Iterable, Sequence

import srt
import webvtt

from padim_studio.captions.events import CaptionEvent
from padim_studio.captions.style import seconds_to_ms

WEBVTT_HEADER = "WEBVTT"


def events_to_subtitles(events: Iterable[CaptionEvent]) -> list[srt.Subtitle]:
    """Convert events to `srt.Subtitle` objects numbered from 1."""
    return [
        srt.Subtitle(
            index=number,
            start=timedelta(milliseconds=seconds_to_ms(event.start_s)),
            end=timedelta(milliseconds=seconds_to_ms(event.end_s)),
            content=event.text,
        )
        for number, event in enumerate(events, start=1)
    ]


def subtitles_to_events(subtitles: Iterable[srt.Subtitle]) -> list[CaptionEvent]:
    """Convert `srt.Subtitle` objects to events, one line per line of content."""
    return [
        CaptionEvent(
            start_s=subtitle.start.total_seconds(),
            end_s=subtitle.end.total_seconds(),
            lines=tuple(subtitle.content.split("\n")),
        )
        for subtitle in subtitles
    ]


def events_to_srt(events: Iterable[CaptionEvent]) -> str:
    """Compose events as SRT text, blocks numbered from 1 in the given order."""
    return srt.compose(events_to_subtitles(events), reindex=True, start_index=1)


def srt_to_events(text: str) -> list[CaptionEvent]:
    """Parse SRT text into events.

    Raises
    ------
    srt.SRTParseError
        If the text is not valid SRT. The error carries the unmatched content.
    """
    return subtitles_to_events(srt.parse(text))


def _webvtt_timestamp(time_s: float) -> str:
    hours, rest_ms = divmod(seconds_to_ms(time_s), 3_600_000)
    minutes, rest_ms = divmod(rest_ms, 60_000)
    seconds, milliseconds = divmod(rest_ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{milliseconds:03d}"


def _escape_webvtt_text(line: str) -> str:
    # WebVTT cue text reserves "&", "<" and ">", and "-->" must not appear.
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def events_to_webvtt(events: Iterable[CaptionEvent]) -> str:
    """Write events as WebVTT text: the WEBVTT header, a blank line, then one cue per event.

    Timestamps are HH:MM:SS.mmm with at least two-digit hours. "&", "<" and
    ">" in the text are written as character references.
    """
    blocks = [WEBVTT_HEADER + "\n"]
    for event in events:
        timing = f"{_webvtt_timestamp(event.start_s)} --> {_webvtt_timestamp(event.end_s)}"
        text = "\n".join(_escape_webvtt_text(line) for line in event.lines)
        blocks.append(f"{timing}\n{text}\n")
    return "\n".join(blocks)


def webvtt_to_events(text: str) -> list[CaptionEvent]:
    """Parse WebVTT text into events with `webvtt-py`.

    Character references such as "&amp;" are decoded. Tags such as "<i>" are
    kept as written, so the style checker reports them as markup.

    Raises
    ------
    webvtt.errors.MalformedFileError
        If the text has no WEBVTT header.
    webvtt.errors.MalformedCaptionError
        If a cue has an invalid timestamp.
    """
    captions = webvtt.from_string(text).captions
    return [
        CaptionEvent(
            start_s=caption.start_time.in_milliseconds() / 1000,
            end_s=caption.end_time.in_milliseconds() / 1000,
            lines=tuple(html.unescape(line) for line in caption.lines),
        )
        for caption in captions
    ]


def srt_to_webvtt(text: str) -> str:
    """Convert SRT text to WebVTT text. SRT tags such as "<i>" are escaped, not converted."""
    return events_to_webvtt(srt_to_events(text))


def write_srt_file(path: str | Path, events: Sequence[CaptionEvent]) -> None:
    """Write events to `path` as SRT in UTF-8 without a byte order mark."""
    Path(path).write_text(events_to_srt(events), encoding="utf-8", newline="\n")


def write_webvtt_file(path: str | Path, events: Sequence[CaptionEvent]) -> None:
    """Write events to `path` as WebVTT in UTF-8 without a byte order mark."""
    Path(path).write_text(events_to_webvtt(events), encoding="utf-8", newline="\n")
