"""The project's videos: narration stem, scene file and whole-video class of each."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from padim_studio.paths import narration_path, repository_root


@dataclass(frozen=True)
class Video:
    """One video: its name (the narration and scene file stem) and its whole-video scene class."""

    name: str
    scene_class: str
    title: str

    @property
    def scene_file(self) -> Path:
        return repository_root() / "scenes" / f"{self.name}.py"

    @property
    def narration_file(self) -> Path:
        return narration_path(self.name)


VIDEOS: dict[str, Video] = {
    video.name: video
    for video in (
        Video("story", "PaDiMStory", "PaDiM explained: anomaly detection with patch distributions"),
        Video("deep_dive", "PaDiMTechnicalDeepDive", "PaDiM technical deep dive: Gaussians, features and cost"),
        Video("quick_demo", "PaDiMQuickDemo", "PaDiM in one minute"),
    )
}


def get_video(name: str) -> Video:
    """Return the video called ``name``; an unknown name is an error listing the choices."""
    try:
        return VIDEOS[name]
    except KeyError:
        raise KeyError(f"unknown video {name!r}; choose one of: {', '.join(VIDEOS)}") from None


def import_scene_file(path: Path) -> ModuleType:
    """Import a scene file as the module ``scenes.<stem>``, reusing it while it is the same file.

    Raises
    ------
    FileNotFoundError
        If the scene file does not exist.
    """
    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"scene file {path} not found; create it or choose a video that has one")
    module_name = f"scenes.{path.stem}"
    loaded = sys.modules.get(module_name)
    if loaded is not None and Path(getattr(loaded, "__file__", "")).resolve() == path:
        return loaded
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module
