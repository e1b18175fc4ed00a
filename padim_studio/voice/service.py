"""Clips for narration cues: choose the engine, look in the cache, synthesize a miss."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from padim_studio.log import logger
from padim_studio.narration.script import Cue
from padim_studio.paths import audio_cache_dir
from padim_studio.voice.cache import CacheEntry, ClipCache, cache_key
from padim_studio.voice.clip import Clip, Word
from padim_studio.voice.lexicon import Lexicon, Token, load_lexicon, tokens_for_speech

ENGINES = ("piper", "gtts")
VOICE_VARIABLE = "PADIM_VOICE"
CACHE_ONLY_VARIABLE = "PADIM_CACHE_ONLY"


class CacheMissError(LookupError):
    """A cue has no cached clip and synthesis is switched off."""


def engine_from_environment():
    """Return the engine named by ``PADIM_VOICE`` (default ``piper``, offline)."""
    choice = os.environ.get(VOICE_VARIABLE, "piper").strip().lower() or "piper"
    if choice == "piper":
        from padim_studio.voice.piper_engine import PiperEngine

        return PiperEngine()
    if choice == "gtts":
        from padim_studio.voice.gtts_engine import GttsEngine

        return GttsEngine()
    raise ValueError(f"{VOICE_VARIABLE}={choice!r} is not a voice; choose one of: {', '.join(ENGINES)}")


@dataclass(frozen=True)
class PlannedClip:
    """A cue's spoken tokens and cache key."""

    cue: Cue
    tokens: tuple[Token, ...]
    key: str


def token_word_spans(tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
    """Return, per token, the range of written-word indices it covers."""
    spans = []
    start = 0
    for token in tokens:
        end = start + len(token.written.split())
        spans.append((start, end))
        start = end
    return spans


class Voice:
    """Turn cues into clips through the cache, synthesizing only on a miss."""

    def __init__(self, engine=None, cache_dir: Path | None = None, lexicon: Lexicon | None = None) -> None:
        self.engine = engine if engine is not None else engine_from_environment()
        self.cache = ClipCache(cache_dir if cache_dir is not None else audio_cache_dir())
        self.lexicon = lexicon if lexicon is not None else load_lexicon()

    def plan(self, cue: Cue) -> PlannedClip:
        tokens = tuple(tokens_for_speech(cue.words, self.lexicon))
        key = cache_key(self.engine.name, self.engine.settings, [token.spoken for token in tokens])
        return PlannedClip(cue=cue, tokens=tokens, key=key)

    def cached_clip(self, cue: Cue) -> Clip | None:
        """Return the cue's clip if the cache has it, without synthesizing."""
        planned = self.plan(cue)
        entry = self.cache.get(planned.key)
        return None if entry is None else _clip_from_entry(planned, entry)

    def clip(self, cue: Cue) -> Clip:
        """Return the cue's clip, synthesizing and caching it on a miss."""
        planned = self.plan(cue)
        entry = self.cache.get(planned.key)
        if entry is None:
            if os.environ.get(CACHE_ONLY_VARIABLE) == "1":
                raise CacheMissError(
                    f"cue {cue.id!r} of {cue.path} has no clip in {self.cache.directory} and "
                    f"{CACHE_ONLY_VARIABLE}=1 forbids synthesis; run 'padim-studio voice' to add it"
                )
            entry = self._synthesize(planned)
        return _clip_from_entry(planned, entry)

    def _synthesize(self, planned: PlannedClip) -> CacheEntry:
        spoken = [token.spoken for token in planned.tokens]
        logger.info("synthesizing cue %s with %s (%d words)", planned.cue.id, self.engine.name, len(spoken))
        scratch = self.cache.temporary_wav()
        try:
            timings = self.engine.synthesize(spoken, scratch, cue_id=planned.cue.id)
            if timings.timing != "aligned":
                logger.warning("cue %s: word times are estimated, not aligned; bookmarks may be off", planned.cue.id)
            record = {
                "engine": self.engine.name,
                "settings": self.engine.settings,
                "spoken_tokens": spoken,
                "onsets_s": list(timings.onsets_s),
                "ends_s": list(timings.ends_s),
                "duration_s": timings.duration_s,
                "timing": timings.timing,
            }
            return self.cache.put(planned.key, scratch, record)
        finally:
            scratch.unlink(missing_ok=True)


def _clip_from_entry(planned: PlannedClip, entry: CacheEntry) -> Clip:
    words = tuple(
        Word(text=token.written, start_s=onset, end_s=end)
        for token, onset, end in zip(planned.tokens, entry.onsets_s, entry.ends_s)
    )
    return Clip(
        cue_id=planned.cue.id,
        path=entry.wav_path,
        duration_s=entry.duration_s,
        words=words,
        marks=resolve_marks(planned.cue, planned.tokens, words),
        timing=entry.timing,
    )


def resolve_marks(cue: Cue, tokens: tuple[Token, ...], words: tuple[Word, ...]) -> dict[str, float]:
    """Place each bookmark at the onset of the word it precedes.

    A mark after the last word resolves to the end of speech; a mark inside a
    multi-word name resolves to the name's onset.
    """
    spans = token_word_spans(tokens)
    times: dict[str, float] = {}
    for mark, word_index in cue.marks.items():
        if not words:
            times[mark] = 0.0
            continue
        if word_index >= spans[-1][1]:
            times[mark] = words[-1].end_s
            continue
        token_index = next(index for index, (start, end) in enumerate(spans) if start <= word_index < end)
        times[mark] = words[token_index].start_s
    return times
