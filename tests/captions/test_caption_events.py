"""Tests of building caption events from word timings and merging cues."""

import logging
import math
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest

from padim_studio.captions.events import CaptionEvent, merge_cue_events, words_to_events
from padim_studio.captions.timing import required_duration_ms
from padim_studio.captions.formats import events_to_srt, events_to_webvtt, srt_to_events, webvtt_to_events
from padim_studio.captions.style import MAX_LINE_CHARS, check_events, count_chars

FRAME_RATE = 60


@dataclass(frozen=True)
class Word:
    text: str
    start_s: float
    end_s: float


def narrate(text, start_s=0.0, words_per_minute=150):
    """Return words with TTS-like times: length-scaled durations and pauses after punctuation.

    Tokens are separated by spaces, and "~" stands for a space inside a
    protected name such as "MVTec~AD". At 150 words per minute a 5-letter
    word takes 0.4 s. Commas add 0.2 s and sentence ends 0.45 s of silence.
    """
    scale = 150 / words_per_minute
    words = []
    clock_s = start_s
    for token in text.split():
        token = token.replace("~", " ")
        duration_s = (0.1 + 0.06 * len(token)) * scale
        words.append(Word(token, clock_s, clock_s + duration_s))
        clock_s += duration_s
        if token.endswith((",", ";", ":")):
            clock_s += 0.2 * scale
        elif token.endswith((".", "?", "!")):
            clock_s += 0.45 * scale
    return words


def words_of_events(events, words):
    """Return, for each event, the words it shows, matched by text in order."""
    groups = []
    position = 0
    for event in events:
        target = " ".join(event.lines)
        group = []
        while " ".join(word.text for word in group) != target:
            group.append(words[position])
            position += 1
        groups.append(group)
    return groups


def frame_floor_s(time_s):
    # The builder ignores float noise below 1e-6 frame before flooring.
    return math.floor(round(time_s * FRAME_RATE, 6)) / FRAME_RATE


PADIM_CUES = [
    "PaDiM detects anomalies without ever seeing a defect. During training it only looks at normal images, "
    "for example the good screws and carpets of MVTec~AD.",
    "Each image goes through a pretrained Wide~ResNet-50, and the activations of three layers are concatenated "
    "into one embedding vector x_ij for every patch position.",
    "For each position PaDiM fits a multivariate Gaussian: the mean μ and the covariance Σ, with a small "
    "regularisation term added to its diagonal, as described in §3.",
    "At test time the anomaly score of a patch is its Mahalanobis distance to that Gaussian, so a scratch "
    "or a hole lights up in the anomaly map. Image AUROC reaches 0.962 on average, and version 2.1.3 of "
    "the code matches it. Yes.",
    "Random dimensionality reduction keeps 100 of 448 channels, which works about as well as principal "
    "component analysis (PCA) and costs almost nothing, i.e. it is chosen at random once. The variance σ² "
    "of each channel stays in Σ.",
]


def build_video(words_per_minute=150, pause_between_cues_s=0.8):
    """Build the events of PADIM_CUES narrated back to back, as the video pipeline would."""
    cues = []
    offset_s = 2.0
    for text in PADIM_CUES:
        words = narrate(text, words_per_minute=words_per_minute)
        cues.append((offset_s, words))
        offset_s += words[-1].end_s + pause_between_cues_s

    events_per_cue = []
    for number, (offset_s, words) in enumerate(cues):
        next_speech_s = None
        if number + 1 < len(cues):
            next_offset_s, next_words = cues[number + 1]
            next_speech_s = next_offset_s + next_words[0].start_s
        events = words_to_events(
            words, offset_s=offset_s, frame_rate=FRAME_RATE, next_speech_s=next_speech_s, cue_id=f"cue-{number}"
        )
        events_per_cue.append(events)
    return cues, events_per_cue


@pytest.mark.parametrize("words_per_minute", [140, 150, 160])
def test_realistic_narration_passes_checker(words_per_minute, caplog):
    with caplog.at_level(logging.WARNING, logger="padim_studio"):
        _, events_per_cue = build_video(words_per_minute)
        events = merge_cue_events(events_per_cue, frame_rate=FRAME_RATE)

    assert check_events(events, FRAME_RATE) == []
    assert caplog.records == []
    assert len(events) >= 15


def test_realistic_events_keep_every_word_in_order():
    cues, events_per_cue = build_video()

    for (_, words), events in zip(cues, events_per_cue):
        shown_text = " ".join(" ".join(event.lines) for event in events)
        assert shown_text == " ".join(word.text for word in words)


def test_event_start_is_first_word_frame():
    cues, events_per_cue = build_video()

    for (offset_s, words), events in zip(cues, events_per_cue):
        for event, group in zip(events, words_of_events(events, words)):
            expected_s = frame_floor_s(offset_s + group[0].start_s)
            assert event.start_s <= expected_s + 1e-9
            assert event.start_s > expected_s - 0.001


def end_rule_cases(words_per_minute):
    """Yield (event, end of its last word + 0.5 s, start + required duration) for the built video."""
    cues, events_per_cue = build_video(words_per_minute)
    for (offset_s, words), events in zip(cues, events_per_cue):
        for event, group in zip(events, words_of_events(events, words)):
            linger_end_s = offset_s + group[-1].end_s + 0.5
            displayed_chars = sum(count_chars(line) for line in event.lines)
            required_end_s = event.start_s + required_duration_ms(displayed_chars) / 1000
            yield event, linger_end_s, required_end_s


@pytest.mark.parametrize("words_per_minute", [150, 200])
def test_event_end_rule(words_per_minute):
    for event, linger_end_s, required_end_s in end_rule_cases(words_per_minute):
        # Speech ends are rounded to the millisecond, hence the 0.5 ms.
        if event.end_s > linger_end_s + 0.0005:
            assert event.end_s <= required_end_s + 1e-9
        assert event.end_s - event.start_s <= 7.0


def test_fast_narration_extends_into_pauses(caplog):
    extended = [
        event for event, linger_end_s, _ in end_rule_cases(200) if event.end_s > linger_end_s + 0.0005
    ]
    with caplog.at_level(logging.WARNING, logger="padim_studio"):
        _, events_per_cue = build_video(200)
        events = merge_cue_events(events_per_cue, frame_rate=FRAME_RATE)

    assert len(extended) >= 1
    assert check_events(events, FRAME_RATE) == []
    assert caplog.records == []


def test_realistic_events_round_trip_srt_and_webvtt():
    _, events_per_cue = build_video()
    events = merge_cue_events(events_per_cue, frame_rate=FRAME_RATE)

    assert srt_to_events(events_to_srt(events)) == events
    assert webvtt_to_events(events_to_webvtt(events)) == events


def test_symbols_kept_as_written():
    words = narrate("The mean μ, the variance σ² and the covariance Σ are defined in §3.")

    events = words_to_events(words)

    shown_text = " ".join(" ".join(event.lines) for event in events)
    assert "μ," in shown_text
    assert "σ²" in shown_text
    assert "Σ" in shown_text
    assert "§3." in shown_text
    assert "σ²" in events_to_srt(events)


def test_protected_names_stay_on_one_line():
    words = narrate("Results on MVTec~AD use a Wide~ResNet-50 backbone with features from layers one to three of it.")

    events = words_to_events(words)

    lines = [line for event in events for line in event.lines]
    assert any("MVTec AD" in line for line in lines)
    assert any("Wide ResNet-50" in line for line in lines)


def test_long_clause_passes_checker():
    clause = (
        "the network maps every image patch to a vector that concatenates features from three "
        "layers of a pretrained convolutional backbone chosen for all its generality"
    )
    assert len(clause) == 160
    words = narrate(clause)

    events = words_to_events(words, next_speech_s=words[-1].end_s + 1.0)

    assert len(events) >= 2
    assert check_events(events, FRAME_RATE) == []


def test_numbers_neither_split_nor_end_sentences():
    words = narrate("Image AUROC reaches 0.962 on average and version 2.1.3 of the code matches.")

    events = words_to_events(words)

    assert len(events) == 1
    assert any("0.962" in line for line in events[0].lines)
    assert any("2.1.3" in line for line in events[0].lines)


def test_sentence_end_after_number_splits():
    words = narrate("Image AUROC reaches 0.962. The code of version 2.1.3 matches it.")

    events = words_to_events(words)

    assert [event.text for event in events] == ["Image AUROC reaches 0.962.", "The code of version 2.1.3 matches it."]


def test_long_token_stays_whole_and_warns(caplog):
    token = "".join(chr(ord("a") + index % 26) for index in range(120))
    words = narrate(f"The hash {token} is stored.")

    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="padim_studio"):
        events = words_to_events(words, cue_id="hash-demo")
    elapsed_s = time.perf_counter() - started

    assert elapsed_s < 5.0
    assert [event.lines for event in events if token in event.text] == [(token,)]
    violations = check_events(events, FRAME_RATE)
    assert any(violation.rule == "max_line_length" and violation.measured == 120 for violation in violations)
    assert len(caplog.records) == 1
    assert "hash-demo" in caplog.records[0].getMessage()
    assert "120 characters, exceeds 42" in caplog.records[0].getMessage()


def test_short_word_extended_to_minimum_duration(caplog):
    words = [Word("Yes.", 1.0, 1.3)]

    with caplog.at_level(logging.WARNING, logger="padim_studio"):
        events = words_to_events(words, next_speech_s=3.0, cue_id="yes")

    assert len(events) == 1
    assert events[0].start_s == 1.0
    assert events[0].end_s == 1.834
    assert caplog.records == []


def test_short_word_limited_by_next_speech_warns(caplog):
    words = [Word("Yes.", 1.0, 1.3)]

    with caplog.at_level(logging.WARNING, logger="padim_studio"):
        events = words_to_events(words, next_speech_s=1.6, cue_id="yes-short")

    # Two frames before 1.6 s at 60 fps is frame 94, at 1.5667 s.
    assert events[0].end_s == 1.566
    assert len(caplog.records) == 1
    assert "yes-short" in caplog.records[0].getMessage()
    assert "duration 0.566 s is below 0.833 s" in caplog.records[0].getMessage()


def test_fast_sentences_merge(caplog):
    words = [Word("Fit.", 0.0, 0.25), Word("Score.", 0.3, 0.55), Word("Map.", 0.6, 0.85)]

    with caplog.at_level(logging.WARNING, logger="padim_studio"):
        events = words_to_events(words, next_speech_s=3.0)

    assert [event.text for event in events] == ["Fit. Score. Map."]
    assert caplog.records == []


def test_slow_sentences_stay_apart():
    words = [Word("Fit.", 0.0, 0.25), Word("Score.", 1.5, 1.75), Word("Map.", 3.0, 3.25)]

    events = words_to_events(words, next_speech_s=6.0)

    assert [event.text for event in events] == ["Fit.", "Score.", "Map."]


def test_fast_sentence_extends_into_pause():
    text = "Sixty characters of text spoken in two seconds flat, fast."
    words = narrate(text, words_per_minute=150)
    factor = 2.0 / words[-1].end_s
    words = [Word(word.text, word.start_s * factor, word.end_s * factor) for word in words]

    events = words_to_events(words, next_speech_s=5.0)

    assert len(events) == 1
    displayed_chars = sum(count_chars(line) for line in events[0].lines)
    assert displayed_chars / 20 > 2.5
    assert events[0].end_s == pytest.approx(events[0].start_s + displayed_chars / 20, abs=0.0005)
    assert check_events(events, FRAME_RATE) == []


def test_too_fast_narration_warns_with_cue(caplog):
    words = narrate(
        "This narration races through a long explanation of patch embeddings, Gaussian fitting and "
        "Mahalanobis distances with no pause at all for any reader to keep up.",
        words_per_minute=400,
    )

    with caplog.at_level(logging.WARNING, logger="padim_studio"):
        events = words_to_events(words, next_speech_s=words[-1].end_s + 0.1, cue_id="act2/too-fast")

    assert events
    assert len(caplog.records) == 1
    assert "'act2/too-fast'" in caplog.records[0].getMessage()
    assert "characters per second exceeds 20" in caplog.records[0].getMessage()


def test_offset_shifts_all_times():
    words = narrate("PaDiM needs no training. It fits one Gaussian per patch, then scores each test image.")

    base = words_to_events(words)
    shifted = words_to_events(words, offset_s=12.5)

    assert [event.text for event in shifted] == [event.text for event in base]
    assert [round(event.start_s - 12.5, 3) for event in shifted] == [event.start_s for event in base]
    assert [round(event.end_s - 12.5, 3) for event in shifted] == [event.end_s for event in base]


def test_next_speech_caps_last_event():
    words = narrate("The anomaly map is upsampled and smoothed with a Gaussian filter.")
    next_speech_s = words[-1].end_s + 0.2

    events = words_to_events(words, next_speech_s=next_speech_s)

    assert events[-1].end_s <= frame_floor_s(next_speech_s) - 2 / FRAME_RATE
    assert events[-1].end_s < words[-1].end_s + 0.5


def test_lines_within_limits():
    words = narrate(" ".join(PADIM_CUES))

    events = words_to_events(words)

    for event in events:
        assert 1 <= len(event.lines) <= 2
        assert all(count_chars(line) <= MAX_LINE_CHARS for line in event.lines)
        if len(event.lines) == 2:
            assert count_chars(" ".join(event.lines)) > MAX_LINE_CHARS


def test_blank_words_skipped():
    words = [Word("Hello", 0.0, 0.4), Word("  ", 0.4, 0.5), Word("world.", 0.5, 0.9)]

    events = words_to_events(words)

    assert [event.text for event in events] == ["Hello world."]


def test_no_words_no_events():
    assert words_to_events([]) == []


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ([Word("late", 1.0, 0.5)], "ends at 0.5 s, before its start at 1.0 s"),
        ([Word("b", 1.0, 1.2), Word("a", 0.5, 0.7)], "words must be in spoken order"),
        ([Word("nan", float("nan"), 1.0)], "not finite"),
    ],
)
def test_invalid_words_rejected(words, message):
    with pytest.raises(ValueError, match=message):
        words_to_events(words, cue_id="bad")


def test_invalid_frame_rate_rejected():
    with pytest.raises(ValueError, match="invalid frame rate 0"):
        words_to_events([Word("a", 0.0, 0.3)], frame_rate=0)


def test_merge_trims_earlier_end_only():
    first_cue = [CaptionEvent(1.0, 4.0, ("The first cue ends late.",))]
    second_cue = [CaptionEvent(3.5, 5.0, ("The second starts early.",))]

    merged = merge_cue_events([second_cue, first_cue], frame_rate=FRAME_RATE)

    assert [event.start_s for event in merged] == [1.0, 3.5]
    assert merged[0].end_s == 3.466
    assert merged[1].end_s == 5.0
    assert check_events(merged, FRAME_RATE) == []


def test_merge_keeps_compliant_gap():
    events = [CaptionEvent(1.0, 2.0, ("One.",)), CaptionEvent(2.5, 3.5, ("Two.",))]

    assert merge_cue_events([events[:1], events[1:]]) == events


def test_merge_warns_when_trim_breaks_duration(caplog):
    first_cue = [CaptionEvent(1.0, 3.0, ("A caption with a fair amount of text.",))]
    second_cue = [CaptionEvent(1.9, 3.0, ("Next.",))]

    with caplog.at_level(logging.WARNING, logger="padim_studio"):
        merged = merge_cue_events([first_cue, second_cue])

    assert merged[0].end_s == 1.866
    assert len(caplog.records) == 1
    assert "next_speech_s" in caplog.records[0].getMessage()


def test_merge_warns_on_colliding_starts(caplog):
    first_cue = [CaptionEvent(1.0, 2.0, ("One.",))]
    second_cue = [CaptionEvent(1.016, 2.0, ("Two.",))]

    with caplog.at_level(logging.WARNING, logger="padim_studio"):
        merged = merge_cue_events([first_cue, second_cue])

    assert merged[0] == first_cue[0]
    assert len(caplog.records) == 1
    assert "0:00:01.000" in caplog.records[0].getMessage()


def test_next_speech_within_two_frames_warns(caplog):
    words = [Word("Now.", 1.0, 1.2)]

    with caplog.at_level(logging.WARNING, logger="padim_studio"):
        events = words_to_events(words, next_speech_s=1.02, cue_id="crowded")

    assert events[0].end_s == 1.001
    assert len(caplog.records) == 1
    assert "'crowded'" in caplog.records[0].getMessage()


@pytest.mark.parametrize(
    ("keyword", "value"),
    [("offset_s", float("nan")), ("next_speech_s", float("inf"))],
)
def test_invalid_times_rejected(keyword, value):
    with pytest.raises(ValueError, match=f"invalid {keyword}"):
        words_to_events([Word("a", 0.0, 0.3)], **{keyword: value})


def test_start_on_grid_offset_matches_formula():
    words = narrate("PaDiM needs no training. It fits one Gaussian per patch.")
    offset_s = 750 / FRAME_RATE  # 12.5 s, a whole number of frames

    events = words_to_events(words, offset_s=offset_s)

    for event, group in zip(events, words_of_events(events, words)):
        expected_s = math.floor(group[0].start_s * FRAME_RATE) / FRAME_RATE + offset_s
        assert event.start_s <= expected_s + 1e-9
        assert event.start_s > expected_s - 0.001


def test_package_does_not_import_manim():
    code = "import sys, padim_studio.captions; print(sorted(m for m in sys.modules if m.split('.')[0] == 'manim'))"

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == "[]"
