"""Split narration tokens into caption events and lines at phrase boundaries.

A token is one written word as narrated, with its punctuation attached. It
is never split, even when it contains spaces ("MVTec AD"). Breaks fall
between tokens and are ranked by the boundary they fall on. A sentence end
ranks first, then a clause boundary (after , ; : or a dash), then the gap
before a conjunction, then the gap before an article or preposition, then
any other gap between words. A break right after an article or preposition
ranks last, so that "the" ends an event or a line only when no other break
fits. This order follows the line-break rules of the Netflix Timed Text
Style Guide (General Requirements).
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from padim_studio.captions.style import MAX_LINE_CHARS, count_chars

OPENING_MARKS = "\"'([{«“‘"
CLOSING_MARKS = "\"')]}»”’"
CLAUSE_END_MARKS = (",", ";", ":", "—", "–")
SENTENCE_END_MARKS = ("?", "!", "…", ".")

# Abbreviations whose final period does not end a sentence, in lower case.
# NOTE: "et al." and "etc." at the very end of a sentence are therefore not
# recognised as sentence ends, so that sentence shares an event with the next.
ABBREVIATIONS = frozenset(
    {"i.e.", "e.g.", "al.", "etc.", "vs.", "cf.", "dr.", "mr.", "mrs.", "ms.", "prof.", "fig.", "figs.",
     "eq.", "eqs.", "sec.", "ch.", "no.", "approx.", "resp."}
)
# Letters with periods such as "U.S." or "i.i.d.".
INITIALISM = re.compile(r"(?:[^\W\d_]\.){2,}")

CONJUNCTIONS = frozenset(
    {"and", "but", "or", "nor", "so", "yet", "which", "who", "whose", "because", "while", "whereas",
     "although", "though", "where", "when", "since", "unless"}
)
FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "over",
     "under", "its", "their", "this", "these", "each", "every", "our", "your"}
)


class BoundaryKind(enum.Enum):
    """The kind of gap between two tokens, from the best place to break to the worst."""

    SENTENCE = "sentence"
    CLAUSE = "clause"
    CONJUNCTION = "conjunction"
    PHRASE = "phrase"
    WORD = "word"
    AFTER_FUNCTION_WORD = "after function word"


# Costs of ending an event on each boundary. A sentence end inside an event
# costs INTERNAL_SENTENCE_COST, so sentences get events of their own unless
# the narration is too fast for that.
EVENT_BREAK_COST = {
    BoundaryKind.SENTENCE: 0.0,
    BoundaryKind.CLAUSE: 10.0,
    BoundaryKind.CONJUNCTION: 20.0,
    BoundaryKind.PHRASE: 30.0,
    BoundaryKind.WORD: 40.0,
    BoundaryKind.AFTER_FUNCTION_WORD: 60.0,
}
INTERNAL_SENTENCE_COST = 30.0

# Costs of a line break on each boundary. The imbalance of the two lines adds
# up to LINE_IMBALANCE_WEIGHT, so a break after punctuation wins unless it
# leaves the lines far more uneven than a plain word break would.
LINE_BREAK_COST = {
    BoundaryKind.SENTENCE: 0.0,
    BoundaryKind.CLAUSE: 1.0,
    BoundaryKind.CONJUNCTION: 4.0,
    BoundaryKind.PHRASE: 6.0,
    BoundaryKind.WORD: 8.0,
    BoundaryKind.AFTER_FUNCTION_WORD: 14.0,
}
LINE_IMBALANCE_WEIGHT = 10.0


def _bare_word(token: str) -> str:
    return token.strip(OPENING_MARKS + CLOSING_MARKS).rstrip(".,;:!?…").lower()


def is_sentence_end(token: str) -> bool:
    """Return whether `token` ends a sentence.

    A sentence ends at a token ending in ".", "?", "!" or "…", possibly
    followed by closing quotes or brackets. Periods inside a token, as in
    "0.962" or "2.1.3", never count, and neither does the period of an
    abbreviation such as "e.g.", "Dr." or "et al." or of an initialism such
    as "U.S.".
    """
    core = token.rstrip(CLOSING_MARKS)
    if not core.endswith(SENTENCE_END_MARKS):
        return False
    if not core.endswith(".") or core.endswith(".."):
        return True
    word = core.lstrip(OPENING_MARKS)
    return word.lower() not in ABBREVIATIONS and not INITIALISM.fullmatch(word)


def classify_boundary(before: str, after: str) -> BoundaryKind:
    """Classify the boundary between the tokens `before` and `after`."""
    if is_sentence_end(before):
        return BoundaryKind.SENTENCE
    if before.rstrip(CLOSING_MARKS).endswith(CLAUSE_END_MARKS):
        return BoundaryKind.CLAUSE
    if _bare_word(after) in CONJUNCTIONS:
        return BoundaryKind.CONJUNCTION
    if _bare_word(before) in FUNCTION_WORDS:
        return BoundaryKind.AFTER_FUNCTION_WORD
    if _bare_word(after) in FUNCTION_WORDS:
        return BoundaryKind.PHRASE
    return BoundaryKind.WORD


@dataclass(frozen=True)
class LineLayout:
    """The lines of one event and the cost of its line break (0 for one line)."""

    lines: tuple[str, ...]
    cost: float

    @property
    def displayed_chars(self) -> int:
        """Number of characters shown, without the line break."""
        return sum(count_chars(line) for line in self.lines)


def lay_out_lines(tokens: Sequence[str], boundaries: Sequence[BoundaryKind]) -> LineLayout | None:
    """Arrange `tokens` in one line if it fits in MAX_LINE_CHARS, else in two.

    `boundaries[k]` is the boundary after `tokens[k]`. A single token always
    gets a line of its own, even when it is longer than MAX_LINE_CHARS.
    Returns None when two lines of at most MAX_LINE_CHARS cannot hold the
    tokens.
    """
    single_line = " ".join(tokens)
    if count_chars(single_line) <= MAX_LINE_CHARS or len(tokens) == 1:
        return LineLayout((single_line,), 0.0)

    best: LineLayout | None = None
    for split in range(1, len(tokens)):
        first_line = " ".join(tokens[:split])
        second_line = " ".join(tokens[split:])
        first_chars = count_chars(first_line)
        second_chars = count_chars(second_line)
        if first_chars > MAX_LINE_CHARS or second_chars > MAX_LINE_CHARS:
            continue
        imbalance = abs(first_chars - second_chars) / MAX_LINE_CHARS
        cost = LINE_BREAK_COST[boundaries[split - 1]] + LINE_IMBALANCE_WEIGHT * imbalance
        if best is None or cost < best.cost:
            best = LineLayout((first_line, second_line), cost)
    return best


# Cost of showing tokens[first:stop] as one event given its layout. It adds
# the timing rules, which depend on the word times that this module does not see.
TimingCost = Callable[[int, int, LineLayout], float]


def choose_events(tokens: Sequence[str], timing_cost: TimingCost) -> list[tuple[int, int, LineLayout]]:
    """Split `tokens` into events and return each as (first, stop, layout), in order.

    Dynamic programming finds the split with the lowest total cost: the break
    costs, the line-break costs, INTERNAL_SENTENCE_COST per sentence end inside
    an event, and `timing_cost`. Only layouts that `lay_out_lines` accepts are
    considered. A single token is always a valid event, so a split exists for
    any input. Runs in O(n·k) layouts for n tokens and at most k tokens per
    event.
    """
    count = len(tokens)
    boundaries = [classify_boundary(tokens[k], tokens[k + 1]) for k in range(count - 1)]
    best_cost = [math.inf] * (count + 1)
    best_cost[0] = 0.0
    best_event: list[tuple[int, LineLayout] | None] = [None] * (count + 1)

    for first in range(count):
        internal_sentence_ends = 0
        for stop in range(first + 1, count + 1):
            if stop - first >= 2 and boundaries[stop - 2] is BoundaryKind.SENTENCE:
                internal_sentence_ends += 1
            layout = lay_out_lines(tokens[first:stop], boundaries[first : stop - 1])
            if layout is None:
                # A longer event cannot fit either, because its first tokens would not.
                break
            break_cost = EVENT_BREAK_COST[boundaries[stop - 1]] if stop < count else 0.0
            cost = (
                best_cost[first]
                + break_cost
                + layout.cost
                + INTERNAL_SENTENCE_COST * internal_sentence_ends
                + timing_cost(first, stop, layout)
            )
            if cost < best_cost[stop]:
                best_cost[stop] = cost
                best_event[stop] = (first, layout)

    events: list[tuple[int, int, LineLayout]] = []
    stop = count
    while stop > 0:
        chosen = best_event[stop]
        assert chosen is not None, "every token can form an event on its own"
        first, layout = chosen
        events.append((first, stop, layout))
        stop = first
    events.reverse()
    return events
