"""Tests of the Markdown transcript and of cue start times taken from the captions."""

from pathlib import Path

from padim_studio.captions import CaptionEvent
from padim_studio.narration.script import parse_script_text
from padim_studio.publish.chapters import Chapter
from padim_studio.publish.transcript import build_transcript, cue_start_times

SCRIPT = parse_script_text(
    """# Demo

## intro: Introduction

### hello
PaDiM models <bookmark mark="normal"/>normal patches.

### why
Defects are rare.

## method: The method

### fit
One Gaussian per position.
""",
    Path("demo.md"),
)
EVENTS = [
    CaptionEvent(0.5, 2.0, ("PaDiM models",)),
    CaptionEvent(2.1, 3.0, ("normal patches.",)),
    CaptionEvent(4.0, 5.5, ("Defects are rare.",)),
    CaptionEvent(71.2, 73.0, ("One Gaussian", "per position.")),
]
CHAPTERS = [Chapter("intro", "Introduction", 0.0, 70.0), Chapter("method", "The method", 70.0, 80.0)]


def test_cue_starts_from_caption_events():
    assert cue_start_times(SCRIPT.all_cues(), EVENTS) == [0.5, 4.0, 71.2]


def test_cue_starts_none_when_words_differ():
    changed = [*EVENTS[:3], CaptionEvent(71.2, 73.0, ("One Gaussian per pixel.",))]

    assert cue_start_times(SCRIPT.all_cues(), changed) is None


def test_cue_starts_none_when_cue_inside_event():
    merged = [CaptionEvent(0.5, 3.0, ("PaDiM models normal", "patches. Defects are rare.")), EVENTS[3]]

    assert cue_start_times(SCRIPT.all_cues(), merged) is None


def test_transcript_layout():
    transcript = build_transcript("Demo video", SCRIPT.acts, CHAPTERS, EVENTS, "Demo.en.srt")

    assert transcript.startswith("# Demo video\n")
    assert "## 0:00 Introduction\n\n[0:00] PaDiM models normal patches.\n\n[0:04] Defects are rare.\n" in transcript
    assert "## 1:10 The method\n\n[1:11] One Gaussian per position.\n" in transcript
    assert "bookmark" not in transcript


def test_transcript_without_times_when_captions_differ():
    transcript = build_transcript("Demo video", SCRIPT.acts, CHAPTERS, EVENTS[:2], "Demo.en.srt")

    assert "\nPaDiM models normal patches.\n" in transcript
    assert "[0:" not in transcript
    assert "## 1:10 The method" in transcript
