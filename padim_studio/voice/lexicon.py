"""Turn written narration into what the voice says.

The lexicon (``narration/lexicon.toml``) maps written terms to spoken forms.
Numbers that a speech front end tends to misread are spelled out here too:
decimals and version strings are read digit by digit with "point", so no
voice ever sees a full stop inside a number, and ``99.5%`` becomes
"99 point 5 percent". Subtitles keep the written text: every written token
keeps its own spoken form, so word timings map back to written words.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from padim_studio.paths import lexicon_path

_LEADING_PUNCTUATION = "([{\"'“‘"
_TRAILING_PUNCTUATION = ".,;:!?)]}\"'”’"
_DECIMAL = re.compile(r"(?P<int>\d+)(?P<rest>(?:\.\d+)+)")
_PERCENT = re.compile(r"(?P<number>\d+(?:\.\d+)*)%")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True)
class Token:
    """A written token and its spoken form."""

    written: str
    spoken: str


@dataclass(frozen=True)
class Lexicon:
    """Written terms and their spoken forms, longest multi-word terms first."""

    terms: dict[str, str]

    @property
    def phrases(self) -> list[tuple[str, ...]]:
        """Multi-word terms as word tuples, longest first."""
        multi = [tuple(term.split()) for term in self.terms if " " in term]
        return sorted(multi, key=len, reverse=True)

    def lookup(self, core: str) -> str | None:
        return self.terms.get(core)


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load a lexicon file; a missing file is an error that names it."""
    path = Path(path) if path is not None else lexicon_path()
    return _load_lexicon_cached(path.resolve(), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load_lexicon_cached(path: Path, mtime_ns: int) -> Lexicon:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    terms = data.get("terms")
    if not isinstance(terms, dict) or not all(isinstance(value, str) for value in terms.values()):
        raise ValueError(f"{path}: expected a [terms] table of written = \"spoken\" strings")
    return Lexicon(terms=dict(terms))


def spell_number(core: str) -> str | None:
    """Spell a decimal, version or percentage so no full stop stays inside it.

    >>> spell_number("0.962")
    '0 point 9 6 2'
    >>> spell_number("2.1.3")
    '2 point 1 point 3'
    >>> spell_number("99.5%")
    '99 point 5 percent'
    """
    percent = _PERCENT.fullmatch(core)
    if percent:
        return f"{spell_number(percent.group('number')) or percent.group('number')} percent"
    if _THOUSANDS.fullmatch(core):
        return core.replace(",", "")
    decimal = _DECIMAL.fullmatch(core)
    if not decimal:
        return None
    parts = decimal.group("rest").split(".")[1:]
    if len(parts) == 1:
        return f"{decimal.group('int')} point {' '.join(parts[0])}"
    return " point ".join([decimal.group("int"), *parts])


def _split_punctuation(token: str) -> tuple[str, str, str]:
    start = 0
    while start < len(token) and token[start] in _LEADING_PUNCTUATION:
        start += 1
    end = len(token)
    while end > start and token[end - 1] in _TRAILING_PUNCTUATION:
        end -= 1
    return token[:start], token[start:end], token[end:]


def speak_token(token: str, lexicon: Lexicon) -> str:
    """Return the spoken form of one written token (or multi-word name)."""
    lead, core, trail = _split_punctuation(token)
    # A term may end in a full stop itself ("i.e.", "Dr."): try the longest
    # reading of the core first, giving punctuation back one character at a time.
    for cut in range(len(trail) + 1):
        candidate = core + trail[:cut]
        spoken = lexicon.lookup(candidate)
        if spoken is not None:
            return f"{lead}{spoken}{trail[cut:]}"
    for suffix in _POSSESSIVE:
        if core.endswith(suffix) and lexicon.lookup(core[: -len(suffix)]) is not None:
            return f"{lead}{lexicon.lookup(core[: -len(suffix)])}{suffix}{trail}"
    number = spell_number(core)
    if number is not None:
        return f"{lead}{number}{trail}"
    return token


def _matches_phrase(words: list[str], index: int, phrase: tuple[str, ...]) -> bool:
    if index + len(phrase) > len(words):
        return False
    window = list(words[index : index + len(phrase)])
    window[0] = window[0].lstrip(_LEADING_PUNCTUATION)
    window[-1] = window[-1].rstrip(_TRAILING_PUNCTUATION)
    return tuple(window) == phrase


def group_tokens(words: list[str], lexicon: Lexicon) -> list[str]:
    """Join consecutive words that form one multi-word lexicon term."""
    phrases = lexicon.phrases
    grouped: list[str] = []
    index = 0
    while index < len(words):
        for phrase in phrases:
            if _matches_phrase(words, index, phrase):
                grouped.append(" ".join(words[index : index + len(phrase)]))
                index += len(phrase)
                break
        else:
            grouped.append(words[index])
            index += 1
    return grouped


def tokens_for_speech(words: list[str] | tuple[str, ...], lexicon: Lexicon) -> list[Token]:
    """Group written words into tokens and give each its spoken form."""
    return [Token(written=token, spoken=speak_token(token, lexicon)) for token in group_tokens(list(words), lexicon)]


def spoken_text(words: list[str] | tuple[str, ...], lexicon: Lexicon) -> str:
    """Return the whole text the voice receives for these written words."""
    return " ".join(token.spoken for token in tokens_for_speech(words, lexicon))
