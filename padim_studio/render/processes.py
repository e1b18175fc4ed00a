"""Fresh processes for act renders, forked from a server that has already imported manim.

Each act renders in a process of its own, started for that act alone, so no
state of one act's render (manim's configuration, caches, the scene clock)
reaches another. The processes are forked from a fork server that has
imported manim and the stage helpers (:mod:`padim_studio.render.preload`),
so an act process starts without the one to two seconds those imports take
on a two-core machine. Where there is no fork server (Windows), each act
process imports them itself.

NOTE: like any multiprocessing child, an act process first imports the
caller's ``__main__`` module. So call :func:`padim_studio.render.pipeline.render_video`
from the ``padim-studio`` command, a module, or a script whose work sits
under ``if __name__ == "__main__":``, never from standard input.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from padim_studio.log import logger
from padim_studio.paths import repository_root
from padim_studio.render.acts import ActScene, act_scenes
from padim_studio.render.worker import ActJob, ActRenderError, render_act
from padim_studio.videos import get_video

PRELOAD_MODULE = "padim_studio.render.preload"


def list_act_scenes(video_name: str) -> list[ActScene]:
    """Return the acts of a video in playing order (runs in an act process, where manim is already imported)."""
    return act_scenes(get_video(video_name))


def start_fork_server(root: Path) -> multiprocessing.context.BaseContext:
    """Start the fork server in ``root`` and return the context that forks act processes from it.

    The server imports manim in ``root``, so manim reads ``root/manim.cfg``
    as its command line does when run there. The server preloads in the
    background while this process goes on.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD_MODULE])
    previous = os.getcwd()
    os.chdir(root)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        os.chdir(previous)
    return context


def stop_fork_server() -> None:
    """Stop the fork server and wait for it, so its memory is freed and its CPU time counts as this process's children's.

    NOTE: multiprocessing has no public call for this. ``_forkserver._stop``
    is private (checked on CPython 3.11.7), and nothing happens where it is missing.
    """
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)
    if stop is not None:
        stop()


class ActProcesses:
    """A pool of at most ``processes`` act processes at a time, each used for one task and then ended."""

    def __init__(self, processes: int) -> None:
        self.processes = max(1, processes)
        self.root = repository_root()
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ActProcesses:
        context = start_fork_server(self.root)
        # Keep one task per process. With a limit above one, the ProcessPoolExecutor of CPython 3.11 (and of
        # releases up to 3.15.0b3) can stop replacing workers that reached their limit, so queued tasks wait forever.
        self.pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=context, max_tasks_per_child=1)
        return self

    def __exit__(self, *exception) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        stop_fork_server()

    def list_acts(self, video_name: str) -> Future:
        """Start listing the acts of ``video_name`` in an act process. The future returns a list of ActScene."""
        return self.pool.submit(list_act_scenes, video_name)

    def render(self, jobs: Sequence[ActJob], on_finished: Callable[[ActJob, float], None]) -> None:
        """Render ``jobs``, started in the given order, calling ``on_finished(job, seconds)`` as each finishes.

        A failed act does not stop the others, so their renders are kept for
        the next run. The failures are raised together at the end.

        Raises
        ------
        ActRenderError
            If any act failed, naming each.
        """
        failures = []
        futures = {self.pool.submit(render_act, job, self.root): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                seconds = future.result()
            except ActRenderError as error:
                failures.append(str(error))
            except BrokenProcessPool as error:
                failures.append(f"act {job.act.act_id}: its process ended without a result ({error})")
            else:
                on_finished(job, seconds)
                continue
            logger.error("%s", failures[-1])
        if failures:
            raise ActRenderError(f"{len(failures)} of {len(jobs)} act render(s) failed:\n" + "\n".join(failures))
