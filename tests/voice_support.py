"""Stand-in voice engines and cue helpers for tests that need no real speech."""

from pathlib import Path

import numpy as np

from padim_studio.narration.script import parse_script_text
from padim_studio.voice.piper_engine import TokenTimings, write_wav

SAMPLE_RATE = 22050
TOKEN_SAMPLES = 2205  # 0.1 s of tone per token, so a clip's length shows which text it contains


class ToneEngine:
    """A stand-in engine: writes 0.1 s of tone per token and counts its calls."""

    name = "tone"

    def __init__(self, setting: float = 1.0):
        self.calls = 0
        self.setting = setting

    @property
    def settings(self):
        return {"setting": self.setting}

    def synthesize(self, spoken_tokens, wav_path, cue_id="?"):
        self.calls += 1
        count = len(spoken_tokens)
        write_wav(Path(wav_path), 0.1 * np.sin(np.arange(count * TOKEN_SAMPLES) / 5.0), SAMPLE_RATE)
        return TokenTimings(
            onsets_s=tuple(0.1 * index for index in range(count)),
            ends_s=tuple(0.1 * index + 0.08 for index in range(count)),
            duration_s=count * 0.1,
            timing="aligned",
        )


class FailingEngine(ToneEngine):
    """A stand-in engine that fails the test whenever synthesis is called."""

    def synthesize(self, spoken_tokens, wav_path, cue_id="?"):
        raise AssertionError(f"synthesis was called for cue {cue_id}")


def make_cue(text: str, cue_id: str = "c"):
    """Parse ``text`` as the only cue of a one-act narration file."""
    return parse_script_text(f"## a: A\n### {cue_id}\n{text}\n", Path("t.md")).cue(cue_id)
