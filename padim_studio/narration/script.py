"""Parse narration scripts: one Markdown file per video.

An ``##`` heading starts an act (``## patches: Patch extraction``), an ``###``
heading starts a cue (one voiceover block), and the paragraph under a cue is
spoken. Bookmarks are inline tags, ``<bookmark mark="name"/>``, as
manim-voiceover writes them. The parser keeps going after a problem so that
``padim-studio check`` can list every problem of a file at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ID_PATTERN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
MARK_NAME_PATTERN = re.compile(r"[A-Za-z0-9_]+")

_ACT_HEADING = re.compile(r"^##\s+(?P<id>\S+?)\s*:\s*(?P<title>.+?)\s*$")
_CUE_HEADING = re.compile(r"^###\s+(?P<id>.+?)\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG_LIKE = re.compile(r"<[^<>]*>?|>")
_BOOKMARK_TAG = re.compile(r"""<bookmark\s+mark\s*=\s*(?P<quote>["'])(?P<mark>[^"'<>]*)(?P=quote)\s*/>""")


@dataclass(frozen=True)
class Problem:
    """One fault in a narration file, located by file, line and cue."""

    path: Path
    line: int
    cue_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        if self.cue_id:
            where += f" [cue {self.cue_id}]"
        return f"{where}: {self.message}"


class NarrationError(ValueError):
    """A narration file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Cue:
    """One voiceover block: the written words and where its bookmarks sit.

    ``marks`` maps each bookmark name to the number of written words before
    it, so a mark resolves to the onset of the word it precedes (or to the end
    of speech when it follows the last word).
    """

    id: str
    act_id: str
    text: str
    words: tuple[str, ...]
    marks: dict[str, int]
    path: Path
    line: int

    @property
    def word_count(self) -> int:
        return len(self.words)


@dataclass(frozen=True)
class Act:
    """A chapter of a video: its id, chapter title and cues in spoken order."""

    id: str
    title: str
    cues: tuple[Cue, ...]
    line: int


@dataclass(frozen=True)
class Script:
    """The parsed narration of one video."""

    path: Path
    title: str
    acts: tuple[Act, ...]
    problems: tuple[Problem, ...] = field(default=())

    @property
    def name(self) -> str:
        return self.path.stem

    def act(self, act_id: str) -> Act:
        for act in self.acts:
            if act.id == act_id:
                return act
        known = ", ".join(act.id for act in self.acts)
        raise KeyError(f"act {act_id!r} not found in {self.path}; acts: {known}")

    def cue(self, cue_id: str, act_id: str | None = None) -> Cue:
        """Return the cue with this id, optionally requiring its act."""
        for act in self.acts:
            for cue in act.cues:
                if cue.id != cue_id:
                    continue
                if act_id is not None and cue.act_id != act_id:
                    raise KeyError(
                        f"cue {cue_id!r} is in act {cue.act_id!r} of {self.path}, not in act {act_id!r}"
                    )
                return cue
        raise KeyError(f"cue {cue_id!r} not found in {self.path}; add a '### {cue_id}' section under its act")

    def all_cues(self) -> list[Cue]:
        return [cue for act in self.acts for cue in act.cues]


def split_words(plain_text: str) -> list[str]:
    """Split written text into words at whitespace."""
    return plain_text.split()


def parse_cue_text(
    text: str, path: Path, line: int, cue_id: str, line_starts: list[tuple[int, int]] | None = None
) -> tuple[str, dict[str, int], list[Problem]]:
    """Remove bookmark tags from a cue's text and place each mark.

    Returns the written text without markup, the mark positions as word
    counts, and the problems found (malformed tags, unsupported or repeated
    mark names). ``line_starts`` lists (character offset, line number) pairs
    so each problem names the line its tag is on.
    """
    problems: list[Problem] = []
    marks: dict[str, int] = {}
    pieces: list[str] = []
    cursor = 0

    def line_of(offset: int) -> int:
        if not line_starts:
            return line
        return max((number for start, number in line_starts if start <= offset), default=line)

    for tag in _TAG_LIKE.finditer(text):
        pieces.append(text[cursor : tag.start()])
        cursor = tag.end()
        where = line_of(tag.start())
        bookmark = _BOOKMARK_TAG.fullmatch(tag.group(0))
        if bookmark is None:
            problems.append(
                Problem(path, where, cue_id, f"malformed bookmark tag {tag.group(0)!r}; write <bookmark mark=\"name\"/>")
            )
            continue
        mark = bookmark.group("mark")
        if not MARK_NAME_PATTERN.fullmatch(mark):
            problems.append(
                Problem(path, where, cue_id, f"unsupported mark name {mark!r}; use letters, digits and underscores only")
            )
            continue
        if mark in marks:
            problems.append(Problem(path, where, cue_id, f"duplicate mark name {mark!r} in one cue"))
            continue
        marks[mark] = len(split_words("".join(pieces)))
    pieces.append(text[cursor:])
    plain = " ".join("".join(pieces).split())
    return plain, marks, problems


_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_CLAUSE_ENDINGS = (".", ",", ";", ":", "!", "?")


def _list_item_text(line: str) -> str | None:
    """Return a Markdown list item's text without its marker, or None for other lines."""
    marker = _LIST_MARKER.match(line)
    return line[marker.end() :].strip() if marker else None


def _close_cue(
    acts: list[dict],
    cue_id: str | None,
    cue_line: int,
    lines: list[tuple[int, str]],
    path: Path,
    problems: list[Problem],
) -> None:
    if cue_id is None:
        return
    act = acts[-1]

    line_starts: list[tuple[int, int]] = []
    parts: list[str] = []
    offset = 0
    items = [(number, _list_item_text(line)) for number, line in lines]
    for index, (number, item) in enumerate(items):
        text = item if item is not None else lines[index][1].strip()
        if not text:
            continue
        if item is not None and not text.endswith(_CLAUSE_ENDINGS):
            # A list item read aloud needs a pause after it, as a comma gives.
            following = next((other for _, other in items[index + 1 :] if other is not None), None)
            text += "," if following is not None else "."
        line_starts.append((offset, number))
        parts.append(text)
        offset += len(text) + 1
    raw = " ".join(parts)

    if not raw:
        problems.append(Problem(path, cue_line, cue_id, "cue has no text"))
        return
    plain, marks, cue_problems = parse_cue_text(raw, path, cue_line, cue_id, line_starts)
    problems.extend(cue_problems)
    act["cues"].append(
        Cue(
            id=cue_id,
            act_id=act["id"],
            text=plain,
            words=tuple(split_words(plain)),
            marks=marks,
            path=path,
            line=cue_line,
        )
    )


def parse_script_text(text: str, path: Path) -> Script:
    """Parse the Markdown text of a narration file; problems are collected, not raised."""
    problems: list[Problem] = []
    acts: list[dict] = []
    title = path.stem
    cue_id: str | None = None
    cue_line = 0
    cue_lines: list[tuple[int, str]] = []
    seen_ids: dict[str, int] = {}

    def register_id(kind: str, identifier: str, line_number: int) -> None:
        if not ID_PATTERN.fullmatch(identifier):
            problems.append(
                Problem(
                    path,
                    line_number,
                    identifier if kind == "cue" else None,
                    f"invalid {kind} id {identifier!r}; use lowercase words joined by '-' or '_'",
                )
            )
        if identifier in seen_ids:
            problems.append(
                Problem(
                    path,
                    line_number,
                    identifier if kind == "cue" else None,
                    f"duplicate id {identifier!r}; first used on line {seen_ids[identifier]}",
                )
            )
        else:
            seen_ids[identifier] = line_number

    # Comments vanish but keep their line breaks, so line numbers stay true.
    text = _COMMENT.sub(lambda comment: "\n" * comment.group(0).count("\n"), text)
    for line_number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if line.startswith("### "):
            _close_cue(acts, cue_id, cue_line, cue_lines, path, problems)
            cue_id, cue_lines = None, []
            identifier = _CUE_HEADING.match(line).group("id")
            if not acts:
                problems.append(Problem(path, line_number, identifier, "cue appears before the first '##' act heading"))
                continue
            register_id("cue", identifier, line_number)
            cue_id, cue_line = identifier, line_number
        elif line.startswith("## "):
            _close_cue(acts, cue_id, cue_line, cue_lines, path, problems)
            cue_id, cue_lines = None, []
            heading = _ACT_HEADING.match(line)
            if heading is None:
                problems.append(Problem(path, line_number, None, f"act heading {line!r} must read '## id: Chapter title'"))
                continue
            register_id("act", heading.group("id"), line_number)
            acts.append({"id": heading.group("id"), "title": heading.group("title"), "cues": [], "line": line_number})
        elif line.startswith("# "):
            title = line[2:].strip()
        elif cue_id is not None:
            cue_lines.append((line_number, line))
        elif stripped:
            problems.append(Problem(path, line_number, None, "text outside a '###' cue is not spoken; move it under a cue"))
    _close_cue(acts, cue_id, cue_line, cue_lines, path, problems)

    for act in acts:
        if not act["cues"]:
            problems.append(Problem(path, act["line"], None, f"act {act['id']!r} has no cues"))
    return Script(
        path=path,
        title=title,
        acts=tuple(Act(act["id"], act["title"], tuple(act["cues"]), act["line"]) for act in acts),
        problems=tuple(problems),
    )


def parse_script(path: Path) -> Script:
    """Parse a narration file; problems are collected on the returned script."""
    return parse_script_text(Path(path).read_text(encoding="utf-8"), Path(path))


@lru_cache(maxsize=None)
def _load_script_cached(path: Path, mtime_ns: int) -> Script:
    return parse_script(path)


def load_script(path: Path) -> Script:
    """Parse a narration file and raise :class:`NarrationError` if it has problems."""
    path = Path(path).resolve()
    script = _load_script_cached(path, path.stat().st_mtime_ns)
    if script.problems:
        raise NarrationError(list(script.problems))
    return script
