"""Move each act's subtitles and cue times onto the joined video's timeline.

Act k starts at frame F_k of the joined video. A caption starts on the first
frame of its first word, floored to the millisecond
(:func:`padim_studio.captions.timing.frame_start_ms`). So a start moves by
whole frames, from frame j of the act to frame j + F_k of the video, and is
floored to the millisecond again. The event's end moves by the same number of
milliseconds, which keeps every duration as the style check measured it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from padim_studio.captions import CaptionEvent, merge_cue_events, srt_to_events
from padim_studio.captions.style import frame_rate_fraction, seconds_to_ms


def frame_offsets(frame_counts: Sequence[int]) -> list[int]:
    """Return the first frame of each act in the joined video."""
    offsets = []
    total = 0
    for count in frame_counts:
        offsets.append(total)
        total += count
    return offsets


def shift_ms(start_ms: int, offset_frames: int, rate: Fraction) -> int:
    """Return how many milliseconds a caption starting at ``start_ms`` moves when moved by ``offset_frames``."""
    # The frame whose floored millisecond start is start_ms (or the next frame for a start between frames).
    frame = math.ceil(Fraction(start_ms, 1000) * rate)
    return math.floor(Fraction((frame + offset_frames) * 1000) / rate) - math.floor(Fraction(frame * 1000) / rate)


def offset_events(events: Sequence[CaptionEvent], offset_frames: int, frame_rate: float) -> list[CaptionEvent]:
    """Move caption events by ``offset_frames`` frames (earlier when negative), as the module notes describe."""
    rate = frame_rate_fraction(frame_rate)
    moved = []
    for event in events:
        start_ms = seconds_to_ms(event.start_s)
        shift = shift_ms(start_ms, offset_frames, rate)
        moved.append(replace(event, start_s=(start_ms + shift) / 1000, end_s=(seconds_to_ms(event.end_s) + shift) / 1000))
    return moved


def join_subtitles(subtitle_files: Sequence[Path], frame_counts: Sequence[int], frame_rate: float) -> list[CaptionEvent]:
    """Return the captions of every act on the joined timeline.

    ``merge_cue_events`` then trims an act's last caption if it would come
    within two frames of the next act's first caption.
    """
    per_act = []
    for path, offset in zip(subtitle_files, frame_offsets(frame_counts), strict=True):
        events = srt_to_events(Path(path).read_text(encoding="utf-8"))
        per_act.append(offset_events(events, offset, frame_rate))
    return merge_cue_events(per_act, frame_rate=frame_rate)


def join_cue_timelines(timeline_files: Sequence[Path], frame_counts: Sequence[int], frame_rate: float) -> dict:
    """Return the ``<Class>.cues.json`` record of the joined video from those of its acts.

    Cue starts move by the act's start in seconds. ``duration_s`` is the
    joined video's frame count over its frame rate. ``frame_rate`` is written
    as the acts record it (manim's ``config.frame_rate``, an int for -ql).
    """
    rate = frame_rate_fraction(frame_rate)
    cues = []
    recorded_rate = frame_rate
    for path, offset in zip(timeline_files, frame_offsets(frame_counts), strict=True):
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        if float(record["frame_rate"]) != float(frame_rate):
            raise ValueError(f"{path} is at {record['frame_rate']} fps but the joined video is at {frame_rate} fps")
        recorded_rate = record["frame_rate"]
        offset_s = float(offset / rate)
        for cue in record["cues"]:
            cues.append({**cue, "start_s": round(cue["start_s"] + offset_s, 6)})
    duration_s = float(sum(frame_counts) / rate)
    return {"duration_s": round(duration_s, 6), "frame_rate": recorded_rate, "cues": cues}
