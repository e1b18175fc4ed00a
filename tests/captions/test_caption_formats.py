"""Tests of SRT and WebVTT conversions, round trips and written files."""

import html
from datetime import timedelta

import pytest
import srt
import webvtt

from padim_studio.captions.events import CaptionEvent
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

EVENTS = [
    CaptionEvent(0.0, 1.5, ("PaDiM needs no training.",)),
    CaptionEvent(1.533, 4.017, ("The mean μ and the covariance Σ,", "with σ² on the diagonal, see §3.")),
    CaptionEvent(59.999, 62.5, ("AUROC 0.962 in version 2.1.3.",)),
    CaptionEvent(3599.5, 3601.25, ("An hour in: x_ij (PCA).",)),
    CaptionEvent(36000.001, 36002.0, ("Ten hours in.",)),
]


def test_srt_text_golden():
    events = [
        CaptionEvent(1.0, 2.5, ("PaDiM needs no training.",)),
        CaptionEvent(62.5, 65.25, ("The mean μ and the covariance Σ,", "with σ² on the diagonal.")),
    ]

    assert events_to_srt(events) == (
        "1\n"
        "00:00:01,000 --> 00:00:02,500\n"
        "PaDiM needs no training.\n"
        "\n"
        "2\n"
        "00:01:02,500 --> 00:01:05,250\n"
        "The mean μ and the covariance Σ,\n"
        "with σ² on the diagonal.\n"
        "\n"
    )


def test_webvtt_text_golden():
    events = [
        CaptionEvent(1.0, 2.5, ("PaDiM needs no training.",)),
        CaptionEvent(3662.5, 3665.25, ("The mean μ and the covariance Σ,", "with σ² on the diagonal.")),
    ]

    assert events_to_webvtt(events) == (
        "WEBVTT\n"
        "\n"
        "00:00:01.000 --> 00:00:02.500\n"
        "PaDiM needs no training.\n"
        "\n"
        "01:01:02.500 --> 01:01:05.250\n"
        "The mean μ and the covariance Σ,\n"
        "with σ² on the diagonal.\n"
    )


def test_srt_round_trip():
    assert srt_to_events(events_to_srt(EVENTS)) == EVENTS


def test_webvtt_round_trip():
    assert webvtt_to_events(events_to_webvtt(EVENTS)) == EVENTS


def test_subtitles_round_trip():
    subtitles = events_to_subtitles(EVENTS)

    assert [subtitle.index for subtitle in subtitles] == [1, 2, 3, 4, 5]
    assert subtitles_to_events(subtitles) == EVENTS


def test_webvtt_read_by_webvtt_py():
    captions = webvtt.from_string(events_to_webvtt(EVENTS)).captions

    assert [caption.text for caption in captions] == [event.text for event in EVENTS]
    assert [caption.start_time.in_milliseconds() for caption in captions] == [
        round(event.start_s * 1000) for event in EVENTS
    ]
    assert [caption.end_time.in_milliseconds() for caption in captions] == [
        round(event.end_s * 1000) for event in EVENTS
    ]


def test_srt_read_by_srt_parse():
    subtitles = list(srt.parse(events_to_srt(EVENTS)))

    assert [subtitle.index for subtitle in subtitles] == [1, 2, 3, 4, 5]
    assert [subtitle.content for subtitle in subtitles] == [event.text for event in EVENTS]
    assert [subtitle.start for subtitle in subtitles] == [
        timedelta(milliseconds=round(event.start_s * 1000)) for event in EVENTS
    ]


def test_times_rounded_to_nearest_millisecond():
    event = CaptionEvent(1 + 1 / 60, 2.0004, ("Frame one.",))

    text = events_to_srt([event])

    assert "00:00:01,017 --> 00:00:02,000" in text
    assert "00:00:01.017 --> 00:00:02.000" in events_to_webvtt([event])


def test_webvtt_escapes_reserved_characters():
    event = CaptionEvent(1.0, 3.0, ("R&D: a < b --> c",))

    written = events_to_webvtt([event])
    caption = webvtt.from_string(written).captions[0]

    assert "R&amp;D: a &lt; b --&gt; c" in written
    assert html.unescape(caption.text) == "R&D: a < b --> c"
    assert webvtt_to_events(written) == [event]


def test_srt_to_webvtt():
    srt_text = events_to_srt(EVENTS)

    assert srt_to_webvtt(srt_text) == events_to_webvtt(EVENTS)


def test_srt_with_bom_parses():
    assert srt_to_events("\ufeff" + events_to_srt(EVENTS[:1])) == EVENTS[:1]


def test_invalid_srt_raises_parse_error():
    with pytest.raises(srt.SRTParseError):
        srt_to_events("this is not a subtitle file\n")


def test_invalid_webvtt_raises():
    with pytest.raises(webvtt.errors.MalformedFileError):
        webvtt_to_events("no header here\n")


def test_empty_event_list():
    assert events_to_srt([]) == ""
    assert events_to_webvtt([]) == "WEBVTT\n"
    assert srt_to_events("") == []


@pytest.mark.parametrize(
    ("write", "read"),
    [(write_srt_file, srt_to_events), (write_webvtt_file, webvtt_to_events)],
)
def test_written_file_is_utf8_without_bom(tmp_path, write, read):
    path = tmp_path / "captions.txt"

    write(path, EVENTS)
    data = path.read_bytes()

    assert not data.startswith(b"\xef\xbb\xbf")
    assert "σ²".encode("utf-8") in data
    assert b"\r\n" not in data
    assert read(data.decode("utf-8")) == EVENTS
