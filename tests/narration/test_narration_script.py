"""Parsing narration Markdown: acts, cues, bookmarks and every problem kind."""

from pathlib import Path

import pytest

from padim_studio.narration.script import NarrationError, load_script, parse_script_text

GOOD = """# Demo video

## intro: Introduction
### hello
PaDiM never cuts the image apart. <bookmark mark="cnn"/>The whole image
passes once through a frozen network.

### bye
Thanks for watching.<bookmark mark="end"/>
"""


def parse(text: str):
    return parse_script_text(text, Path("demo.md"))


def test_parse_good_file_acts_and_cues():
    script = parse(GOOD)
    assert script.problems == ()
    assert script.title == "Demo video"
    assert [act.id for act in script.acts] == ["intro"]
    assert script.acts[0].title == "Introduction"
    assert [cue.id for cue in script.all_cues()] == ["hello", "bye"]


def test_cue_text_has_no_markup():
    cue = parse(GOOD).cue("hello")
    assert cue.text == "PaDiM never cuts the image apart. The whole image passes once through a frozen network."
    assert "<" not in cue.text
    assert "bookmark" not in cue.text


def test_mark_counts_words_before_it():
    script = parse(GOOD)
    assert script.cue("hello").marks == {"cnn": 6}
    assert script.cue("bye").marks == {"end": 3}


def test_cue_line_is_heading_line():
    assert parse(GOOD).cue("hello").line == 4


@pytest.mark.parametrize(
    "tag",
    [
        "<bookmark mark='s'/>",
        '<bookmark mark="a" />',
        "<bookmark mark = 'b'/>",
    ],
)
def test_bookmark_spellings_accepted(tag):
    script = parse(f"## a: A\n### c\nTake {tag}triangle ABC.\n")
    assert script.problems == ()
    assert script.cue("c").text == "Take triangle ABC."


def test_pitfall_markup_input_strips_every_tag():
    text = (
        "<bookmark mark='s'/>Take triangle ABC, where <bookmark mark=\"a\" />point O is "
        "<bookmark mark = 'b'/>the incenter.<bookmark mark='e'/>"
    )
    script = parse(f"## a: A\n### c\n{text}\n")
    cue = script.cue("c")
    assert script.problems == ()
    assert cue.text == "Take triangle ABC, where point O is the incenter."
    assert cue.marks == {"s": 0, "a": 4, "b": 7, "e": 9}


@pytest.mark.parametrize("name", ["eq-1", "fig.3", "x y"])
def test_unsupported_mark_name_rejected(name):
    script = parse(f'## a: A\n### c\nHello <bookmark mark="{name}"/>world.\n')
    messages = [problem.message for problem in script.problems]
    assert len(messages) == 1
    assert f"unsupported mark name {name!r}" in messages[0]


@pytest.mark.parametrize("name", ["step_2", "2", "Mark9"])
def test_supported_mark_names(name):
    assert parse(f'## a: A\n### c\nHello <bookmark mark="{name}"/>world.\n').problems == ()


@pytest.mark.parametrize("tag", ["<bookmark>", "<bookmark mark=x/>", "<bookmark mark='x'>", "<b>", "a < b"])
def test_malformed_tag_reported_with_line(tag):
    script = parse(f"## a: A\n### c\nHello\nthere {tag} world.\n")
    assert len(script.problems) == 1
    problem = script.problems[0]
    assert "malformed bookmark tag" in problem.message
    assert problem.line == 4
    assert problem.cue_id == "c"


def test_duplicate_cue_id_reported():
    script = parse("## a: A\n### c\nOne.\n### c\nTwo.\n")
    assert [problem.message for problem in script.problems] == ["duplicate id 'c'; first used on line 2"]
    assert script.problems[0].line == 4


def test_invalid_cue_id_reported():
    script = parse("## a: Title\n### Cue One\nText.\n")
    assert [problem.message for problem in script.problems] == [
        "invalid cue id 'Cue One'; use lowercase words joined by '-' or '_'"
    ]


def test_malformed_act_heading_reported():
    script = parse("## no title here\n### c\nText.\n")
    assert "must read '## id: Chapter title'" in script.problems[0].message


def test_text_outside_cue_reported():
    script = parse("## a: A\nstray words\n### c\nText.\n")
    assert [problem.line for problem in script.problems] == [2]


def test_comment_keeps_line_numbers():
    script = parse("<!-- one\ntwo\nthree -->\n## a: A\n### c\nText.\n")
    assert script.problems == ()
    assert script.cue("c").line == 5


def test_load_script_raises_with_every_problem(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("## a: A\n### c\nHi <bookmark mark='eq-1'/>there.\n### c\nAgain.\n", encoding="utf-8")
    with pytest.raises(NarrationError) as raised:
        load_script(path)
    assert len(raised.value.problems) == 2
    assert f"{path}:3 [cue c]" in str(raised.value)


def test_cue_lookup_names_act():
    script = parse(GOOD)
    with pytest.raises(KeyError, match="not in act 'other'"):
        script.cue("hello", act_id="other")
    with pytest.raises(KeyError, match="not found"):
        script.cue("missing")


def test_list_items_are_separated_by_pauses():
    script = parse("## a: A\n### c\nThree ideas:\n- frozen features\n- one Gaussian per position\n- the Mahalanobis distance\n")
    assert script.problems == ()
    assert script.cue("c").text == "Three ideas: frozen features, one Gaussian per position, the Mahalanobis distance."


def test_list_item_keeps_its_own_punctuation():
    script = parse("## a: A\n### c\n1. first;\n2. second!\n")
    assert script.cue("c").text == "first; second!"
