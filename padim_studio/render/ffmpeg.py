"""The ffmpeg and ffprobe calls of the join: run, probe a video stream, encode AAC in the background."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from pathlib import Path

# AAC-LC at the soundtrack's own rate and channels: resampling 22.05 kHz mono narration to
# 48 kHz stereo, as manim 0.22.0 does through PyAV, takes about twice as long to encode.
AUDIO_OPTIONS = ("-c:a", "aac", "-b:a", "128k")


class JoinError(RuntimeError):
    """ffmpeg failed while joining act renders."""


def run_ffmpeg(arguments: Sequence[str], action: str) -> None:
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y", *arguments]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise JoinError(f"{action} failed: {result.stderr.strip()[-2000:]}")


def start_audio_encode(soundtrack: Path, output: Path) -> subprocess.Popen:
    """Start encoding ``soundtrack`` to AAC in ``output`` in a background ffmpeg process."""
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(soundtrack), "-map", "0:a:0", *AUDIO_OPTIONS, str(output)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def finish_audio_encode(process: subprocess.Popen) -> None:
    _, errors = process.communicate()
    if process.returncode != 0:
        raise JoinError(f"encoding the soundtrack to AAC failed: {errors.strip()[-2000:]}")


def probe_video(path: Path) -> dict:
    """Return ffprobe's description of the first video stream of ``path``."""
    command = ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_streams", "-of", "json", str(path)]
    result = subprocess.run(command, capture_output=True, text=True)
    streams = json.loads(result.stdout or "{}").get("streams") if result.returncode == 0 else None
    if not streams:
        raise JoinError(f"no video stream found in {path}: {result.stderr.strip()}")
    return streams[0]


def frame_count(stream: dict) -> int:
    """Return the frame count that the container header records for a video stream."""
    if "nb_frames" not in stream:
        raise JoinError(f"video stream {stream.get('index')} does not record its frame count (nb_frames)")
    return int(stream["nb_frames"])
