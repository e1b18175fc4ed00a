"""Fingerprints of act renders: what invalidates what.

An act's render is reused without starting manim when the act's fingerprint
equals the one stored beside its render and the render's movie, soundtrack,
subtitles and cue timeline all exist. The fingerprint is a set of SHA-256
digests, one per input:

- ``scene file``: the bytes of ``scenes/<video>.py``. Any edit there
  re-renders every act of that video, because acts share helpers and the
  whole-video class.
- ``narration``: the act's id and chapter title, and each of its cues' id,
  written text and bookmark positions. Editing one act's narration
  re-renders that act only.
- ``clips``: for each cue of the act, its clip's cache key and the bytes of
  the clip's ``.wav`` and ``.json`` in the audio cache. The key changes with
  the spoken text (so with the lexicon), the voice engine and its settings,
  so only the cues whose key changed are synthesized again.
- ``lexicon``: the bytes of ``narration/lexicon.toml``. Every act of every
  video re-renders when it changes.
- ``package source``: every ``.py`` file of ``padim_studio`` except the
  ``publish`` package, which never runs during a render.
- ``settings``: the quality flag, ``manim.cfg``, the installed manim and
  manim-voiceover versions and FINGERPRINT_VERSION.

When an act does re-render, manim's own cache in the act's media folder
still serves every animation whose scene state and timing are unchanged.
The joined video is rebuilt when any act was rendered, when the list of act
fingerprints differs from the one stored with the joined render, or when a
joined output file is missing or was replaced since the join.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import padim_studio
from padim_studio.narration.script import Act
from padim_studio.paths import lexicon_path, repository_root
from padim_studio.videos import Video

# Bump when the rules above change, so renders made under the old rules are not reused.
FINGERPRINT_VERSION = 1
# The publish package reads finished renders and never runs while one is made.
EXCLUDED_PACKAGES = ("publish",)


def bytes_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, or of the word ``missing`` when it does not exist."""
    path = Path(path)
    return bytes_digest(path.read_bytes()) if path.is_file() else bytes_digest(b"missing")


def json_digest(value: object) -> str:
    return bytes_digest(json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def package_digest(package_dir: Path | None = None, excluded: tuple[str, ...] = EXCLUDED_PACKAGES) -> str:
    """Return one digest of the relative path and bytes of every ``.py`` file of the package."""
    root = Path(package_dir or Path(padim_studio.__file__).resolve().parent)
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in excluded:
            continue
        digest.update(relative.as_posix().encode("utf-8") + b"\0")
        digest.update(bytes_digest(path.read_bytes()).encode("ascii"))
    return digest.hexdigest()


def narration_digest(act: Act) -> str:
    """Return the digest of what an act's narration contributes to its render."""
    cues = [{"id": cue.id, "text": cue.text, "marks": cue.marks} for cue in act.cues]
    return json_digest({"id": act.id, "title": act.title, "cues": cues})


def clips_digest(act: Act, voice) -> str:
    """Return the digest of the cache key and files of each of the act's cue clips.

    Raises
    ------
    FileNotFoundError
        If a cue has no clip in the cache. Synthesize it first.
    """
    records = []
    for cue in act.cues:
        key = voice.plan(cue).key
        entry = voice.cache.get(key)
        if entry is None:
            raise FileNotFoundError(f"cue {cue.id!r} of act {act.id!r} has no clip {key} in {voice.cache.directory}")
        records.append([cue.id, key, file_digest(entry.wav_path), file_digest(voice.cache.json_path(key))])
    return json_digest(records)


def settings_digest(quality: str) -> str:
    """Return the digest of the render settings shared by every act."""
    versions = {name: metadata.version(name) for name in ("manim", "manim-voiceover")}
    manim_config = file_digest(repository_root() / "manim.cfg")
    return json_digest({"version": FINGERPRINT_VERSION, "quality": quality, "manim.cfg": manim_config, **versions})


def shared_digests(video: Video, quality: str) -> dict[str, str]:
    """Return the digests of the inputs every act of ``video`` shares."""
    return {
        "scene file": file_digest(video.scene_file),
        "lexicon": file_digest(lexicon_path()),
        "package source": package_digest(),
        "settings": settings_digest(quality),
    }


@dataclass(frozen=True)
class Fingerprint:
    """The digest of each input of one act's render, by input name."""

    digests: dict[str, str]

    def changed_inputs(self, previous: Fingerprint) -> list[str]:
        """Return the names of the inputs whose digest differs from ``previous``."""
        names = sorted(set(self.digests) | set(previous.digests))
        return [name for name in names if self.digests.get(name) != previous.digests.get(name)]


def act_fingerprint(shared: dict[str, str], act: Act, voice, scene_name: str) -> Fingerprint:
    """Return the fingerprint of one act's render from the shared digests and the act's own inputs."""
    own = {"narration": narration_digest(act), "clips": clips_digest(act, voice), "scene name": json_digest(scene_name)}
    return Fingerprint({**shared, **own})


def read_stamp(path: Path) -> Fingerprint | None:
    """Return the fingerprint stored at ``path``, or None when the file is missing or unreadable."""
    try:
        return Fingerprint(dict(json.loads(Path(path).read_text(encoding="utf-8"))["digests"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_stamp(path: Path, fingerprint: Fingerprint) -> None:
    """Store ``fingerprint`` at ``path``, replacing the file in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"digests": fingerprint.digests}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, path)
