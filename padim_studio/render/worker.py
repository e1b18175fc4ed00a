"""Render one act with manim's command line, in an act process and the act's own media folder.

Manim processes that share a media folder race on its ``texts/`` and
``Tex/`` caches, and a render can fail with FileNotFoundError on a
``media/texts/<hash>_.svg`` that another process is writing. So every act
gets ``<media>/acts/<video>/<quality folder>/<act id>/`` as its media
folder, with its own text, LaTeX and partial-movie caches.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from padim_studio.render.acts import ACT_SCENE_STEM, QUALITY_FOLDERS, ActScene, write_act_scene_file
from padim_studio.voice.service import CACHE_ONLY_VARIABLE

# Lines of manim's output shown in the error of a failed act render.
LOG_TAIL_LINES = 40


class ActRenderError(RuntimeError):
    """One or more act renders failed. The message names each act and the end of its manim log."""


@dataclass(frozen=True)
class ActJob:
    """One act to render: which act, at which quality, in which media folder."""

    video_name: str
    act: ActScene
    quality: str
    folder: Path

    @property
    def scene_file(self) -> Path:
        return self.folder / f"{ACT_SCENE_STEM}.py"

    @property
    def log_file(self) -> Path:
        return self.folder / "manim.log"

    @property
    def stamp_file(self) -> Path:
        return self.folder / "fingerprint.json"

    @property
    def movie(self) -> Path:
        return self.folder / "videos" / ACT_SCENE_STEM / QUALITY_FOLDERS[self.quality] / f"{self.act.scene_name}.mp4"

    @property
    def outputs(self) -> tuple[Path, Path, Path, Path]:
        """The movie, its soundtrack, its subtitles and its cue timeline, as NarratedScene writes them."""
        movie = self.movie
        return movie, movie.with_suffix(".wav"), movie.with_suffix(".srt"), movie.with_suffix(".cues.json")

    def outputs_exist(self) -> bool:
        return all(path.is_file() for path in self.outputs)


def default_processes() -> int:
    """Return the number of processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def act_folder(media_dir: Path, video_name: str, quality: str, act_id: str) -> Path:
    """Return the media folder of one act's renders."""
    return Path(media_dir) / "acts" / video_name / QUALITY_FOLDERS[quality] / act_id


def manim_arguments(job: ActJob) -> list[str]:
    """Return the arguments of manim's command line that render one act."""
    # --silent: otherwise manim 0.22.0 requests its latest version number from pypi.org after every render.
    return [
        "render", f"-q{job.quality}", "--progress_bar", "none", "--silent",
        "--media_dir", str(job.folder), str(job.scene_file), job.act.scene_name,
    ]  # fmt: skip


def render_act(job: ActJob, root: Path) -> float:
    """Render one act with manim's command line in this process and return the seconds it took.

    Runs in an act process (:class:`padim_studio.render.processes.ActProcesses`): it changes the working
    folder to ``root``, where manim reads ``manim.cfg``, and sends manim's
    output to ``job.log_file``. Speech may not be synthesized here
    (``PADIM_CACHE_ONLY=1``), because clips are made before acts render and
    two processes must not synthesize the same cue.

    Raises
    ------
    ActRenderError
        If manim fails or does not write every output.
    """
    started = time.perf_counter()
    os.chdir(root)
    os.environ[CACHE_ONLY_VARIABLE] = "1"
    write_act_scene_file(job.scene_file, job.video_name, job.act)
    status = run_manim(manim_arguments(job), job.log_file)
    if status != 0:
        raise ActRenderError(f"act {job.act.act_id}: manim exited with status {status}:\n{log_tail(job)}")
    missing = [str(path) for path in job.outputs if not path.is_file()]
    if missing:
        raise ActRenderError(f"act {job.act.act_id}: manim finished but did not write {', '.join(missing)}")
    return time.perf_counter() - started


def run_manim(arguments: list[str], log_file: Path) -> int:
    """Run manim's command line with ``arguments`` in this process, writing its output to ``log_file``.

    Returns manim's exit status, 1 when it raised an exception.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    with log_file.open("w", encoding="utf-8") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    from manim.__main__ import main

    try:
        main(args=arguments, prog_name="manim", standalone_mode=False)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 1
    except Exception:
        traceback.print_exc()
        return 1
    return 0


def log_tail(job: ActJob, lines: int = LOG_TAIL_LINES) -> str:
    text = job.log_file.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:] + [f"(whole log: {job.log_file})"])
