"""Tests of sentence ends, boundary kinds, line layout and the event split."""

import pytest

from padim_studio.captions.layout import (
    BoundaryKind,
    choose_events,
    classify_boundary,
    is_sentence_end,
    lay_out_lines,
)
from padim_studio.captions.style import MAX_LINE_CHARS, count_chars


def no_timing_cost(first, stop, layout):
    return 0.0


def boundaries_of(tokens):
    return [classify_boundary(tokens[k], tokens[k + 1]) for k in range(len(tokens) - 1)]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("apart.", True),
        ("why?", True),
        ("now!", True),
        ('said."', True),
        ("(PCA).", True),
        ("§3.", True),
        ("0.962.", True),
        ("wait...", True),
        ("wait…", True),
        ("0.962", False),
        ("2.1.3", False),
        ("i.e.", False),
        ("e.g.", False),
        ("(e.g.", False),
        ("Dr.", False),
        ("al.", False),
        ("U.S.", False),
        ("i.i.d.", False),
        ("network,", False),
        ("(PCA)", False),
        ("μ", False),
        ("σ²", False),
        ("x_ij", False),
    ],
)
def test_sentence_end_table(token, expected):
    assert is_sentence_end(token) is expected


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("apart.", "The", BoundaryKind.SENTENCE),
        ("0.962", "on", BoundaryKind.PHRASE),
        ("2.1.3", "shows", BoundaryKind.WORD),
        ("network,", "then", BoundaryKind.CLAUSE),
        ("steps;", "first", BoundaryKind.CLAUSE),
        ("follows:", "the", BoundaryKind.CLAUSE),
        ("model—", "one", BoundaryKind.CLAUSE),
        ("(PCA),", "and", BoundaryKind.CLAUSE),
        ("mean", "and", BoundaryKind.CONJUNCTION),
        ("distance", "which", BoundaryKind.CONJUNCTION),
        ("the", "network", BoundaryKind.AFTER_FUNCTION_WORD),
        ("of", "patches", BoundaryKind.AFTER_FUNCTION_WORD),
        ("Gaussian", "model", BoundaryKind.WORD),
        ("patch", "to", BoundaryKind.PHRASE),
        ("layers", "of", BoundaryKind.PHRASE),
    ],
)
def test_boundary_kind_table(before, after, expected):
    assert classify_boundary(before, after) is expected


def test_layout_one_line_when_fits():
    tokens = "The covariance Σ is estimated per patch.".split()

    layout = lay_out_lines(tokens, boundaries_of(tokens))

    assert layout.lines == (" ".join(tokens),)
    assert layout.cost == 0.0


def test_layout_one_line_at_exactly_42():
    tokens = ["a" * 20, "b" * 21]  # 20 + 1 + 21 = 42 characters

    layout = lay_out_lines(tokens, boundaries_of(tokens))

    assert len(layout.lines) == 1
    assert count_chars(layout.lines[0]) == MAX_LINE_CHARS


def test_layout_two_lines_from_43():
    tokens = ["a" * 21, "b" * 21]  # 43 characters

    layout = lay_out_lines(tokens, boundaries_of(tokens))

    assert layout.lines == ("a" * 21, "b" * 21)


def test_layout_breaks_after_comma():
    tokens = "We fit a Gaussian to every patch, then we score the test image.".split()

    layout = lay_out_lines(tokens, boundaries_of(tokens))

    assert layout.lines[0] == "We fit a Gaussian to every patch,"
    assert layout.lines[1] == "then we score the test image."


def test_layout_balances_without_punctuation():
    tokens = "embeddings from three layers of a pretrained network are concatenated".split()

    layout = lay_out_lines(tokens, boundaries_of(tokens))

    first_chars, second_chars = (count_chars(line) for line in layout.lines)
    assert abs(first_chars - second_chars) <= 12
    assert not layout.lines[0].endswith((" a", " the", " of", " for"))


def test_layout_keeps_protected_name_whole():
    tokens = ["Features", "of", "the", "Wide ResNet-50", "backbone", "feed", "a", "Gaussian", "per", "MVTec AD", "category."]

    layout = lay_out_lines(tokens, boundaries_of(tokens))

    text = " ".join(layout.lines)
    assert "Wide ResNet-50" in text
    assert "MVTec AD" in text
    assert not any(line.endswith(("Wide", "MVTec")) for line in layout.lines)


def test_layout_rejects_three_lines_of_text():
    tokens = ["word"] * 20  # 99 characters

    assert lay_out_lines(tokens, boundaries_of(tokens)) is None


def test_layout_long_token_alone_on_one_line():
    token = "x" * 120

    layout = lay_out_lines([token], [])

    assert layout.lines == (token,)


def test_layout_long_token_with_others_rejected():
    tokens = ["see", "x" * 120]

    assert lay_out_lines(tokens, boundaries_of(tokens)) is None


def test_split_long_clause_without_punctuation():
    clause = (
        "the network maps every image patch to a vector that concatenates features from three "
        "layers of a pretrained convolutional backbone chosen for all its generality"
    )
    assert len(clause) == 160
    tokens = clause.split()

    events = choose_events(tokens, no_timing_cost)

    assert len(events) >= 2
    assert " ".join(" ".join(layout.lines) for _, _, layout in events) == clause
    for _, _, layout in events:
        assert len(layout.lines) <= 2
        assert all(count_chars(line) <= MAX_LINE_CHARS for line in layout.lines)
    for _, stop, layout in events:
        assert tokens[stop - 1] not in {"a", "the", "of", "to"}
        assert not layout.lines[0].endswith((" a", " the", " of", " to"))


def test_split_prefers_sentence_ends():
    tokens = "PaDiM needs no training. It fits Gaussians.".split()

    events = choose_events(tokens, no_timing_cost)

    assert [layout.lines for _, _, layout in events] == [("PaDiM needs no training.",), ("It fits Gaussians.",)]


def test_split_keeps_numbers_in_sentence():
    tokens = "Image AUROC reaches 0.962 on average and version 2.1.3 of the code matches.".split()

    events = choose_events(tokens, no_timing_cost)

    assert len(events) == 1
    assert "0.962" in events[0][2].lines[0]
    assert "2.1.3" in events[0][2].lines[1]


def test_split_merges_sentences_when_timing_requires():
    tokens = ["Fit.", "Score.", "Map."]

    def cost_of_short_events(first, stop, layout):
        return 1000.0 if stop - first < 3 else 0.0

    events = choose_events(tokens, cost_of_short_events)

    assert [(first, stop) for first, stop, _ in events] == [(0, 3)]


def test_split_prefers_clause_over_word_break():
    tokens = (
        "Each patch position gets its own Gaussian over the embedding vectors, "
        "and the inverse covariance is stored for scoring at test time."
    ).split()

    events = choose_events(tokens, no_timing_cost)

    assert len(events) == 2
    assert events[0][2].lines[-1].endswith("vectors,")


def test_split_of_empty_input():
    assert choose_events([], no_timing_cost) == []
