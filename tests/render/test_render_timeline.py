"""Moving act subtitles and cue times onto the joined timeline."""

import json
from dataclasses import dataclass

import pytest

from padim_studio.captions import CaptionEvent, events_to_srt, srt_to_events, words_to_events
from padim_studio.render.timeline import frame_offsets, join_cue_timelines, join_subtitles, offset_events


@dataclass(frozen=True)
class Word:
    text: str
    start_s: float
    end_s: float


WORDS = [
    Word("PaDiM", 0.11, 0.52),
    Word("fits", 0.55, 0.8),
    Word("one", 0.83, 1.0),
    Word("Gaussian", 1.02, 1.6),
    Word("per", 1.63, 1.8),
    Word("patch.", 1.82, 2.3),
    Word("Then", 3.1, 3.35),
    Word("it", 3.37, 3.45),
    Word("scores", 3.5, 3.9),
    Word("each", 3.93, 4.2),
    Word("test", 4.23, 4.5),
    Word("image.", 4.53, 5.0),
]


def test_frame_offsets_are_running_totals():
    assert frame_offsets([10, 20, 5]) == [0, 10, 30]


@pytest.mark.parametrize("frame_rate", [15, 30, 60])
@pytest.mark.parametrize("offset_frames", [1, 7, 429, 3319])
def test_offset_round_trip(frame_rate, offset_frames):
    events = words_to_events(WORDS, offset_s=0.0, frame_rate=frame_rate)
    moved = offset_events(events, offset_frames, frame_rate)
    assert offset_events(moved, -offset_frames, frame_rate) == events


@pytest.mark.parametrize("frame_rate", [15, 60])
def test_offset_round_trip_through_srt_text(frame_rate):
    events = words_to_events(WORDS, offset_s=0.0, frame_rate=frame_rate)
    moved = srt_to_events(events_to_srt(offset_events(events, 500, frame_rate)))
    assert srt_to_events(events_to_srt(offset_events(moved, -500, frame_rate))) == events


@pytest.mark.parametrize("frame_rate", [15, 30, 60])
@pytest.mark.parametrize("offset_frames", [1, 7, 429, 3319])
def test_offset_matches_events_built_at_that_offset(frame_rate, offset_frames):
    """Moving an act's events equals building them where the act starts in the whole video."""
    offset_s = offset_frames / frame_rate
    moved = offset_events(words_to_events(WORDS, frame_rate=frame_rate), offset_frames, frame_rate)
    built = words_to_events(WORDS, offset_s=offset_s, frame_rate=frame_rate)
    assert [event.lines for event in moved] == [event.lines for event in built]
    assert [event.start_s for event in moved] == [event.start_s for event in built]
    for moved_event, built_event in zip(moved, built):
        # An end 0.5 s after a word is rounded to the millisecond from a different sum, so it may differ by 1 ms.
        assert abs(round(moved_event.end_s * 1000) - round(built_event.end_s * 1000)) <= 1


def test_offset_keeps_durations():
    events = words_to_events(WORDS, frame_rate=15)
    moved = offset_events(events, 77, 15)
    for before, after in zip(events, moved):
        assert round((after.end_s - after.start_s) * 1000) == round((before.end_s - before.start_s) * 1000)


def test_join_subtitles_places_each_act(tmp_path):
    first = [CaptionEvent(0.0, 1.5, ("first act",))]
    second = [CaptionEvent(0.066, 1.2, ("second act",))]
    (tmp_path / "a.srt").write_text(events_to_srt(first), encoding="utf-8")
    (tmp_path / "b.srt").write_text(events_to_srt(second), encoding="utf-8")
    events = join_subtitles([tmp_path / "a.srt", tmp_path / "b.srt"], [30, 45], 15)
    assert [event.text for event in events] == ["first act", "second act"]
    assert events[0].start_s == 0.0
    assert events[1].start_s == 2.066  # frame 31 at 15 fps, floored to the millisecond


def test_join_subtitles_keeps_two_frames_between_acts(tmp_path):
    # The first act's caption runs to its last frame; the next act's caption starts on its first frame.
    (tmp_path / "a.srt").write_text(events_to_srt([CaptionEvent(0.0, 2.0, ("first act",))]), encoding="utf-8")
    (tmp_path / "b.srt").write_text(events_to_srt([CaptionEvent(0.0, 1.0, ("second act",))]), encoding="utf-8")
    events = join_subtitles([tmp_path / "a.srt", tmp_path / "b.srt"], [30, 30], 15)
    assert events[1].start_s == 2.0
    assert events[0].end_s <= 2.0 - 2 / 15 + 0.001


def write_timeline(path, cues, duration_s, frame_rate=15):
    path.write_text(json.dumps({"duration_s": duration_s, "frame_rate": frame_rate, "cues": cues}), encoding="utf-8")


def test_join_cue_timelines_offsets_cues(tmp_path):
    write_timeline(tmp_path / "a.json", [{"act": "a", "cue": "one", "start_s": 0.0, "duration_s": 1.5}], 2.0)
    write_timeline(tmp_path / "b.json", [{"act": "b", "cue": "two", "start_s": 0.2, "duration_s": 3.0}], 4.0)
    record = join_cue_timelines([tmp_path / "a.json", tmp_path / "b.json"], [30, 60], 15)
    assert record["duration_s"] == 6.0
    assert record["frame_rate"] == 15
    assert [cue["cue"] for cue in record["cues"]] == ["one", "two"]
    assert record["cues"][1]["start_s"] == 2.2
    assert record["cues"][1]["duration_s"] == 3.0


def test_join_cue_timelines_rejects_other_frame_rate(tmp_path):
    write_timeline(tmp_path / "a.json", [], 2.0, frame_rate=60)
    with pytest.raises(ValueError, match="60 fps"):
        join_cue_timelines([tmp_path / "a.json"], [30], 15)
