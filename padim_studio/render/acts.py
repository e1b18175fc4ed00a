"""Per-act scenes: each plays one act exactly as the whole-video scene plays it.

A whole-video scene (a :class:`~padim_studio.scene.VideoScene`) opens a
section named after each act, runs the act's beats and then clears the stage
with a fade. The per-act scene of an act is a subclass of the whole-video
class with ``acts = (act,)``, so it plays the same section, beats and fade,
and inherits every setting of the video's class. Its name,
``<VideoClass>_<ActClass>`` (``PaDiMStory_Prologue``), differs from the act's
own class, whose render has no closing fade.

Manim loads scene classes from a file, so :func:`write_act_scene_file`
writes a three-line scene file per act that builds the class with
:func:`act_scene`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from padim_studio.videos import Video, get_video, import_scene_file

# Output folders and frame rates of manim 0.22.0's -ql, -qm and -qh flags
# (manim.constants.QUALITIES), written here because importing manim takes seconds.
QUALITY_FOLDERS = {"l": "480p15", "m": "720p30", "h": "1080p60"}
FRAME_RATES = {"l": 15, "m": 30, "h": 60}
# Stem of the scene file written into each act's media folder. Manim writes
# the act's render under videos/<stem>/<quality folder>/.
ACT_SCENE_STEM = "act_scene"


@dataclass(frozen=True)
class ActScene:
    """One act of a video and the name of its per-act scene class, in playing order."""

    index: int
    act_id: str
    scene_name: str


def check_quality(quality: str) -> None:
    """Raise ValueError unless ``quality`` is one of QUALITY_FOLDERS."""
    if quality not in QUALITY_FOLDERS:
        raise ValueError(f"invalid quality {quality!r}; choose one of: {', '.join(QUALITY_FOLDERS)}")


def load_scene_module(video: Video) -> ModuleType:
    """Import ``video``'s scene file as the module ``scenes.<video name>``, once per process."""
    return import_scene_file(video.scene_file)


def video_scene_class(video: Video) -> type:
    """Return ``video``'s whole-video scene class from its scene file."""
    module = load_scene_module(video)
    scene_class = getattr(module, video.scene_class, None)
    if scene_class is None or not getattr(scene_class, "acts", ()):
        raise ValueError(f"{video.scene_file} has no whole-video scene {video.scene_class} with a non-empty 'acts'")
    return scene_class


def act_scenes(video: Video) -> list[ActScene]:
    """Return the acts of ``video`` in the order its whole-video scene plays them."""
    scene_class = video_scene_class(video)
    return [
        ActScene(index=index, act_id=act.act_id, scene_name=f"{scene_class.__name__}_{act.__name__}")
        for index, act in enumerate(scene_class.acts)
    ]


def act_scene(video_name: str, act_id: str, module_name: str) -> type:
    """Build the per-act scene of act ``act_id`` of video ``video_name``.

    ``module_name`` becomes the class's ``__module__``, because manim 0.22.0
    only renders classes whose module is the scene file it loaded.
    """
    video = get_video(video_name)
    scene_class = video_scene_class(video)
    for act in scene_class.acts:
        if act.act_id == act_id:
            name = f"{scene_class.__name__}_{act.__name__}"
            attributes = {
                "acts": (act,),
                "__module__": module_name,
                "__qualname__": name,
                "__doc__": f"Act {act_id!r} of {scene_class.__name__}, with the fade that closes it in the video.",
            }
            return type(name, (scene_class,), attributes)
    known = ", ".join(act.act_id for act in scene_class.acts)
    raise KeyError(f"act {act_id!r} not found in {scene_class.__name__}.acts; acts: {known}")


def write_act_scene_file(path: Path, video_name: str, act: ActScene) -> None:
    """Write the scene file that manim loads to render ``act`` alone."""
    text = (
        f'"""Act {act.act_id!r} of the {video_name} video, written by padim-studio render for manim to load."""\n\n'
        "from padim_studio.render.acts import act_scene\n\n"
        f"{act.scene_name} = act_scene({video_name!r}, {act.act_id!r}, __name__)\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
