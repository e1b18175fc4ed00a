"""Time rendering PaDiMStory in one manim process against ``padim-studio render`` act by act.

Run from the repository root, inside the project's environment:

    .venv/bin/python benchmarks/render_speed.py --quality l
    .venv/bin/python benchmarks/render_speed.py --quality h --steps single parallel

Steps, each timed as a whole command (wall time, and CPU time of the command's
processes):

- ``single``: a cold ``manim -q<quality> --save_sections`` of PaDiMStory.
- ``parallel``: a cold ``padim-studio render story --jobs N``.
- ``unchanged``: the same command again, with nothing changed.
- ``edit``: the same command after appending a sentence to one cue, which
  synthesizes that cue again and renders its act again.
- ``voice``: ``padim-studio voice`` into an empty clip cache, every cue of
  every narration file.
- ``floor``: ffmpeg alone encoding as many frames as the video has, from one
  still frame, with manim's settings (libx264, CRF 23, yuv420p).

"Cold" means an empty media folder. Every step runs in a temporary copy of
the repository's scenes, narration, ``manim.cfg``, audio cache and
``padim_studio`` package (``PADIM_STUDIO_ROOT``, ``PADIM_AUDIO_CACHE``,
``PYTHONPATH``). So the edit never touches the repository, and edits made to
the package during the run do not invalidate the renders it times. The numpy PaDiM results in ``media/cache/padim`` are shared and
warm in every step, as in any render in the repository. The results go into
``docs/benchmarks.md``, in a section per quality that replaces the previous
one. The machine's other jobs change the figures, so each row records the
1-minute load average before and after it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUALITY_FOLDERS = {"l": "480p15", "m": "720p30", "h": "1080p60"}
FRAME_RATES = {"l": 15, "m": 30, "h": 60}
STEPS = ("single", "parallel", "unchanged", "edit", "voice", "floor")
# (measurement, baseline, maximum ratio) of each target, for two cores.
TARGETS = (
    ("parallel", "single", 0.65),
    ("unchanged", "parallel", 0.10),
    ("edit", "parallel", 0.35),
)
VOICE_TARGET = 0.10
EDIT_SENTENCE = " That is the whole idea."


@dataclass
class Timing:
    """One timed command: wall and CPU seconds, load averages around it, and what it printed."""

    name: str
    wall_s: list[float]
    cpu_s: list[float]
    load_before: float
    load_after: float
    output: str = ""

    @property
    def median_s(self) -> float:
        return statistics.median(self.wall_s)


def timed(name: str, command: list[str], environment: dict[str, str], runs: int = 1, before_each=None) -> Timing:
    """Run ``command`` ``runs`` times and time each run; raise with its output if it fails."""
    walls, cpus, outputs = [], [], []
    load_before = os.getloadavg()[0]
    for run in range(runs):
        if before_each is not None:
            before_each(run)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(command, cwd=environment["PADIM_STUDIO_ROOT"], env=environment, capture_output=True, text=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime)
        if result.returncode != 0:
            raise RuntimeError(f"{name} failed with status {result.returncode}:\n{(result.stdout + result.stderr)[-3000:]}")
        outputs.append(result.stdout)
    timing = Timing(name, walls, cpus, load_before, os.getloadavg()[0], "\n".join(outputs))
    print(f"{name}: {timing.median_s:.1f} s (load {timing.load_before:.2f} -> {timing.load_after:.2f})", flush=True)
    return timing


def make_workspace(work: Path) -> dict[str, str]:
    """Copy what a render reads into ``work`` and return the environment that points the project at it."""
    for folder in ("scenes", "narration", "audio_cache", "padim_studio"):
        shutil.copytree(ROOT / folder, work / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manim.cfg", work / "manim.cfg")
    environment = {name: value for name, value in os.environ.items() if name != "PADIM_CACHE_ONLY"}
    environment.update(
        PADIM_STUDIO_ROOT=str(work),
        PADIM_AUDIO_CACHE=str(work / "audio_cache"),
        PADIM_STUDIO_CACHE=str(ROOT / "media" / "cache" / "padim"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(work), os.environ.get("PYTHONPATH")])),
    )
    return environment


def append_to_cue(narration: Path, act_id: str, cue_id: str, sentence: str) -> None:
    """Append ``sentence`` to the spoken paragraph of one cue."""
    lines = narration.read_text(encoding="utf-8").split("\n")
    act_line = lines.index(next(line for line in lines if re.match(rf"##\s+{re.escape(act_id)}\s*:", line)))
    cue_line = next(index for index in range(act_line, len(lines)) if lines[index].strip() == f"### {cue_id}")
    last = cue_line + 1
    while last + 1 < len(lines) and lines[last + 1].strip() and not lines[last + 1].startswith("#"):
        last += 1
    lines[last] = lines[last].rstrip() + sentence
    narration.write_text("\n".join(lines), encoding="utf-8")


def render_command(quality: str, jobs: int, media: Path) -> list[str]:
    return [sys.executable, "-m", "padim_studio.cli", "render", "story", "--quality", quality, "--jobs", str(jobs), "--media-dir", str(media)]


def single_command(quality: str, media: Path) -> list[str]:
    return [
        sys.executable, "-m", "manim", "render", f"-q{quality}", "--save_sections", "--silent", "--progress_bar", "none",
        "--media_dir", str(media), "scenes/story.py", "PaDiMStory",
    ]  # fmt: skip


def floor_command(movie: Path, frames: int, quality: str, work: Path) -> list[str]:
    """Write the middle frame of ``movie`` as a still and return the ffmpeg command that encodes ``frames`` copies of it."""
    still = work / "still.png"
    middle_s = frames / FRAME_RATES[quality] / 2
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-ss", f"{middle_s:.3f}", "-i", str(movie), "-frames:v", "1", str(still)], check=True)
    command = [
        "ffmpeg", "-v", "error", "-y", "-loop", "1", "-framerate", str(FRAME_RATES[quality]), "-i", str(still),
        "-frames:v", str(frames), "-c:v", "libx264", "-crf", "23", "-pix_fmt", "yuv420p", str(work / "floor.mp4"),
    ]  # fmt: skip
    return command


def narration_seconds(cache: Path) -> float:
    return sum(json.loads(path.read_text(encoding="utf-8"))["duration_s"] for path in cache.glob("*.json"))


def machine_line(jobs: int) -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")), model)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return f"{cores} cores ({model}), Python {platform.python_version()}, `--jobs {jobs}`, commit {commit or 'unknown'} plus uncommitted changes"


def markdown_section(quality: str, jobs: int, timings: dict[str, Timing], video_s: float, narration_s: float | None) -> str:
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"<!-- render_speed {quality} -->",
        f"## PaDiMStory at -q{quality} ({QUALITY_FOLDERS[quality]})",
        "",
        f"Measured {date} with `benchmarks/render_speed.py {' '.join(sys.argv[1:])}` on {machine_line(jobs)}.",
        f"Video: {video_s:.2f} s. Load averages are the 1-minute figures before and after each step; the machine",
        "is shared, so a load above the core count means other jobs took part of the processors.",
        "",
        "| step | wall (s) | × video | CPU (s) | load before → after | notes |",
        "|---|---:|---:|---:|---|---|",
    ]
    notes = {
        "single": "`manim --save_sections`, empty media folder",
        "parallel": f"`padim-studio render --jobs {jobs}`, empty media folder",
        "unchanged": "same command again, no change",
        "edit": "after editing one cue: synthesizes that cue, renders its act",
        "voice": "`padim-studio voice`, empty clip cache, all narration files",
        "floor": "ffmpeg alone: the video's frame count from one still, libx264 CRF 23",
    }
    for name, timing in timings.items():
        spread = f"; {len(timing.wall_s)} runs, {min(timing.wall_s):.1f}–{max(timing.wall_s):.1f} s" if len(timing.wall_s) > 1 else ""
        ratio = timing.median_s / video_s
        cpu = statistics.median(timing.cpu_s)
        load = f"{timing.load_before:.2f} → {timing.load_after:.2f}"
        lines.append(f"| {name} | {timing.median_s:.1f} | {ratio:.3f} | {cpu:.1f} | {load} | {notes[name]}{spread} |")
    lines += ["", "| target | measured | limit | met |", "|---|---:|---:|---|"]
    for name, baseline, limit in TARGETS:
        if name in timings and baseline in timings:
            ratio = timings[name].median_s / timings[baseline].median_s
            lines.append(f"| {name} / {baseline} | {ratio:.2f} | {limit:.2f} | {'yes' if ratio <= limit else 'no'} |")
    if "voice" in timings and narration_s:
        ratio = timings["voice"].median_s / narration_s
        lines.append(f"| voice / narration ({narration_s:.0f} s) | {ratio:.3f} | {VOICE_TARGET:.2f} | {'yes' if ratio <= VOICE_TARGET else 'no'} |")
    for name in ("parallel", "edit"):
        if name in timings:
            phases = [line for line in timings[name].output.splitlines() if line.strip()]
            lines += ["", f"Output of `{name}` (each act's seconds, then the join):", "", "```", *phases, "```"]
    lines.append(f"<!-- /render_speed {quality} -->")
    return "\n".join(lines) + "\n"


def write_section(path: Path, quality: str, section: str) -> None:
    """Replace this quality's section of ``path``, or append it."""
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmarks\n\nWritten by `benchmarks/render_speed.py`.\n"
    pattern = re.compile(rf"<!-- render_speed {quality} -->.*?<!-- /render_speed {quality} -->\n", re.DOTALL)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", choices=tuple(QUALITY_FOLDERS), default="l", help="manim quality flag (default: l)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="processes for padim-studio render (default: the core count)")
    parser.add_argument("--runs", type=int, default=1, help="timed runs of the unchanged, edit and floor steps (default: 1)")
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS), help="steps to run (default: all)")
    parser.add_argument("--edit-cue", default="gaussians/epsilon", metavar="ACT/CUE", help="cue to edit (default: gaussians/epsilon)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md", help="Markdown file to update")
    arguments = parser.parse_args()
    if arguments.runs < 1 or arguments.jobs < 1:
        parser.error("--runs and --jobs must be at least 1")
    act_id, _, cue_id = arguments.edit_cue.partition("/")
    quality, steps = arguments.quality, set(arguments.steps)
    if steps & {"unchanged", "edit", "floor"} and "parallel" not in steps:
        parser.error("the unchanged, edit and floor steps need the parallel step")

    with tempfile.TemporaryDirectory(prefix="render-speed-") as temporary:
        work = Path(temporary)
        environment = make_workspace(work / "repo")
        timings: dict[str, Timing] = {}
        joined = work / "acts" / "videos" / "story" / QUALITY_FOLDERS[quality]
        video_s = 0.0
        if "single" in steps:
            single_environment = {**environment, "PADIM_CACHE_ONLY": "1"}
            timings["single"] = timed("single", single_command(quality, work / "single"), single_environment)
            single_timeline = work / "single" / "videos" / "story" / QUALITY_FOLDERS[quality] / "PaDiMStory.cues.json"
            video_s = json.loads(single_timeline.read_text(encoding="utf-8"))["duration_s"]
        if "parallel" in steps:
            command = render_command(quality, arguments.jobs, work / "acts")
            timings["parallel"] = timed("parallel", command, environment)
            if "unchanged" in steps:
                timings["unchanged"] = timed("unchanged", command, environment, arguments.runs)
            if "edit" in steps:
                narration = work / "repo" / "narration" / "story.md"
                edit = lambda run: append_to_cue(narration, act_id, cue_id, EDIT_SENTENCE)
                timings["edit"] = timed("edit", command, environment, arguments.runs, before_each=edit)
            record = json.loads((joined / "PaDiMStory.cues.json").read_text(encoding="utf-8"))
            video_s = video_s or record["duration_s"]
        if "floor" in steps:
            frames = round(video_s * FRAME_RATES[quality])
            command = floor_command(joined / "PaDiMStory.mp4", frames, quality, work)
            timings["floor"] = timed("floor", command, environment, arguments.runs)
        narration_s = None
        if "voice" in steps:
            empty = work / "empty_cache"
            empty.mkdir()
            voice_environment = {**environment, "PADIM_AUDIO_CACHE": str(empty)}
            command = [sys.executable, "-m", "padim_studio.cli", "voice", "--keep-unused"]
            timings["voice"] = timed("voice", command, voice_environment)
            narration_s = narration_seconds(empty)
        if not video_s:
            parser.error("the single or parallel step is needed to know the video's duration")
        section = markdown_section(quality, arguments.jobs, timings, video_s, narration_s)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    write_section(arguments.output, quality, section)
    print(section)


if __name__ == "__main__":
    main()
