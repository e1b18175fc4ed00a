"""Locations of the project's folders, resolved from the repository root."""

from __future__ import annotations

import os
from pathlib import Path


def repository_root() -> Path:
    """Return the repository root: ``PADIM_STUDIO_ROOT`` if set, else the package's parent folder."""
    override = os.environ.get("PADIM_STUDIO_ROOT")
    if override:
        return Path(override).resolve()
    package_parent = Path(__file__).resolve().parents[1]
    if (package_parent / "narration").is_dir():
        return package_parent
    return Path.cwd().resolve()


def narration_dir() -> Path:
    return repository_root() / "narration"


def scenes_dir() -> Path:
    return repository_root() / "scenes"


def audio_cache_dir() -> Path:
    """Return the committed clip cache, or ``PADIM_AUDIO_CACHE`` when set (tests use this)."""
    override = os.environ.get("PADIM_AUDIO_CACHE")
    if override:
        return Path(override).resolve()
    return repository_root() / "audio_cache"


def lexicon_path() -> Path:
    return narration_dir() / "lexicon.toml"


def narration_path(video: str) -> Path:
    return narration_dir() / f"{video}.md"
