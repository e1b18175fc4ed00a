"""Word-timed caption events for narrated videos, SRT and WebVTT conversions, and a style checker.

The package never imports manim. The voice layer supplies word timings,
`words_to_events` turns one cue into events, `merge_cue_events` joins the
cues of a video, and `check_events` or `main_check` reports style violations.
"""

from padim_studio.captions.check import (
    CaptionFileError,
    CaptionFileReport,
    check_caption_file,
    check_srt_file,
    check_webvtt_file,
    main_check,
)
from padim_studio.captions.events import CaptionEvent, TimedWord, merge_cue_events, words_to_events
from padim_studio.captions.formats import (
    events_to_srt,
    events_to_subtitles,
    events_to_webvtt,
    srt_to_events,
    srt_to_webvtt,
    subtitles_to_events,
    webvtt_to_events,
    write_srt_file,
    write_webvtt_file,
)
from padim_studio.captions.style import Violation, check_events

__all__ = [
    "CaptionEvent",
    "CaptionFileError",
    "CaptionFileReport",
    "TimedWord",
    "Violation",
    "check_caption_file",
    "check_events",
    "check_srt_file",
    "check_webvtt_file",
    "events_to_srt",
    "events_to_subtitles",
    "events_to_webvtt",
    "main_check",
    "merge_cue_events",
    "srt_to_events",
    "srt_to_webvtt",
    "subtitles_to_events",
    "webvtt_to_events",
    "words_to_events",
    "write_srt_file",
    "write_webvtt_file",
]
