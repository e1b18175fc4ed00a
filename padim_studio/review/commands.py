"""The ``storyboard`` and ``layout`` subcommands of ``padim-studio``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from padim_studio.log import logger
from padim_studio.videos import VIDEOS

ALL_VIDEOS = "all"
# manim's -q flags, from lowest to highest quality. The review modules import
# manim, which is slow to load, so they are imported only when a command runs.
QUALITY_CHOICES = ("l", "m", "h", "p", "k")


def add_review_commands(commands: argparse._SubParsersAction) -> None:
    """Register the review subcommands on the CLI's subparsers."""
    video_help = f"video to review, the stem of scenes/<video>.py, or '{ALL_VIDEOS}' for every video that has one"
    quality_help = "manim quality flag: l (854x480, 15 fps), m, h, p or k; default l"

    storyboard = commands.add_parser(
        "storyboard",
        help="write contact sheets: one still at the end of each cue, one PNG per act",
        description="Write media/storyboards/<video>/<act_id>.png per act and all.png for the whole video, "
        "without rendering video.",
    )
    storyboard.add_argument("video", choices=(*VIDEOS, ALL_VIDEOS), help=video_help)
    storyboard.add_argument("--quality", choices=QUALITY_CHOICES, default="l", help=quality_help)
    storyboard.add_argument(
        "--output", type=Path, default=None, help="folder for the PNGs; default media/storyboards/<video>"
    )
    storyboard.set_defaults(run=command_storyboard)

    layout = commands.add_parser(
        "layout",
        help="report text outside the safe area, overlapping text and mobjects left after an act",
        description="Drive each video with animations skipped and check the stage after every animation. "
        "Exits with status 1 if it finds a problem.",
    )
    layout.add_argument("video", choices=(*VIDEOS, ALL_VIDEOS), help=video_help)
    layout.add_argument("--quality", choices=QUALITY_CHOICES, default="l", help=quality_help)
    layout.set_defaults(run=command_layout)


def selected_videos(choice: str) -> list[str]:
    """Return the videos to review. For ``all``, these are the videos whose scene file exists."""
    if choice != ALL_VIDEOS:
        return [choice]
    present = []
    for name, video in VIDEOS.items():
        if video.scene_file.is_file():
            present.append(name)
        else:
            print(f"{name}: skipped, {video.scene_file} does not exist", file=sys.stderr)
    return present


def command_storyboard(arguments: argparse.Namespace) -> int:
    from padim_studio.review.probe import format_timestamp
    from padim_studio.review.storyboard import write_storyboard

    videos = selected_videos(arguments.video)
    for video in videos:
        output_dir = arguments.output / video if arguments.output and len(videos) > 1 else arguments.output
        logger.info("writing the storyboard of %s", video)
        storyboard = write_storyboard(video, arguments.quality, output_dir)
        for path in storyboard.paths:
            print(path)
        if storyboard.stand_in_cues:
            print(
                f"{video}: {len(storyboard.stand_in_cues)} cue(s) have no cached clip, so their times are "
                f"estimates: {', '.join(storyboard.stand_in_cues)}; run `padim-studio voice` to synthesize them",
                file=sys.stderr,
            )
        print(
            f"storyboard {video}: {len(storyboard.stills)} stills in {len(storyboard.paths)} sheet(s), "
            f"video {format_timestamp(storyboard.duration_s)} ({storyboard.elapsed_s:.1f} s)"
        )
    return 0


def command_layout(arguments: argparse.Namespace) -> int:
    from padim_studio.review.layout_check import check_video_layout

    total = 0
    for video in selected_videos(arguments.video):
        started = time.perf_counter()
        logger.info("checking the layout of %s", video)
        checker = check_video_layout(video, arguments.quality)
        for finding in checker.findings:
            print(finding)
        total += len(checker.findings)
        print(
            f"layout {video}: {len(checker.findings)} finding(s) after {checker.moments_checked} animations "
            f"({time.perf_counter() - started:.1f} s)"
        )
    return 1 if total else 0
