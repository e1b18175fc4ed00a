"""Tests of the caption style checker on hand-made events."""

import pytest

from padim_studio.captions.events import CaptionEvent
from padim_studio.captions.style import Violation, check_events, frame_rate_fraction, min_gap_ms

GOOD = CaptionEvent(1.0, 3.0, ("PaDiM fits one Gaussian per patch.",))


def rules_of(violations):
    return [violation.rule for violation in violations]


def test_compliant_event_passes():
    assert check_events([GOOD]) == []


def test_no_events_pass():
    assert check_events([]) == []


def test_message_names_index_time_value_and_limit():
    filler = [CaptionEvent(index * 2.0, index * 2.0 + 1.5, ("Filler.",)) for index in range(6)]
    fast = CaptionEvent(62.5, 64.0, ("This caption has far too many characters", "for the short time it stays up."))

    violations = check_events(filler + [fast])

    assert len(violations) == 1
    assert str(violations[0]) == "event 7 at 0:01:02.500: 47.3 characters per second exceeds 20"
    assert violations[0].event_index == 7
    assert violations[0].rule == "max_reading_speed"
    assert violations[0].measured == pytest.approx(71 / 1.5)
    assert violations[0].limit == 20


@pytest.mark.parametrize(
    ("event", "rule", "detail"),
    [
        (CaptionEvent(1.0, 5.0, ("one", "two", "three")), "max_lines", "3 lines exceed 2"),
        (CaptionEvent(1.0, 5.0, ("x" * 43, "y")), "max_line_length", "line 1 has 43 characters, exceeds 42"),
        (CaptionEvent(1.0, 5.0, ("Short", "lines.")), "single_line_fits", "2 lines where one fits: 12 characters fit in 42"),
        (CaptionEvent(1.0, 1.5, ("Yes.",)), "min_duration", "duration 0.500 s is below 0.833 s"),
        (CaptionEvent(1.0, 8.5, ("Slow.",)), "max_duration", "duration 7.500 s exceeds 7 s"),
        (CaptionEvent(1.0, 2.0, ("x" * 21,)), "max_reading_speed", "21.0 characters per second exceeds 20"),
        (CaptionEvent(1.0, 3.0, ("<i>Hello</i>",)), "markup", "contains markup '<'"),
        (CaptionEvent(1.0, 3.0, ('bookmark mark="A"/',)), "markup", "contains markup 'bookmark'"),
        (CaptionEvent(1.0, 3.0, ("",)), "empty", "has no text"),
    ],
)
def test_single_rule_violations(event, rule, detail):
    violations = check_events([event])

    assert rule in rules_of(violations)
    details = [violation.detail for violation in violations if violation.rule == rule]
    assert details[0] == detail


def test_markup_signs_each_reported():
    event = CaptionEvent(1.0, 3.0, ('<bookmark mark="A"/>',))

    markup_details = [violation.detail for violation in check_events([event]) if violation.rule == "markup"]

    assert markup_details == [
        "contains markup '<'",
        "contains markup '>'",
        "contains markup 'bookmark'",
        "contains markup 'mark='",
    ]


@pytest.mark.parametrize(
    "event",
    [
        CaptionEvent(1.0, 1.834, ("Yes.",)),  # 834 ms is the first whole millisecond above 5/6 s
        CaptionEvent(1.0, 8.0, ("Exactly seven seconds.",)),
        CaptionEvent(1.0, 2.0, ("x" * 20,)),  # exactly 20 characters per second
        CaptionEvent(1.0, 4.0, ("x" * 42,)),
        CaptionEvent(1.0, 6.0, ("x" * 42, "y" * 42)),
        CaptionEvent(1.0, 3.0, ("σ² μ Σ §3.",)),
    ],
)
def test_values_at_limits_pass(event):
    assert check_events([event]) == []


def test_duration_just_below_minimum_fails():
    assert rules_of(check_events([CaptionEvent(1.0, 1.833, ("Yes.",))])) == ["min_duration"]


def test_reading_speed_counts_both_lines_without_break():
    # 21 + 22 characters over 2.15 s is exactly 20 characters per second.
    event = CaptionEvent(1.0, 3.15, ("a" * 21, "b" * 22))

    assert check_events([event]) == []


def test_reading_speed_counts_code_points():
    # "σ²" is 2 code points, so 10 copies are 20 characters: 20 per second.
    assert check_events([CaptionEvent(1.0, 2.0, ("σ²" * 10,))]) == []


def test_gap_of_two_frames_passes():
    events = [CaptionEvent(1.0, 2.0, ("One.",)), CaptionEvent(2.0 + 2 / 60, 3.0, ("Two.",))]

    assert check_events(events, frame_rate=60) == []


def test_gap_of_one_frame_fails():
    events = [CaptionEvent(1.0, 2.0, ("One.",)), CaptionEvent(2.017, 3.0, ("Two.",))]

    violations = check_events(events, frame_rate=60)

    assert rules_of(violations) == ["min_gap"]
    assert str(violations[0]) == "event 1 at 0:00:01.000: gap of 0.017 s before event 2 is below 2 frames (0.033 s at 60 fps)"


def test_gap_depends_on_frame_rate():
    events = [CaptionEvent(1.0, 2.0, ("One.",)), CaptionEvent(2.05, 3.0, ("Two.",))]

    assert check_events(events, frame_rate=60) == []
    assert rules_of(check_events(events, frame_rate=24)) == ["min_gap"]


def test_touching_events_fail_gap():
    events = [CaptionEvent(1.0, 2.0, ("One.",)), CaptionEvent(2.0, 3.0, ("Two.",))]

    violations = check_events(events)

    assert rules_of(violations) == ["min_gap"]
    assert violations[0].measured == 0.0


def test_overlap_reported():
    events = [CaptionEvent(1.0, 2.5, ("One.",)), CaptionEvent(2.0, 3.0, ("Two.",))]

    violations = check_events(events)

    assert rules_of(violations) == ["overlap"]
    assert violations[0].detail == "overlaps event 2 by 0.500 s"


def test_unsorted_events_reported_as_overlap():
    events = [CaptionEvent(5.0, 6.0, ("Later.",)), CaptionEvent(1.0, 2.0, ("Earlier.",))]

    assert rules_of(check_events(events)) == ["overlap"]


def test_file_level_violation_has_no_event():
    violation = Violation(None, None, "bom", "file starts with a UTF-8 byte order mark")

    assert str(violation) == "file starts with a UTF-8 byte order mark"


@pytest.mark.parametrize(("frame_rate", "expected_ms"), [(60, 33), (30, 66), (25, 80), (24, 83)])
def test_min_gap_in_whole_milliseconds(frame_rate, expected_ms):
    assert min_gap_ms(frame_rate_fraction(frame_rate)) == expected_ms


@pytest.mark.parametrize("frame_rate", [0, -24, float("nan"), float("inf")])
def test_invalid_frame_rate_rejected(frame_rate):
    with pytest.raises(ValueError, match="invalid frame rate"):
        check_events([GOOD], frame_rate=frame_rate)
