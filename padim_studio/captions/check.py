"""Check caption files against the caption style rules, from Python or the command line.

`main_check` is the body of `padim-studio captions check FILE...`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import srt
import webvtt.errors

from padim_studio.captions.formats import srt_to_events, webvtt_to_events
from padim_studio.captions.style import DEFAULT_FRAME_RATE, UTF8_BOM, Violation, check_events


class CaptionFileError(Exception):
    """A caption file that cannot be read or parsed. The message names the file."""


@dataclass(frozen=True)
class CaptionFileReport:
    """Result of checking one caption file: its event count and its violations."""

    path: Path
    event_count: int
    violations: tuple[Violation, ...]

    @property
    def compliant(self) -> bool:
        """Whether the file has no violations."""
        return not self.violations


def _read_text(path: Path) -> tuple[str, list[Violation]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CaptionFileError(f"cannot check {path}: file not found") from None
    except OSError as error:
        raise CaptionFileError(f"cannot read {path}: {error.strerror}") from error

    violations = []
    if data.startswith(UTF8_BOM):
        violations.append(Violation(None, None, "bom", "file starts with a UTF-8 byte order mark"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaptionFileError(
            f"cannot check {path}: not valid UTF-8 at byte {error.start}. Save it as UTF-8 without a byte order mark."
        ) from error
    return text, violations


def check_caption_file(path: str | Path, frame_rate: float = DEFAULT_FRAME_RATE) -> CaptionFileReport:
    """Check an SRT or WebVTT file, chosen by its suffix (.vtt is WebVTT, any other SRT).

    Raises
    ------
    CaptionFileError
        If the file is missing, unreadable, not UTF-8, or not valid SRT or WebVTT.
    """
    path = Path(path)
    if path.suffix.lower() == ".vtt":
        return check_webvtt_file(path, frame_rate)
    return check_srt_file(path, frame_rate)


def check_srt_file(path: str | Path, frame_rate: float = DEFAULT_FRAME_RATE) -> CaptionFileReport:
    """Check an SRT file: encoding, then every event.

    Raises
    ------
    CaptionFileError
        If the file is missing, unreadable, not UTF-8, or not valid SRT.
    """
    path = Path(path)
    text, violations = _read_text(path)
    try:
        events = srt_to_events(text)
    except srt.SRTParseError as error:
        raise CaptionFileError(f"cannot parse {path} as SRT: {error}") from error
    violations.extend(check_events(events, frame_rate))
    return CaptionFileReport(path, len(events), tuple(violations))


def check_webvtt_file(path: str | Path, frame_rate: float = DEFAULT_FRAME_RATE) -> CaptionFileReport:
    """Check a WebVTT file: encoding, then every cue.

    Raises
    ------
    CaptionFileError
        If the file is missing, unreadable, not UTF-8, or not valid WebVTT.
    """
    path = Path(path)
    text, violations = _read_text(path)
    try:
        events = webvtt_to_events(text)
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError) as error:
        raise CaptionFileError(f"cannot parse {path} as WebVTT: {error}") from error
    violations.extend(check_events(events, frame_rate))
    return CaptionFileReport(path, len(events), tuple(violations))


def main_check(argv: Sequence[str] | None = None) -> int:
    """Check caption files, print each violation and a summary per file, and return the exit status.

    Returns 0 when every file is compliant, and 1 when a file has a violation
    or cannot be read or parsed. Errors go to standard error.
    """
    parser = argparse.ArgumentParser(
        prog="padim-studio captions check",
        description="Check SRT and WebVTT caption files against the caption style rules.",
    )
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="caption file to check. Files ending in .vtt are read as WebVTT, all others as SRT.",
    )
    parser.add_argument(
        "--frame-rate",
        type=float,
        default=DEFAULT_FRAME_RATE,
        help=(
            "video frame rate in frames per second, which sets the minimum gap of 2 frames between events "
            f"(default {DEFAULT_FRAME_RATE})"
        ),
    )
    arguments = parser.parse_args(argv)
    if arguments.frame_rate <= 0:
        parser.error(f"invalid --frame-rate {arguments.frame_rate}: expected a positive number")

    status = 0
    for path in arguments.files:
        try:
            report = check_caption_file(path, arguments.frame_rate)
        except CaptionFileError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 1
            continue
        for violation in report.violations:
            print(f"{path}: {violation}")
        print(f"{path}: {report.event_count} events, {len(report.violations)} violations")
        if not report.compliant:
            status = 1
    return status
