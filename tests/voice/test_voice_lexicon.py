"""The pronunciation lexicon and number spelling: the text the voice receives."""

import pytest

from padim_studio.voice.lexicon import load_lexicon, speak_token, spell_number, spoken_text, tokens_for_speech


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def speak(text, lexicon):
    return spoken_text(text.split(), lexicon)


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("PaDiM", "pah dim"),
        ("MVTec AD", "M V tek A D"),
        ("AUROC", "A U rock"),
        ("PRO", "pro"),
        ("CNN", "C N N"),
        ("ResNet-18", "res net eighteen"),
        ("Wide ResNet-50", "wide res net fifty"),
        ("x_ij", "x i j"),
        ("μ", "mu"),
        ("Σ", "sigma"),
        ("ε", "epsilon"),
        ("i.e.", "that is"),
        ("e.g.", "for example"),
        ("GPU", "G P U"),
    ],
)
def test_term_spoken_form(lexicon, written, spoken):
    assert speak(written, lexicon) == spoken


def test_terms_inside_sentence_keep_punctuation(lexicon):
    text = "PaDiM beats SPADE on MVTec AD by AUROC, using a ResNet18 CNN backbone on a GPU."
    assert speak(text, lexicon) == (
        "pah dim beats spade on M V tek A D by A U rock, using a res net eighteen C N N backbone on a G P U."
    )


def test_multi_word_term_is_one_token(lexicon):
    tokens = tokens_for_speech("on MVTec AD, then (Wide ResNet-50).".split(), lexicon)
    assert [token.written for token in tokens] == ["on", "MVTec AD,", "then", "(Wide ResNet-50)."]
    assert [token.spoken for token in tokens] == ["on", "M V tek A D,", "then", "(wide res net fifty)."]


def test_possessive_of_term(lexicon):
    assert speak_token("PaDiM's", lexicon) == "pah dim's"


def test_abbreviation_with_full_stop_before_comma(lexicon):
    assert speak("that is, i.e., this", lexicon) == "that is, that is, this"


@pytest.mark.parametrize(
    "written, spoken",
    [
        ("0.962", "0 point 9 6 2"),
        ("2.1.3", "2 point 1 point 3"),
        ("99.5%", "99 point 5 percent"),
        ("3,136", "3136"),
        ("42", None),
    ],
)
def test_spell_number(written, spoken):
    assert spell_number(written) == spoken


def test_no_full_stop_inside_numbers(lexicon):
    text = (
        "On MVTec AD the image-level AUROC rose from 0.962 to 0.987, inference stayed at 0.5 seconds "
        "per image and memory fell by 2.5 gigabytes."
    )
    spoken = speak(text, lexicon)
    assert spoken.count(".") == 1
    assert spoken.endswith("gigabytes.")


def test_sentence_final_number_keeps_its_full_stop(lexicon):
    assert speak("The answer is 42.", lexicon) == "The answer is 42."
    assert speak("Use version 2.1.3.", lexicon) == "Use version 2 point 1 point 3."
    assert speak("Accuracy was 99.5%.", lexicon) == "Accuracy was 99 point 5 percent."


def test_non_ascii_symbols(lexicon):
    spoken = speak("The mean μ and variance σ² give Σ over all x_ij ≥ 0; see §3.", lexicon)
    assert "mu" in spoken
    assert "sigma squared" in spoken
    assert "x i j" in spoken


def test_lexicon_changes_only_speech(lexicon):
    tokens = tokens_for_speech("PaDiM on MVTec AD.".split(), lexicon)
    assert " ".join(token.written for token in tokens) == "PaDiM on MVTec AD."
