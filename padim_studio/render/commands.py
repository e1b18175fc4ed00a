"""The ``render`` subcommand of ``padim-studio``."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from padim_studio.log import logger
from padim_studio.videos import VIDEOS


def add_render_commands(commands: argparse._SubParsersAction) -> None:
    """Register the render subcommand on the CLI's subparsers."""
    from padim_studio.render.worker import default_processes

    render = commands.add_parser(
        "render",
        help="render a video's acts in parallel processes and join them into one render",
        description="Render each act of the video as its own scene, in its own manim process and media folder, "
        "skipping acts whose inputs are unchanged, then join the acts into media/videos/<video>/<quality folder>/ "
        "as 'manim --save_sections' lays out the whole-video scene: the movie, its soundtrack, subtitles, cue "
        "timeline and one section per act. Prints one line per act as it finishes.",
    )
    render.add_argument("video", choices=tuple(VIDEOS), help="video to render: the stem of scenes/<video>.py")
    render.add_argument(
        "--jobs",
        type=int,
        default=default_processes(),
        metavar="N",
        help="number of act processes to run at once (default: the processors available, %(default)s)",
    )
    render.add_argument(
        "--quality",
        choices=("l", "m", "h"),
        default="h",
        help="manim quality: l (854x480, 15 fps), m (1280x720, 30 fps) or h (1920x1080, 60 fps) (default: h)",
    )
    render.add_argument(
        "--media-dir",
        type=Path,
        default=None,
        help="media folder for the act renders (under acts/) and the joined render (under videos/) "
        "(default: media/ in the repository)",
    )
    render.add_argument("--force", action="store_true", help="render every act even if its inputs are unchanged")
    render.set_defaults(run=command_render)


def command_render(arguments: argparse.Namespace) -> int:
    from padim_studio.render.ffmpeg import JoinError
    from padim_studio.render.pipeline import render_video
    from padim_studio.render.worker import ActRenderError
    from padim_studio.voice.service import CacheMissError

    if arguments.jobs < 1:
        raise ValueError(f"invalid --jobs {arguments.jobs}: expected at least 1 process")
    started = time.perf_counter()
    try:
        outcome = render_video(
            arguments.video, arguments.quality, arguments.jobs, arguments.media_dir, arguments.force, report=print
        )
    except (ActRenderError, JoinError, CacheMissError) as error:
        logger.error("rendering %s failed: %s", arguments.video, error)
        return 2

    rendered = sum(1 for act in outcome.acts if act.status == "rendered")
    summary = f"{rendered} of {len(outcome.acts)} act(s) rendered, {len(outcome.synthesized)} clip(s) synthesized"
    joined = outcome.joined
    if joined is not None:
        pictures = "pictures copied without re-encoding" if joined.copied else "pictures re-encoded"
        print(f"joined {joined.movie}: {joined.frame_count} frames, {pictures} ({outcome.join_seconds:.1f} s)")
    print(f"{summary} ({time.perf_counter() - started:.1f} s)")
    return 0
