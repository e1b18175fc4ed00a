"""Drive a whole video in-process with animations skipped, and report what is on stage.

:func:`run_video` writes no video and no audio. Each ``play`` jumps its
mobjects to their final state instead of drawing every frame. Hooks set on
the scene instance call a :class:`StageObserver` at the end of every
animation, every cue and every act, with the :class:`Moment` (video, act, open
cue, time in the video) it happened at. The hooks are instance attributes, so
they survive ``VideoScene.play_act`` swapping the instance's class to each act.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from manim import Mobject, config, tempconfig
from manim.constants import QUALITIES
from manim.utils.iterables import list_update
from PIL import Image

from padim_studio.paths import repository_root, scenes_dir
from padim_studio.scene import CueTracker, NarratedScene, VideoScene
from padim_studio.videos import import_scene_file

QUALITY_FLAGS = {values["flag"]: name for name, values in QUALITIES.items() if values["flag"]}


def format_timestamp(time_s: float) -> str:
    """Format seconds as ``m:ss.s``, rounding half up (``41.25`` becomes ``0:41.3``)."""
    tenths = math.floor(time_s * 10 + 0.5)
    minutes, tenths_in_minute = divmod(tenths, 600)
    return f"{minutes}:{tenths_in_minute / 10:04.1f}"


@dataclass(frozen=True)
class Moment:
    """A point in a video: its act, the cue open then (None between cues) and the time in seconds."""

    video: str
    act_id: str | None
    cue_id: str | None
    time_s: float

    def __str__(self) -> str:
        cue = f"cue {self.cue_id}" if self.cue_id else "between cues"
        return f"{self.video}/{self.act_id or '-'} [{cue}] {format_timestamp(self.time_s)}"


class StageObserver:
    """Callbacks of :func:`run_video`. Each default does nothing."""

    def animation_finished(self, scene: NarratedScene, moment: Moment, animations: Sequence[object]) -> None:
        """Inspect the stage after one ``play`` or ``wait``, called with the arguments of ``play``."""

    def cue_finished(self, scene: NarratedScene, moment: Moment, tracker: CueTracker) -> None:
        """Inspect the stage after a cue's final wait, before its ``with`` block exits."""

    def act_finished(self, scene: NarratedScene, moment: Moment) -> None:
        """Inspect the stage after ``play_act`` returns, when the stage should be empty."""


def scene_path(video: str) -> Path:
    return scenes_dir() / f"{video}.py"


def load_video_scene(video: str) -> type[VideoScene]:
    """Import ``scenes/<video>.py`` and return its :class:`VideoScene` subclass.

    Raises
    ------
    FileNotFoundError
        If the scene file does not exist.
    ValueError
        If the file has no ``ACTS`` tuple, or not exactly one video scene.
    """
    path = scene_path(video)
    module = import_scene_file(path)

    acts = getattr(module, "ACTS", None)
    if not isinstance(acts, tuple):
        raise ValueError(f"{path} defines no ACTS tuple; list its act classes in render order as ACTS = (...)")
    candidates = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, VideoScene) and value.__module__ == module.__name__
    ]
    if len(candidates) > 1:
        candidates = [candidate for candidate in candidates if candidate.acts == acts]
    if len(candidates) != 1:
        names = ", ".join(candidate.__name__ for candidate in candidates) or "none"
        raise ValueError(f"{path} must define exactly one VideoScene subclass playing ACTS; found: {names}")
    return candidates[0]


def stage_mobjects(scene: NarratedScene) -> list[Mobject]:
    """Return the top-level mobjects on stage, foreground ones last."""
    return list_update(scene.mobjects, scene.foreground_mobjects)


def capture_frame(scene: NarratedScene) -> Image.Image:
    """Draw everything on stage with the scene's camera and return the picture as RGB."""
    camera = scene.renderer.camera
    camera.reset()
    camera.capture_mobjects(stage_mobjects(scene))
    return Image.fromarray(camera.pixel_array).convert("RGB")


@dataclass
class _Position:
    act_id: str | None = None
    cue_id: str | None = None


def _frame_count(scene: NarratedScene, frame_rate: float) -> int:
    """Return how many frames the last ``play`` writes in a full render.

    A full render (manim 0.22 ``CairoRenderer``) adds one frame per time step
    of ``np.arange(0, run_time, dt)``, and a frozen-frame wait adds
    ``int(run_time / dt)``. Its scene clock moves by those frames, while a
    skipped play moves it by the exact run time.
    NOTE: a wait with a stop condition ends early in a full render, but it is
    counted here as a whole wait.
    """
    frame_step = 1 / frame_rate
    if scene.is_current_animation_frozen_frame():
        return int(scene.duration / frame_step)
    return len(np.arange(0, scene.duration, frame_step))


def _install_hooks(scene: VideoScene, video: str, observer: StageObserver, position: _Position) -> None:
    renderer = scene.renderer
    frame_rate = config.frame_rate

    def moment() -> Moment:
        return Moment(video, position.act_id, position.cue_id, float(renderer.time))

    def play(*animations, **kwargs) -> None:
        start_s = float(renderer.time)
        type(scene).play(scene, *animations, **kwargs)
        renderer.time = start_s + _frame_count(scene, frame_rate) / frame_rate
        observer.animation_finished(scene, moment(), animations)

    @contextmanager
    def cue(cue_id: str) -> Iterator[CueTracker]:
        try:
            with type(scene).cue(scene, cue_id) as tracker:
                position.cue_id = cue_id
                yield tracker
            # The cue's context has waited for the cue's end, so this is its last frame.
            observer.cue_finished(scene, moment(), tracker)
        finally:
            position.cue_id = None

    def play_act(act: type[NarratedScene]) -> None:
        position.act_id = act.act_id
        type(scene).play_act(scene, act)
        observer.act_finished(scene, moment())

    scene.play = play
    scene.cue = cue
    scene.play_act = play_act


def run_video(scene_class: type[VideoScene], observer: StageObserver, quality: str = "l") -> float:
    """Run ``scene_class`` with animations skipped, calling ``observer`` along the way.

    The run writes no video, sound or caption file. Clip timings come from
    the clip cache without synthesizing, and a cue missing from the cache
    gets the scene's silent stand-in timing (see ``NarratedScene._clip_for``).
    Scene times are counted in whole frames at ``quality``'s frame rate, as
    a full render counts them. Returns the video's duration in seconds.
    """
    if quality not in QUALITY_FLAGS:
        raise ValueError(f"invalid quality {quality!r}; choose one of: {', '.join(QUALITY_FLAGS)}")
    settings = QUALITIES[QUALITY_FLAGS[quality]]
    temporary = {
        "pixel_width": settings["pixel_width"],
        "pixel_height": settings["pixel_height"],
        "frame_rate": settings["frame_rate"],
        "dry_run": True,
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "WARNING",
        "media_dir": str(repository_root() / "media"),
    }
    with tempconfig(temporary):
        scene = scene_class(skip_animations=True)
        _install_hooks(scene, scene_class.video, observer, _Position())
        scene.render()
        return float(scene.renderer.time)
