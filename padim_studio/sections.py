"""Give manim's per-section videos the narration that plays during them.

With ``--save_sections`` manim writes one video file per section, without
sound. The full soundtrack is written beside the movie as ``<Class>.wav``.
Each section gets the slice of it that starts at the section's first frame
and lasts as many samples as the section has frames.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from padim_studio.log import logger


def section_spans(index_path: Path, frame_rate: float) -> list[tuple[Path, float, float]]:
    """Return (video path, start in s, duration in s) for each section of a section index."""
    spans = []
    start_s = 0.0
    for section in json.loads(Path(index_path).read_text(encoding="utf-8")):
        duration_s = int(section["nb_frames"]) / frame_rate
        spans.append((Path(index_path).parent / section["video"], start_s, duration_s))
        start_s += duration_s
    return spans


def add_audio_to_sections(soundtrack: Path, index_path: Path, frame_rate: float) -> None:
    """Mux each section video with its slice of ``soundtrack`` (AAC), replacing the file."""
    for video, start_s, duration_s in section_spans(index_path, frame_rate):
        muxed = video.with_name(f"{video.stem}.with-audio{video.suffix}")
        command = [
            "ffmpeg", "-nostdin", "-v", "error", "-y",
            "-i", str(video),
            "-ss", f"{start_s:.6f}", "-t", f"{duration_s:.6f}", "-i", str(soundtrack),
            "-map", "0:v:0", "-map", "1:a:0",
            "-c:v", "copy", "-c:a", "aac", "-b:a", "192k",
            str(muxed),
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"adding audio to section {video.name} failed: {result.stderr.strip()}")
        os.replace(muxed, video)
        logger.info("section %s: audio from %.3f s for %.3f s", video.name, start_s, duration_s)
