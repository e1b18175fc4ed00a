"""Tests of chapters built from a render's sections, and of the chapter rules."""

import json
from fractions import Fraction
from pathlib import Path

import pytest

from padim_studio.narration.script import Act
from padim_studio.publish.chapters import (
    MANIM_DEFAULT_SECTION,
    MIN_CHAPTER_S,
    MIN_CHAPTERS,
    Chapter,
    Section,
    chapter_lines,
    chapters_from_sections,
    check_chapters,
    format_timestamp,
    read_sections,
)

ACTS = tuple(Act(act_id, title, (), 0) for act_id, title in [("intro", "Intro"), ("method", "Method"), ("results", "Results")])


def chapter(title: str, start_s: float, end_s: float) -> Chapter:
    return Chapter(title.lower(), title, start_s, end_s)


@pytest.mark.parametrize(
    ("time_s", "expected"),
    [(0.0, "0:00"), (9.99, "0:09"), (61.2, "1:01"), (599.0, "9:59"), (3725.0, "1:02:05")],
)
def test_format_timestamp(time_s, expected):
    assert format_timestamp(time_s) == expected


def test_starts_are_cumulative_frames():
    sections = [Section("intro", 300), Section("method", 451), Section("results", 200)]

    chapters = chapters_from_sections(sections, ACTS, Fraction(15), 63.4)

    assert [chapter.start_s for chapter in chapters] == [0.0, 20.0, pytest.approx(751 / 15)]
    assert [chapter.end_s for chapter in chapters] == [20.0, pytest.approx(751 / 15), 63.4]
    assert [chapter.title for chapter in chapters] == ["Intro", "Method", "Results"]


def test_starts_at_60_fps():
    sections = [Section("intro", 1200), Section("method", 1800), Section("results", 900)]

    chapters = chapters_from_sections(sections, ACTS, Fraction(60), 65.0)

    assert [chapter.start_s for chapter in chapters] == [0.0, 20.0, 50.0]


def test_single_act_default_section_name():
    chapters = chapters_from_sections([Section(MANIM_DEFAULT_SECTION, 327)], ACTS[:1], Fraction(15), 21.8)

    assert chapters == [Chapter("intro", "Intro", 0.0, 21.8)]


def test_section_act_mismatch_rejected():
    sections = [Section("intro", 300), Section("results", 300), Section("method", 300)]

    with pytest.raises(ValueError, match="'results' is where act 'method'"):
        chapters_from_sections(sections, ACTS, Fraction(15), 60.0)


def test_section_count_mismatch_rejected():
    with pytest.raises(ValueError, match="2 section"):
        chapters_from_sections([Section("intro", 300), Section("method", 300)], ACTS, Fraction(15), 40.0)


def test_valid_chapters_have_no_problems():
    chapters = [chapter("Intro", 0.0, 28.3), chapter("Method", 28.3, 59.7), chapter("Results", 59.7, 90.0)]

    assert check_chapters(chapters) == []


def test_too_few_chapters():
    problems = check_chapters([chapter("Intro", 0.0, 30.0), chapter("Method", 30.0, 60.0)])

    assert problems == [f"2 chapter(s); YouTube needs at least {MIN_CHAPTERS}"]


def test_short_chapter_names_duration_and_limit():
    chapters = [chapter("Intro", 0.0, 20.0), chapter("Method", 20.0, 29.5), chapter("Results", 29.5, 60.0)]

    problems = check_chapters(chapters)

    assert problems == [f"chapter 'Method' at 0:20 lasts 9.50 s; the minimum is {MIN_CHAPTER_S:.0f} s"]


def test_first_chapter_after_zero():
    chapters = [chapter("Intro", 1.0, 20.0), chapter("Method", 20.0, 40.0), chapter("Results", 40.0, 60.0)]

    assert check_chapters(chapters) == ["first chapter starts at 0:01; it must start at 0:00"]


def test_chapters_out_of_order():
    chapters = [chapter("Intro", 0.0, 30.0), chapter("Results", 40.0, 55.0), chapter("Method", 30.0, 40.0)]

    problems = check_chapters(chapters)

    assert "chapter 'Method' at 0:30 does not come after 0:40" in problems


def test_chapter_lines():
    chapters = [chapter("Intro", 0.0, 28.3), chapter("Method", 28.3, 75.0), chapter("Results", 75.0, 90.0)]

    assert chapter_lines(chapters) == "0:00 Intro\n0:28 Method\n1:15 Results"


def test_read_sections_as_manim_writes_them(tmp_path):
    path = tmp_path / "Story.json"
    entries = [
        {"name": "intro", "type": "default.normal", "video": "Story_0000_intro.mp4", "nb_frames": "425", "duration": "28.333008"},
        {"name": "method", "type": "default.normal", "video": "Story_0001_method.mp4", "nb_frames": "470", "duration": "31.333008"},
    ]
    path.write_text(json.dumps(entries), encoding="utf-8")

    assert read_sections(path) == [Section("intro", 425), Section("method", 470)]


def test_read_sections_without_frame_count(tmp_path):
    path = tmp_path / "Story.json"
    path.write_text(json.dumps([{"name": "intro", "duration": "28.3"}]), encoding="utf-8")

    with pytest.raises(ValueError, match="no 'name' or 'nb_frames'"):
        read_sections(path)


def test_read_sections_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="--save_sections"):
        read_sections(Path(tmp_path / "absent.json"))
