"""Tests of the upload description and its YouTube limits."""

from padim_studio.publish.chapters import Chapter
from padim_studio.publish.description import (
    ARXIV_URL,
    MAX_DESCRIPTION_BYTES,
    MAX_TITLE_CHARS,
    SUMMARIES,
    build_description,
    check_description,
    summary_for,
)
from padim_studio.videos import VIDEOS

TITLE = VIDEOS["story"].title
CHAPTERS = [
    Chapter("prologue", "Prologue", 0.0, 28.3),
    Chapter("patches", "Patch extraction", 28.3, 59.7),
    Chapter("features", "Feature embedding", 59.7, 106.2),
]


def test_description_layout():
    description = build_description(TITLE, SUMMARIES["story"], CHAPTERS)
    lines = description.splitlines()

    assert lines[0] == TITLE
    assert "0:00 Prologue\n0:28 Patch extraction\n0:59 Feature embedding" in description
    assert f"arXiv 2011.08785: {ARXIV_URL}" in description
    assert ARXIV_URL == "https://arxiv.org/abs/2011.08785"


def test_description_meets_limits():
    description = build_description(TITLE, SUMMARIES["story"], CHAPTERS)

    assert check_description(TITLE, description) == []


def test_every_video_title_fits():
    for video in VIDEOS.values():
        assert len(video.title) <= MAX_TITLE_CHARS, f"{video.name} title has {len(video.title)} characters"


def test_long_title_names_length_and_limit():
    title = "x" * (MAX_TITLE_CHARS + 1)

    assert check_description(title, title) == [f"title has 101 characters; the maximum is {MAX_TITLE_CHARS}"]


def test_description_bytes_counted_as_utf8():
    # "Σ" is 2 bytes in UTF-8, so 2501 of them are 5002 bytes in 2501 characters.
    description = "Σ" * 2501

    assert check_description(TITLE, description) == [
        f"description has 5002 bytes; the maximum is {MAX_DESCRIPTION_BYTES}"
    ]


def test_angle_brackets_rejected():
    problems = check_description("PaDiM <draft>", "scores > threshold")

    assert "title contains '<', which YouTube rejects" in problems
    assert "title contains '>', which YouTube rejects" in problems
    assert "description contains '>', which YouTube rejects" in problems


def test_summary_for_unknown_video_uses_chapters():
    assert summary_for("other", CHAPTERS) == (
        "An explainer of the PaDiM anomaly detection method: Prologue, Patch extraction, Feature embedding."
    )
