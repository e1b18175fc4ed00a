"""The content-addressed clip cache in ``audio_cache/``.

Each entry is two files named by a SHA-256 key: ``<key>.wav`` (the clip) and
``<key>.json`` (the spoken tokens and their times). The key covers the spoken
tokens, the engine, the voice and its settings, and ``FORMAT_VERSION``.
There is no index: a lookup is a file check, a hit writes nothing, and
identical re-renders leave the folder unchanged. Writes go to a temporary
file in the same folder and are renamed into place, audio first and timings
last. So an entry is complete exactly when its ``.json`` exists, and a
process killed mid-write leaves at most a stray temporary file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

FORMAT_VERSION = 1
_TEMPORARY_PREFIX = ".partial-"


@dataclass(frozen=True)
class CacheEntry:
    """A stored clip: its audio path and the timings recorded with it."""

    key: str
    wav_path: Path
    spoken_tokens: tuple[str, ...]
    onsets_s: tuple[float, ...]
    ends_s: tuple[float, ...]
    duration_s: float
    timing: str


def cache_key(engine: str, settings: dict[str, object], spoken_tokens: list[str]) -> str:
    """Return the SHA-256 key of a clip's spoken tokens, engine and settings."""
    payload = {
        "format_version": FORMAT_VERSION,
        "engine": engine,
        "settings": settings,
        "spoken_tokens": list(spoken_tokens),
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


class ClipCache:
    """Read and write clips in one cache folder."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def wav_path(self, key: str) -> Path:
        return self.directory / f"{key}.wav"

    def json_path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> CacheEntry | None:
        """Return the entry for ``key``, or None when either file is missing."""
        json_path, wav_path = self.json_path(key), self.wav_path(key)
        if not (json_path.is_file() and wav_path.is_file()):
            return None
        data = json.loads(json_path.read_text(encoding="utf-8"))
        return CacheEntry(
            key=key,
            wav_path=wav_path,
            spoken_tokens=tuple(data["spoken_tokens"]),
            onsets_s=tuple(data["onsets_s"]),
            ends_s=tuple(data["ends_s"]),
            duration_s=float(data["duration_s"]),
            timing=data["timing"],
        )

    def temporary_wav(self) -> Path:
        """Return a fresh temporary path in the cache folder for an engine to write."""
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=_TEMPORARY_PREFIX, suffix=".wav", dir=self.directory)
        os.close(handle)
        return Path(name)

    def put(self, key: str, written_wav: Path, record: dict[str, object]) -> CacheEntry:
        """Move a finished clip into place, then write its timings atomically."""
        os.replace(written_wav, self.wav_path(key))
        text = json.dumps({"format_version": FORMAT_VERSION, **record}, indent=1, ensure_ascii=False) + "\n"
        handle, name = tempfile.mkstemp(prefix=_TEMPORARY_PREFIX, suffix=".json", dir=self.directory)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(name, self.json_path(key))
        entry = self.get(key)
        assert entry is not None
        return entry

    def keys(self) -> set[str]:
        """Return the keys of all complete entries."""
        if not self.directory.is_dir():
            return set()
        return {path.stem for path in self.directory.glob("*.json") if self.wav_path(path.stem).is_file()}

    def remove_unused(self, used_keys: set[str]) -> list[Path]:
        """Delete entries and leftover temporary files whose key is not in ``used_keys``."""
        removed: list[Path] = []
        if not self.directory.is_dir():
            return removed
        for path in sorted(self.directory.iterdir()):
            if path.name.startswith(_TEMPORARY_PREFIX) or (
                path.suffix in (".wav", ".json") and path.stem not in used_keys
            ):
                path.unlink()
                removed.append(path)
        return removed
