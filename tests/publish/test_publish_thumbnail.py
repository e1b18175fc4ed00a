"""Tests of the thumbnail moment and of the title drawn on the frame."""

import subprocess

import pytest
from PIL import Image, ImageDraw

from padim_studio.publish.chapters import Chapter
from padim_studio.publish.thumbnail import (
    BAND_COLOUR,
    CHAPTER_FRACTIONS,
    HEIGHT,
    MARGIN_PX,
    MAX_TITLE_LINES,
    WIDTH,
    candidate_moments_s,
    choose_still_moment_s,
    draw_title,
    wrap_title,
)
from padim_studio.videos import VIDEOS

CHAPTERS = [
    Chapter("prologue", "Prologue", 0.0, 28.0),
    Chapter("gaussians", "Gaussian modeling", 28.0, 60.0),
    Chapter("detection", "Anomaly detection", 60.0, 90.0),
    Chapter("epilogue", "Epilogue", 90.0, 110.0),
]


def test_story_moments_in_detection_act():
    assert candidate_moments_s("story", CHAPTERS, 110.0) == [60.0 + 30.0 * fraction for fraction in CHAPTER_FRACTIONS]


def test_other_video_uses_middle_chapter():
    assert candidate_moments_s("quick_demo", CHAPTERS, 110.0)[0] == 60.0 + 30.0 * CHAPTER_FRACTIONS[0]
    assert candidate_moments_s("quick_demo", CHAPTERS[:3], 90.0)[0] == 28.0 + 32.0 * CHAPTER_FRACTIONS[0]


def test_moments_without_chapters():
    assert candidate_moments_s("story", [], 50.0) == [50.0 * fraction for fraction in CHAPTER_FRACTIONS]


@pytest.mark.slow
def test_still_moment_preferred_over_motion(tmp_path):
    video = tmp_path / "moving_then_still.mp4"
    command = [
        "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=2",
        "-f", "lavfi", "-i", "color=c=navy:size=320x180:rate=30:duration=2",
        "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0", "-c:v", "libx264", "-preset", "ultrafast", str(video),
    ]  # fmt: skip
    subprocess.run(command, check=True)

    assert choose_still_moment_s(video, [0.5, 3.0]) == 3.0
    assert choose_still_moment_s(video, [3.0, 3.2]) == 3.0


def test_every_title_fits_two_lines():
    draw = ImageDraw.Draw(Image.new("RGB", (WIDTH, HEIGHT)))
    for video in VIDEOS.values():
        lines, font = wrap_title(video.title, draw, WIDTH - 2 * MARGIN_PX)

        assert len(lines) <= MAX_TITLE_LINES, f"{video.name}: {len(lines)} lines {lines}"
        for line in lines:
            width = draw.textlength(line, font=font)
            assert width <= WIDTH - 2 * MARGIN_PX, f"{video.name}: line {line!r} is {width} px wide"


def test_title_band_over_frame_top():
    frame = Image.new("RGB", (WIDTH, HEIGHT), (200, 30, 30))

    thumbnail = draw_title(frame, VIDEOS["story"].title)

    assert thumbnail.size == (WIDTH, HEIGHT)
    assert thumbnail.getpixel((WIDTH - 5, 5)) == BAND_COLOUR[:3]
    assert thumbnail.getpixel((WIDTH // 2, HEIGHT - 5)) == (200, 30, 30)
    text_pixels = [thumbnail.getpixel((x, y)) for x in range(MARGIN_PX, WIDTH // 2) for y in range(MARGIN_PX // 2, MARGIN_PX + 40)]
    assert (255, 255, 255) in text_pixels
