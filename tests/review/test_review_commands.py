"""Tests of the ``storyboard`` and ``layout`` commands, on synthetic and on the real videos."""

import pytest

from padim_studio.cli import build_parser, main
from padim_studio.narration.script import load_script
from padim_studio.paths import narration_path, scenes_dir
from padim_studio.review.commands import QUALITY_CHOICES
from padim_studio.review.layout_check import check_video_layout
from padim_studio.review.probe import QUALITY_FLAGS
from padim_studio.review.storyboard import write_storyboard
from padim_studio.videos import VIDEOS

NARRATION = """# Command test video

## only: Only act

### hello
Hello there.
"""

SCENE_FILE = '''
from manim import RIGHT, FadeIn, Text

from padim_studio.scene import NarratedScene, VideoScene
from padim_studio.voice.clip import Clip, Word


class OnlyAct(NarratedScene):
    video = "story"
    act_id = "only"

    def _clip_for(self, cue):
        words = tuple(Word(word, index * 0.2, (index + 1) * 0.2) for index, word in enumerate(cue.words))
        return Clip(cue.id, None, len(words) * 0.2 + 0.3, words, {}, "estimated")

    def construct(self):
        with self.cue("hello"):
            self.play(FadeIn(Text("hello").shift(RIGHT * SHIFT)), run_time=0.5)


ACTS = (OnlyAct,)


class CommandVideo(VideoScene):
    video = "story"
    acts = ACTS
'''


def write_story(root, shift: float) -> None:
    """Write a one-act ``story`` video whose text sits ``shift`` units right of centre."""
    (root / "narration").mkdir(exist_ok=True)
    (root / "narration" / "story.md").write_text(NARRATION, encoding="utf-8")
    (root / "scenes").mkdir(exist_ok=True)
    (root / "scenes" / "story.py").write_text(SCENE_FILE.replace("SHIFT", str(shift)), encoding="utf-8")


@pytest.fixture
def command_root(tmp_path, monkeypatch):
    monkeypatch.setenv("PADIM_STUDIO_ROOT", str(tmp_path))
    return tmp_path


def test_quality_choices_match_manim():
    assert sorted(QUALITY_CHOICES) == sorted(QUALITY_FLAGS)


def test_parser_storyboard_defaults():
    arguments = build_parser().parse_args(["storyboard", "story"])
    assert arguments.video == "story"
    assert arguments.quality == "l"
    assert arguments.output is None


def test_parser_layout_all():
    arguments = build_parser().parse_args(["layout", "all", "--quality", "m"])
    assert arguments.video == "all"
    assert arguments.quality == "m"


def test_parser_rejects_unknown_video():
    with pytest.raises(SystemExit):
        build_parser().parse_args(["layout", "trailer"])


def test_layout_command_reports_finding(command_root, capsys):
    write_story(command_root, shift=6.9)
    assert main(["layout", "story"]) == 1
    output = capsys.readouterr().out
    assert 'story/only [cue hello] 0:00.5: Text "hello" leaves the safe area (right edge' in output
    assert "layout story: 1 finding(s) after 3 animations" in output


def test_layout_command_passes_clean_video(command_root, capsys):
    write_story(command_root, shift=0)
    assert main(["layout", "story"]) == 0
    assert "layout story: 0 finding(s)" in capsys.readouterr().out


def test_layout_all_skips_missing_scenes(command_root, capsys):
    write_story(command_root, shift=0)
    assert main(["layout", "all"]) == 0
    captured = capsys.readouterr()
    assert "deep_dive: skipped" in captured.err
    assert "quick_demo: skipped" in captured.err
    assert "layout story: 0 finding(s)" in captured.out


def test_layout_command_missing_scene_file(command_root, capsys):
    assert main(["layout", "story"]) == 2


def test_storyboard_command_writes_sheets(command_root, capsys):
    write_story(command_root, shift=0)
    assert main(["storyboard", "story"]) == 0
    folder = command_root / "media" / "storyboards" / "story"
    assert sorted(path.name for path in folder.iterdir()) == ["all.png", "only.png"]
    captured = capsys.readouterr()
    assert "storyboard story: 1 stills in 2 sheet(s)" in captured.out
    assert "1 cue(s) have no cached clip" in captured.err


def test_storyboard_command_output_folder(command_root):
    write_story(command_root, shift=0)
    assert main(["storyboard", "story", "--output", str(command_root / "sheets")]) == 0
    assert (command_root / "sheets" / "only.png").is_file()


# -- the real videos -------------------------------------------------------------


def require_scene(video: str) -> None:
    if not (scenes_dir() / f"{video}.py").is_file():
        pytest.skip(f"scenes/{video}.py does not exist yet")


@pytest.mark.slow
@pytest.mark.parametrize("video", list(VIDEOS))
def test_video_layout_has_no_findings(video):
    require_scene(video)
    findings = [str(finding) for finding in check_video_layout(video).findings]
    assert findings == [], "layout findings:\n" + "\n".join(findings)


@pytest.mark.slow
def test_story_storyboard_sheets(tmp_path):
    require_scene("story")
    script = load_script(narration_path("story"))
    storyboard = write_storyboard("story", output_dir=tmp_path)
    expected = [tmp_path / f"{act.id}.png" for act in script.acts] + [tmp_path / "all.png"]
    assert storyboard.paths == expected
    assert [still.cue_id for still in storyboard.stills] == [cue.id for cue in script.all_cues()]
