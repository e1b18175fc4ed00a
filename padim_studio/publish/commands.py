"""The ``publish`` subcommand of ``padim-studio``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from padim_studio.log import logger
from padim_studio.paths import repository_root
from padim_studio.videos import VIDEOS

QUALITY_CHOICES = ("l", "m", "h")


def add_publish_commands(commands: argparse._SubParsersAction) -> None:
    """Register the publish subcommand on the CLI's subparsers."""
    publish = commands.add_parser(
        "publish",
        help="render if needed, then write the upload kit to dist/<video>/",
        description="Render the video if its render is missing or older than its sources, then write "
        "dist/<video>/: the 1080p60 delivery MP4 at -14 LUFS, SRT and WebVTT captions, description.txt with "
        "chapters, thumbnail.png, transcript.md and report.json. Exits with status 1 if the kit misses a "
        "delivery limit; report.json lists which.",
    )
    publish.add_argument("video", choices=tuple(VIDEOS), help="video to publish: the stem of scenes/<video>.py")
    publish.add_argument(
        "--quality",
        choices=QUALITY_CHOICES,
        default="h",
        help="render to publish: l (854x480, 15 fps), m (1280x720, 30 fps) or h (1920x1080, 60 fps); "
        "l and m are scaled up to 1920x1080 at 60 fps; default h",
    )
    publish.add_argument(
        "--output", type=Path, default=None, help="folder for the kit; default dist/<video> in the repository"
    )
    publish.add_argument(
        "--thumbnail-time",
        type=float,
        default=None,
        metavar="SECONDS",
        help="time in the video of the thumbnail frame; default the stillest of a few moments late in the "
        "story's detection act, or in the middle act of other videos",
    )
    publish.set_defaults(run=command_publish)


def command_publish(arguments: argparse.Namespace) -> int:
    from padim_studio.publish import PublishError
    from padim_studio.publish.kit import publish_kit
    from padim_studio.publish.render import ensure_render
    from padim_studio.videos import get_video

    started = time.perf_counter()
    video = get_video(arguments.video)
    output_dir = arguments.output or repository_root() / "dist" / video.name
    try:
        render, reason = ensure_render(video, arguments.quality)
        if reason:
            print(f"rendered {video.scene_class} because {reason} ({time.perf_counter() - started:.1f} s)")
        else:
            print(f"render {render.video_path} is up to date")
        report = publish_kit(render, output_dir, arguments.thumbnail_time)
    except PublishError as error:
        logger.error("publishing %s failed: %s", video.name, error)
        return 2

    for warning in report["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    for problem in report["problems"]:
        print(f"problem: {problem}", file=sys.stderr)
    delivery = report["delivery"]
    print(
        f"kit {output_dir}: {delivery['video']['duration_s']:.2f} s, "
        f"{delivery['loudness']['integrated_lufs']} LUFS, {delivery['loudness']['true_peak_dbtp']} dBTP, "
        f"{len(report['chapters'])} chapters, {len(report['problems'])} problem(s) "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return 1 if report["problems"] else 0
