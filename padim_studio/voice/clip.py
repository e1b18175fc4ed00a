"""The contract between the voice and the scenes: a clip and its word timings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Word:
    """One written word (or protected multi-word name) and when it is spoken.

    ``text`` is the written form from the narration without markup, as the
    subtitles show it. Times are seconds from the start of the clip.
    """

    text: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Clip:
    """A synthesized cue: audio file, decoded duration and word timings.

    ``timing`` is ``"aligned"`` when word times come from the engine's own
    phoneme alignment and ``"estimated"`` when they were derived another way
    (the gTTS voice gives no timings). ``path`` is None only for the silent
    stand-in timing of a still-image run.
    """

    cue_id: str
    path: Path | None
    duration_s: float
    words: tuple[Word, ...]
    marks: dict[str, float]
    timing: str

    @property
    def speech_start_s(self) -> float:
        return self.words[0].start_s if self.words else 0.0

    @property
    def speech_end_s(self) -> float:
        return self.words[-1].end_s if self.words else self.duration_s
