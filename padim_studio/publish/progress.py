"""Progress of the publish steps: one line per step with the seconds it took."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Iterator, TextIO


class StepClock:
    """A step counter that prints one line per step: its number, its name and the seconds it took.

    ``seconds`` keeps each step's time by name. The line is written in two
    parts, the name when the step starts and the time when it ends, so a
    long step shows what is running.
    """

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stdout
        self.done = 0
        self.seconds: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self.done += 1
        print(f"[{self.done}/{self.total}] {name} ...", end="", file=self.stream, flush=True)
        started = time.perf_counter()
        try:
            yield
        except BaseException:
            print(f" failed after {time.perf_counter() - started:.1f} s", file=self.stream, flush=True)
            raise
        elapsed = time.perf_counter() - started
        self.seconds[name] = round(elapsed, 2)
        print(f" {elapsed:.1f} s", file=self.stream, flush=True)
