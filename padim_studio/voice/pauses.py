"""Shorten pauses the voice puts where the text has no punctuation.

A neural voice sometimes breathes in the middle of a long clause: the joe
voice lengthens a final consonant and a word break for about 0.25 s there. A
listener hears that as a sentence break. Silences longer than ``max_pause_s``
that do not follow a punctuated word are cut down to ``max_pause_s`` by
removing samples from their middle, and every word time after a cut moves
earlier by the samples removed.
"""

from __future__ import annotations

import numpy as np

SILENCE_DBFS = -50.0
WINDOW_S = 0.01
PUNCTUATION_ENDINGS = tuple(".,;:!?—…)\"'”")


def silent_runs(audio: np.ndarray, sample_rate: int, threshold_dbfs: float = SILENCE_DBFS) -> list[tuple[int, int]]:
    """Return (start, end) sample ranges where 10 ms windows stay below the threshold."""
    window = max(int(sample_rate * WINDOW_S), 1)
    count = len(audio) // window
    if count == 0:
        return []
    frames = audio[: count * window].reshape(count, window)
    quiet = 20 * np.log10(np.sqrt(np.mean(frames**2, axis=1)) + 1e-12) < threshold_dbfs
    runs = []
    start = None
    for index, flag in enumerate(quiet):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start * window, index * window))
            start = None
    if start is not None:
        runs.append((start * window, count * window))
    return runs


def limit_pauses(
    audio: np.ndarray,
    sample_rate: int,
    onsets: list[int],
    ends: list[int],
    tokens: list[str],
    max_pause_s: float = 0.2,
) -> tuple[np.ndarray, list[int], list[int]]:
    """Cut unpunctuated pauses inside speech down to ``max_pause_s``.

    ``onsets`` and ``ends`` are the tokens' sample positions. Pauses before
    the first onset, after the last end, and after a token that ends in
    punctuation are kept as they are.
    """
    if not onsets:
        return audio, onsets, ends
    # Cut to two windows under the limit, so a measurement on any other
    # 10 ms window grid still finds no pause longer than max_pause_s.
    limit = int((max_pause_s - 2 * WINDOW_S) * sample_rate)
    speech_start, speech_end = onsets[0], ends[-1]
    protected = [
        (ends[index], onsets[index + 1])
        for index in range(len(tokens) - 1)
        if tokens[index].rstrip().endswith(PUNCTUATION_ENDINGS)
    ]
    cuts: list[tuple[int, int]] = []
    for start, end in silent_runs(audio, sample_rate):
        if start < speech_start or end > speech_end or end - start <= limit:
            continue
        if any(start < after_next and end > before for before, after_next in protected):
            continue
        excess = end - start - limit
        middle = (start + end) // 2
        cuts.append((middle - excess // 2, middle - excess // 2 + excess))
    if not cuts:
        return audio, onsets, ends

    keep = np.ones(len(audio), dtype=bool)
    for start, end in cuts:
        keep[start:end] = False

    def shifted(position: int) -> int:
        removed = sum(min(end, position) - start for start, end in cuts if start < position)
        return position - removed

    return audio[keep], [shifted(value) for value in onsets], [shifted(value) for value in ends]


def fade_edges(audio: np.ndarray, sample_rate: int, fade_s: float = 0.005) -> np.ndarray:
    """Fade the first and last ``fade_s`` seconds in and out, so joins never click."""
    length = min(int(fade_s * sample_rate), len(audio) // 2)
    if length == 0:
        return audio
    ramp = np.linspace(0.0, 1.0, length, dtype=audio.dtype)
    faded = audio.copy()
    faded[:length] *= ramp
    faded[-length:] *= ramp[::-1]
    return faded
