"""The ``padim-studio`` command line."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from padim_studio.log import logger
from padim_studio.paths import narration_dir, scenes_dir


def command_check(arguments: argparse.Namespace) -> int:
    from padim_studio.narration.check import check_all

    started = time.perf_counter()
    problems = check_all(narration_dir(), scenes_dir())
    for problem in problems:
        print(problem)
    elapsed = time.perf_counter() - started
    files = len(list(narration_dir().glob("*.md")))
    if problems:
        print(f"{len(problems)} problem(s) in {files} narration file(s) ({elapsed:.2f} s)")
        return 1
    print(f"narration OK: {files} file(s) match their scenes ({elapsed:.2f} s)")
    return 0


def command_voice(arguments: argparse.Namespace) -> int:
    from padim_studio.narration.script import load_script
    from padim_studio.voice.service import Voice

    voice = Voice()
    used: set[str] = set()
    synthesized = 0
    started = time.perf_counter()
    for path in sorted(narration_dir().glob("*.md")):
        script = load_script(path)
        for cue in script.all_cues():
            planned = voice.plan(cue)
            used.add(planned.key)
            if voice.cache.get(planned.key) is None:
                voice.clip(cue)
                synthesized += 1
                print(f"synthesized {path.stem}/{cue.id}")
    removed = [] if arguments.keep_unused else voice.cache.remove_unused(used)
    for path in removed:
        print(f"removed unused {path.name}")
    print(
        f"{len(used)} cue clip(s) in {voice.cache.directory}: {synthesized} synthesized, "
        f"{len(removed)} unused file(s) removed ({time.perf_counter() - started:.1f} s)"
    )
    return 0


def command_captions_check(arguments: argparse.Namespace) -> int:
    from padim_studio.captions import main_check

    return main_check([str(path) for path in arguments.files])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="padim-studio", description="Render and publish the PaDiM explainer videos.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress and details")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate every narration file against its scenes")
    check.set_defaults(run=command_check)

    voice = commands.add_parser("voice", help="synthesize missing cue clips and remove unused ones")
    voice.add_argument("--keep-unused", action="store_true", help="keep clips that no cue uses")
    voice.set_defaults(run=command_voice)

    captions = commands.add_parser("captions", help="subtitle tools")
    caption_commands = captions.add_subparsers(dest="captions_command", required=True)
    caption_check = caption_commands.add_parser("check", help="report caption events that break the style rules")
    caption_check.add_argument("files", nargs="+", type=Path, help="SRT files")
    caption_check.set_defaults(run=command_captions_check)

    from padim_studio.publish.commands import add_publish_commands
    from padim_studio.render.commands import add_render_commands
    from padim_studio.review.commands import add_review_commands

    add_review_commands(commands)
    add_publish_commands(commands)
    add_render_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if arguments.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return arguments.run(arguments)
    except (KeyError, ValueError, FileNotFoundError) as error:
        logger.error("%s", error)
        return 2


if __name__ == "__main__":
    sys.exit(main())
