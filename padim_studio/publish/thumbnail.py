"""The thumbnail: a frame of the delivery file at 1280×720 with the title drawn on a band over its top.

YouTube takes JPG or PNG thumbnails of at least 640 pixels wide, 16:9, under 2 MB.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from padim_studio.log import logger
from padim_studio.publish import PublishError
from padim_studio.publish.chapters import Chapter

WIDTH = 1280
HEIGHT = 720
MAX_BYTES = 2 * 1024 * 1024
# Bold sans fonts tried in order; Pillow's own font is the fallback.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)
# The act whose picture best shows each video: the anomaly map of the story.
PREFERRED_ACT = {"story": "detection"}
# Candidate points in the chosen chapter, as fractions of its length, best
# first: late enough that its picture is built up, before the fade that ends it.
CHAPTER_FRACTIONS = (0.8, 0.75, 0.85, 0.7, 0.9)
# A candidate is compared with the frame this much later, and the one that
# changes least wins, so the thumbnail avoids a half-drawn animation.
MOTION_PROBE_S = 0.25
MOTION_PROBE_SIZE = (320, 180)
# The background colour of the scenes, opaque so the act title under the band does not show through.
BAND_COLOUR = (14, 17, 23, 255)
# Manim's BLUE, the colour of titles in the videos.
RULE_COLOUR = (88, 196, 221, 255)
RULE_PX = 6
TEXT_COLOUR = (255, 255, 255)
MARGIN_PX = 48
MAX_FONT_PX = 84
MIN_FONT_PX = 36
MAX_TITLE_LINES = 2


def candidate_moments_s(video: str, chapters: Sequence[Chapter], duration_s: float) -> list[float]:
    """Return candidate times for the thumbnail, best first: late in the video's preferred chapter, else its middle one."""
    if not chapters:
        return [duration_s * fraction for fraction in CHAPTER_FRACTIONS]
    by_act = {chapter.act_id: chapter for chapter in chapters}
    chapter = by_act.get(PREFERRED_ACT.get(video, ""), chapters[len(chapters) // 2])
    return [chapter.start_s + chapter.duration_s * fraction for fraction in CHAPTER_FRACTIONS]


def choose_still_moment_s(video: Path, candidates_s: Sequence[float]) -> float:
    """Return the candidate time at which ``video`` changes least over the next MOTION_PROBE_S.

    Ties go to the earlier candidate in the list.
    """
    motions = []
    for time_s in candidates_s:
        first = np.asarray(grab_frame(video, time_s, MOTION_PROBE_SIZE), dtype=np.float32)
        later = np.asarray(grab_frame(video, time_s + MOTION_PROBE_S, MOTION_PROBE_SIZE), dtype=np.float32)
        motions.append(float(np.mean(np.abs(later - first))))
    return candidates_s[int(np.argmin(motions))]


def grab_frame(video: Path, time_s: float, size: tuple[int, int] = (WIDTH, HEIGHT)) -> Image.Image:
    """Decode the frame of ``video`` shown at ``time_s`` and return it as RGB scaled to ``size``."""
    width, height = size
    command = [
        "ffmpeg", "-v", "error", "-ss", f"{time_s:.3f}", "-i", str(video), "-frames:v", "1",
        "-vf", f"scale={width}:{height}:flags=lanczos:in_color_matrix=bt709", "-f", "image2pipe", "-c:v", "png", "-",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True)
    if result.returncode != 0 or not result.stdout:
        message = result.stderr.decode("utf-8", errors="replace").strip() or "no frame decoded"
        raise PublishError(f"grabbing the frame at {time_s:.2f} s of {video} failed: {message}")
    return Image.open(io.BytesIO(result.stdout)).convert("RGB")


def load_font(size_px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Return the first bold font of FONT_CANDIDATES that exists, else Pillow's default font, at ``size_px``."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size_px)
    logger.warning("no bold TrueType font found in %s; the thumbnail uses Pillow's default font", FONT_CANDIDATES)
    return ImageFont.load_default(size_px)


def wrap_title(title: str, draw: ImageDraw.ImageDraw, max_width_px: int) -> tuple[list[str], ImageFont.ImageFont]:
    """Return the title broken into at most MAX_TITLE_LINES lines and the largest font that fits them."""
    words = title.split()
    for size_px in range(MAX_FONT_PX, MIN_FONT_PX - 1, -4):
        font = load_font(size_px)
        lines: list[str] = []
        for word in words:
            candidate = f"{lines[-1]} {word}" if lines else word
            if lines and draw.textlength(candidate, font=font) <= max_width_px:
                lines[-1] = candidate
            else:
                lines.append(word)
        if len(lines) <= MAX_TITLE_LINES and all(draw.textlength(line, font=font) <= max_width_px for line in lines):
            return lines, font
    # NOTE: a title too long for two lines at MIN_FONT_PX keeps every line; the band grows to hold them.
    return lines, font


def draw_title(frame: Image.Image, title: str) -> Image.Image:
    """Return ``frame`` with ``title`` in white on a dark band across its top, underlined in blue."""
    canvas = frame.convert("RGBA")
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    lines, font = wrap_title(title, draw, WIDTH - 2 * MARGIN_PX)
    line_height = font.getbbox("Hg")[3] + font.size // 5
    band_height = MARGIN_PX + line_height * len(lines)
    draw.rectangle((0, 0, WIDTH, band_height), fill=BAND_COLOUR)
    draw.rectangle((0, band_height, WIDTH, band_height + RULE_PX), fill=RULE_COLOUR)
    for index, line in enumerate(lines):
        draw.text((MARGIN_PX, MARGIN_PX // 2 + index * line_height), line, font=font, fill=TEXT_COLOUR)
    return Image.alpha_composite(canvas, overlay).convert("RGB")


def write_thumbnail(video: Path, time_s: float, title: str, output: Path) -> None:
    """Write a 1280×720 PNG of ``video`` at ``time_s`` with ``title`` drawn on it.

    A PNG over MAX_BYTES is saved again with a 256-colour palette.

    Raises
    ------
    PublishError
        If the frame cannot be grabbed or the PNG stays over MAX_BYTES.
    """
    picture = draw_title(grab_frame(video, time_s), title)
    picture.save(output, format="PNG", optimize=True)
    if output.stat().st_size > MAX_BYTES:
        picture.quantize(colors=256).save(output, format="PNG", optimize=True)
    size = output.stat().st_size
    if size > MAX_BYTES:
        raise PublishError(f"thumbnail {output} has {size} bytes; the maximum is {MAX_BYTES}")
