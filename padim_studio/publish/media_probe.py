"""ffprobe and ffmpeg helpers: run a tool, read streams, keyframes and encoder settings.

Checked with ffmpeg and ffprobe 5.1.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from padim_studio.publish import PublishError

# Lines of a failed tool's standard error shown in the exception message.
ERROR_TAIL_LINES = 15


def run_tool(command: list[str], action: str) -> subprocess.CompletedProcess:
    """Run an ffmpeg or ffprobe command and return the finished process.

    Raises
    ------
    PublishError
        If the tool is not installed or exits with a non-zero status. The
        message names the failed ``action`` and shows the end of the tool's
        standard error.
    """
    try:
        result = subprocess.run(command, capture_output=True, text=True, errors="replace")
    except FileNotFoundError:
        raise PublishError(f"{action} failed: {command[0]} not found; install ffmpeg (5.1 or later)") from None
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-ERROR_TAIL_LINES:])
        raise PublishError(f"{action} failed: {command[0]} exited with status {result.returncode}:\n{tail}")
    return result


def probe_media(path: Path) -> dict:
    """Return ffprobe's streams and format of a media file as parsed JSON."""
    command = ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)]
    return json.loads(run_tool(command, f"probing {path}").stdout)


def first_stream(probe: dict, codec_type: str, path: Path) -> dict:
    """Return the first stream of ``codec_type`` ("video" or "audio") from a :func:`probe_media` result.

    Raises
    ------
    PublishError
        If the file has no such stream.
    """
    for stream in probe["streams"]:
        if stream.get("codec_type") == codec_type:
            return stream
    raise PublishError(f"{path} has no {codec_type} stream; render the video again with sound")


def frame_rate(stream: dict) -> Fraction:
    """Return a video stream's frame rate (``r_frame_rate``) as an exact fraction."""
    numerator, denominator = stream["r_frame_rate"].split("/")
    return Fraction(int(numerator), int(denominator))


@dataclass(frozen=True)
class VideoTrack:
    """The measured size, frame rate and length of a video stream."""

    width: int
    height: int
    frame_rate: Fraction
    duration_s: float

    @property
    def frame_count(self) -> int:
        """Whole frames in the stream: its duration at its frame rate, rounded."""
        return round(self.duration_s * self.frame_rate)


def read_video_track(path: Path) -> VideoTrack:
    """Measure the first video stream of ``path`` with ffprobe."""
    stream = first_stream(probe_media(path), "video", path)
    return VideoTrack(int(stream["width"]), int(stream["height"]), frame_rate(stream), float(stream["duration"]))


def stream_duration_s(path: Path, codec_type: str) -> float:
    """Return the duration in seconds of the first ``codec_type`` stream of ``path``."""
    return float(first_stream(probe_media(path), codec_type, path)["duration"])


@dataclass(frozen=True)
class Packet:
    """One video packet in decode order: presentation time in seconds and whether it is a keyframe."""

    pts_s: float
    keyframe: bool


def read_video_packets(path: Path) -> list[Packet]:
    """Return the video packets of ``path`` in decode order, without decoding them."""
    command = [
        "ffprobe", "-v", "error", "-select_streams", "v:0",
        "-show_entries", "packet=pts_time,flags", "-of", "json", str(path),
    ]  # fmt: skip
    packets = json.loads(run_tool(command, f"reading the packets of {path}").stdout)["packets"]
    return [Packet(float(packet["pts_time"]), "K" in packet["flags"]) for packet in packets]


def keyframe_intervals(packets: list[Packet], rate: Fraction) -> list[int]:
    """Return the distances in frames between consecutive keyframes, in presentation order."""
    times = sorted(packet.pts_s for packet in packets if packet.keyframe)
    return [round((later - earlier) * rate) for earlier, later in zip(times, times[1:])]


def open_gop_count(packets: list[Packet]) -> int:
    """Count packets that follow a keyframe in decode order but are shown before it.

    Such a packet is a leading B-frame of an open GOP, which may reference the
    previous GOP. A closed-GOP stream has none.
    """
    count = 0
    keyframe_pts_s = None
    for packet in packets:
        if packet.keyframe:
            keyframe_pts_s = packet.pts_s
        elif keyframe_pts_s is not None and packet.pts_s < keyframe_pts_s:
            count += 1
    return count


_X264_OPTIONS = re.compile(rb"x264 - core \d+[^\x00]*? - [^\x00]*?options: ([^\x00]*)")


def read_x264_options(path: Path, search_bytes: int = 1 << 20) -> dict[str, str]:
    """Return the encoder settings x264 writes into its first SEI message (``bframes``, ``keyint``, ...).

    Only the first ``search_bytes`` of the file are searched; with ``moov``
    first the SEI sits just after it. Returns an empty dict when no x264
    settings are found.
    """
    with open(path, "rb") as file:
        match = _X264_OPTIONS.search(file.read(search_bytes))
    if match is None:
        return {}
    options = {}
    for item in match.group(1).decode("ascii", errors="replace").split():
        name, _, value = item.partition("=")
        options[name] = value
    return options
