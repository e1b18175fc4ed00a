"""`padim-studio check`: narration files against the scenes that speak them."""

import subprocess
import sys
from pathlib import Path

import pytest

from padim_studio.narration.check import check_all, check_video

NARRATION = """## intro: Introduction
### hello
Hello <bookmark mark="world"/>world.

### bye
Goodbye.
"""

SCENE = '''
from padim_studio.scene import NarratedScene, VideoScene


class Intro(NarratedScene):
    video = "demo"
    act_id = "intro"

    def construct(self):
        with self.cue("hello") as tracker:
            self.wait_until_bookmark("world")
        with self.cue("bye"):
            pass


ACTS = (Intro,)


class Demo(VideoScene):
    video = "demo"
    acts = ACTS
'''


def write_video(folder: Path, narration: str = NARRATION, scene: str = SCENE) -> tuple[Path, Path]:
    (folder / "narration").mkdir()
    (folder / "scenes").mkdir()
    narration_path = folder / "narration" / "demo.md"
    scene_path = folder / "scenes" / "demo.py"
    narration_path.write_text(narration, encoding="utf-8")
    scene_path.write_text(scene, encoding="utf-8")
    return narration_path, scene_path


def messages(problems):
    return [problem.message for problem in problems]


def test_matching_files_pass(tmp_path):
    assert check_video(*write_video(tmp_path)) == []


def test_cue_used_in_code_but_missing(tmp_path):
    narration_path, scene_path = write_video(tmp_path, scene=SCENE.replace('self.cue("bye")', 'self.cue("later")'))
    problems = check_video(narration_path, scene_path)
    missing = [problem for problem in problems if "missing from" in problem.message]
    assert len(missing) == 1
    assert missing[0].path == scene_path
    assert missing[0].cue_id == "later"
    assert missing[0].line == 12


def test_cue_in_file_unused(tmp_path):
    narration = NARRATION + "\n### extra\nNobody says this.\n"
    problems = check_video(*write_video(tmp_path, narration=narration))
    assert messages(problems) == [f"cue 'extra' is not used by any scene in {tmp_path / 'scenes' / 'demo.py'}"]
    assert problems[0].line == 8


def test_waited_bookmark_missing_from_cue(tmp_path):
    scene = SCENE.replace('self.wait_until_bookmark("world")', 'self.wait_until_bookmark("moon")')
    problems = check_video(*write_video(tmp_path, scene=scene))
    assert len(problems) == 1
    assert "bookmark 'moon' is waited for but cue 'hello' has no such mark (its marks: world)" in problems[0].message
    assert problems[0].line == 11


def test_tracker_mark_methods_checked(tmp_path):
    scene = SCENE.replace('self.wait_until_bookmark("world")', 'tracker.span("world", "sun")')
    problems = check_video(*write_video(tmp_path, scene=scene))
    assert messages(problems) == ["bookmark 'sun' is waited for but cue 'hello' has no such mark (its marks: world)"]


def test_cue_in_wrong_act(tmp_path):
    narration = NARRATION + "\n## outro: Outro\n### fin\nEnd.\n"
    scene = SCENE.replace("ACTS = (Intro,)", 'class Outro(NarratedScene):\n    video = "demo"\n    act_id = "outro"\n\n    def construct(self):\n        with self.cue("fin"):\n            pass\n\n\nACTS = (Intro, Outro)')
    scene = scene.replace('self.cue("bye")', 'self.cue("fin")').replace('            pass\n\n\nACTS', '            pass\n        with self.cue("bye"):\n            pass\n\n\nACTS', 1)
    problems = check_video(*write_video(tmp_path, narration=narration, scene=scene))
    assert any("belongs to act 'outro'" in message for message in messages(problems))


def test_act_order_must_match(tmp_path):
    narration = NARRATION + "\n## outro: Outro\n### fin\nEnd.\n"
    scene = SCENE.replace(
        "ACTS = (Intro,)",
        'class Outro(NarratedScene):\n    video = "demo"\n    act_id = "outro"\n\n    def construct(self):\n        with self.cue("fin"):\n            pass\n\n\nACTS = (Outro, Intro)',
    )
    problems = check_video(*write_video(tmp_path, narration=narration, scene=scene))
    assert len(problems) == 1
    assert "ACTS order ['outro', 'intro'] differs" in problems[0].message


def test_narration_problems_are_included(tmp_path):
    narration = NARRATION.replace('<bookmark mark="world"/>', '<bookmark mark="fig.3"/>')
    problems = check_video(*write_video(tmp_path, narration=narration))
    assert any("unsupported mark name 'fig.3'" in message for message in messages(problems))


def test_every_problem_names_file_line_and_cue(tmp_path):
    narration = NARRATION.replace("### bye", "### hello")
    problems = check_video(*write_video(tmp_path, narration=narration))
    text = str(problems[0])
    assert text.startswith(f"{tmp_path / 'narration' / 'demo.md'}:5 [cue hello]: duplicate id")


def test_repository_narration_matches_scenes():
    root = Path(__file__).resolve().parents[2]
    assert check_all(root / "narration", root / "scenes") == []


@pytest.mark.parametrize("broken, expected_exit", [(False, 0), (True, 1)])
def test_check_command_exit_status(tmp_path, broken, expected_exit):
    narration = NARRATION + ("\n### extra\nUnused.\n" if broken else "")
    write_video(tmp_path, narration=narration)
    environment = {"PADIM_STUDIO_ROOT": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "padim_studio.cli", "check"], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == expected_exit, result.stdout + result.stderr
    if broken:
        assert "demo.md:8 [cue extra]" in result.stdout


def test_play_to_marks_are_checked(tmp_path):
    scene = SCENE.replace('self.wait_until_bookmark("world")', 'self.play_to("wrold")')
    problems = check_video(*write_video(tmp_path, scene=scene))
    assert messages(problems) == ["bookmark 'wrold' is waited for but cue 'hello' has no such mark (its marks: world)"]
