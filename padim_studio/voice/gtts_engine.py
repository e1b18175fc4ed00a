"""Google Translate's voice through gTTS: online, used only when chosen.

gTTS returns MP3 audio and no timings. Word times are estimated from the
piper rendition of the same tokens: piper's aligned onsets are mapped
linearly from piper's speech span onto the span where the gTTS audio is
above the silence threshold. Clips made this way are marked ``estimated``.

NOTE: the error of this estimate against real gTTS word onsets has not been
measured, because the service cannot be reached from the development
machines. Errors of a few hundred milliseconds inside long cues are likely.
"""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

import numpy as np

from padim_studio.log import logger
from padim_studio.voice.piper_engine import PiperEngine, TokenTimings, read_wav, write_wav

SAMPLE_RATE = 24000
SILENCE_DBFS = -40.0
OFFLINE_HINT = "unset PADIM_VOICE (or set PADIM_VOICE=piper) to use the offline voice"


class VoiceUnavailableError(RuntimeError):
    """The online voice could not produce a clip; the message names the cue."""


class GttsEngine:
    """Synthesize with gTTS, with a per-request timeout and bounded retries."""

    name = "gtts"

    def __init__(
        self,
        lang: str = "en",
        tld: str = "com",
        timeout_s: float = 5.0,
        attempts: int = 3,
        backoff_s: float = 0.5,
        reference: PiperEngine | None = None,
    ) -> None:
        self.lang = lang
        self.tld = tld
        self.timeout_s = timeout_s
        self.attempts = attempts
        self.backoff_s = backoff_s
        self.reference = reference or PiperEngine()

    @property
    def settings(self) -> dict[str, object]:
        return {"lang": self.lang, "tld": self.tld, "timing_reference": self.reference.settings}

    def fetch_mp3(self, text: str, cue_id: str) -> bytes:
        """Request the MP3 for ``text``; retry rate limits and timeouts with backoff."""
        from gtts import gTTS, gTTSError

        last_error: Exception | None = None
        for attempt in range(1, self.attempts + 1):
            buffer = io.BytesIO()
            try:
                gTTS(text, lang=self.lang, tld=self.tld, timeout=self.timeout_s).write_to_fp(buffer)
            except gTTSError as error:
                last_error = error
                status = getattr(getattr(error, "rsp", None), "status_code", None)
                retryable = status in (429, 500, 502, 503, 504) or "timed out" in str(error).lower()
                logger.warning("gTTS request for cue %s failed (attempt %d of %d): %s", cue_id, attempt, self.attempts, error)
                if not retryable or attempt == self.attempts:
                    break
                time.sleep(self.backoff_s * 2 ** (attempt - 1))
                continue
            data = buffer.getvalue()
            if not data:
                last_error = RuntimeError("empty audio response")
                break
            return data
        raise VoiceUnavailableError(f"Google's voice (gTTS) failed for cue {cue_id!r}: {last_error}; {OFFLINE_HINT}")

    def synthesize(self, spoken_tokens: list[str], wav_path: Path, cue_id: str = "?") -> TokenTimings:
        """Write the gTTS clip to ``wav_path`` and estimate token times from piper."""
        from pydub import AudioSegment

        text = " ".join(spoken_tokens)
        mp3 = self.fetch_mp3(text, cue_id)
        segment = AudioSegment.from_file(io.BytesIO(mp3), format="mp3").set_channels(1).set_frame_rate(SAMPLE_RATE)
        audio = np.array(segment.get_array_of_samples(), dtype=np.float32) / float(1 << (8 * segment.sample_width - 1))
        write_wav(wav_path, audio, SAMPLE_RATE)

        with tempfile.TemporaryDirectory() as scratch:
            reference = self.reference.synthesize(spoken_tokens, Path(scratch) / "reference.wav")
        speech_start, speech_end = speech_span(*read_wav(wav_path))
        scale = (speech_end - speech_start) / max(reference.ends_s[-1] - reference.onsets_s[0], 1e-6)

        def to_gtts(seconds: float) -> float:
            return speech_start + (seconds - reference.onsets_s[0]) * scale

        return TokenTimings(
            onsets_s=tuple(to_gtts(value) for value in reference.onsets_s),
            ends_s=tuple(to_gtts(value) for value in reference.ends_s),
            duration_s=len(audio) / SAMPLE_RATE,
            timing="estimated",
        )


def speech_span(audio: np.ndarray, sample_rate: int, threshold_dbfs: float = SILENCE_DBFS) -> tuple[float, float]:
    """Return the first and last time (s) at which 10 ms windows exceed the threshold."""
    window = max(sample_rate // 100, 1)
    count = len(audio) // window
    if count == 0:
        return 0.0, len(audio) / max(sample_rate, 1)
    frames = audio[: count * window].reshape(count, window)
    rms = np.sqrt(np.mean(frames**2, axis=1)) + 1e-12
    loud = np.flatnonzero(20 * np.log10(rms) > threshold_dbfs)
    if loud.size == 0:
        return 0.0, len(audio) / sample_rate
    return loud[0] * window / sample_rate, (loud[-1] + 1) * window / sample_rate
