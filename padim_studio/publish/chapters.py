"""Chapters from a render's sections: one per act, starting where its section starts in the render.

``manim --save_sections`` writes ``sections/<Class>.json`` with one entry
per section and the frame count of each section's video file, so a section
starts at the sum of the frame counts before it, divided by the frame rate.
YouTube reads chapters from description lines ``m:ss Title``: the first at
0:00, at least 3, in ascending order, each at least 10 s long.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Sequence

from padim_studio.narration.script import Act

MIN_CHAPTERS = 3
MIN_CHAPTER_S = 10.0
# The name manim 0.22.0 gives the section a scene starts in before any
# next_section call; a single act rendered alone has only this section.
MANIM_DEFAULT_SECTION = "autocreated"


@dataclass(frozen=True)
class Section:
    """One section of a render: its name and the number of frames in its video file."""

    name: str
    frame_count: int


@dataclass(frozen=True)
class Chapter:
    """One chapter: the act it shows, its title, and its start and end in seconds of the video."""

    act_id: str
    title: str
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def timestamp(self) -> str:
        return format_timestamp(self.start_s)

    def __str__(self) -> str:
        return f"{self.timestamp} {self.title}"


def format_timestamp(time_s: float) -> str:
    """Format seconds as YouTube writes chapter times, rounded down: ``m:ss``, or ``h:mm:ss`` from an hour on."""
    minutes, seconds = divmod(int(time_s), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def read_sections(path: Path) -> list[Section]:
    """Read the sections JSON that ``manim --save_sections`` writes.

    Raises
    ------
    FileNotFoundError
        If the file does not exist; render with ``--save_sections`` to create it.
    ValueError
        If an entry lacks ``name`` or ``nb_frames``.
    """
    if not Path(path).is_file():
        raise FileNotFoundError(f"sections file {path} not found; render with manim --save_sections")
    sections = []
    for index, entry in enumerate(json.loads(Path(path).read_text(encoding="utf-8"))):
        if "name" not in entry or "nb_frames" not in entry:
            raise ValueError(f"section {index} of {path} has no 'name' or 'nb_frames': {entry}")
        sections.append(Section(entry["name"], int(entry["nb_frames"])))
    return sections


def chapters_from_sections(
    sections: Sequence[Section], acts: Sequence[Act], frame_rate: Fraction, video_duration_s: float
) -> list[Chapter]:
    """Pair each section with the act at its position and return one chapter per act.

    A section's name must be its act's id, or MANIM_DEFAULT_SECTION for an
    act rendered alone. The last chapter ends at ``video_duration_s``.

    Raises
    ------
    ValueError
        If the counts differ or a section name does not match its act.
    """
    if len(sections) != len(acts):
        raise ValueError(
            f"the render has {len(sections)} section(s) but {len(acts)} act(s) were given; "
            "render the whole video with --save_sections, one section per act"
        )
    starts_s = []
    frames_before = 0
    for section, act in zip(sections, acts):
        if section.name not in (act.id, MANIM_DEFAULT_SECTION):
            raise ValueError(f"section {section.name!r} is where act {act.id!r} should be; acts and sections must be in the same order")
        starts_s.append(float(Fraction(frames_before) / frame_rate))
        frames_before += section.frame_count
    ends_s = [*starts_s[1:], video_duration_s]
    return [Chapter(act.id, act.title, start, end) for act, start, end in zip(acts, starts_s, ends_s)]


def check_chapters(chapters: Sequence[Chapter]) -> list[str]:
    """Return every way ``chapters`` break YouTube's chapter rules, each naming the value and the limit."""
    problems = []
    if len(chapters) < MIN_CHAPTERS:
        problems.append(f"{len(chapters)} chapter(s); YouTube needs at least {MIN_CHAPTERS}")
    if chapters and chapters[0].timestamp != "0:00":
        problems.append(f"first chapter starts at {chapters[0].timestamp}; it must start at 0:00")
    for earlier, later in zip(chapters, chapters[1:]):
        if int(later.start_s) <= int(earlier.start_s):
            problems.append(f"chapter {later.title!r} at {later.timestamp} does not come after {earlier.timestamp}")
    for chapter in chapters:
        if chapter.duration_s < MIN_CHAPTER_S:
            problems.append(
                f"chapter {chapter.title!r} at {chapter.timestamp} lasts {chapter.duration_s:.2f} s; "
                f"the minimum is {MIN_CHAPTER_S:.0f} s"
            )
    return problems


def chapter_lines(chapters: Sequence[Chapter]) -> str:
    """Return the chapters as description lines, one ``m:ss Title`` per line."""
    return "\n".join(str(chapter) for chapter in chapters)
