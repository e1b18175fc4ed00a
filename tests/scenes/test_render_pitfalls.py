"""Known failure kinds of narrated Manim videos, each kept as a small render."""

import json
import shutil
from pathlib import Path

import pytest
import srt

from render_support import ROOT, decode_audio, level_dbfs, probe, render_scene

pytestmark = pytest.mark.slow

NON_ASCII_TEXT = "The mean μ and variance σ² give Σ over all x_ij ≥ 0; see §3."
LONG_TOKEN = "x" * 120

SKIP_SCENE = '''
import sys
sys.path.insert(0, {scenes!r})
from story import PatchExtraction, Prologue
from padim_studio.scene import VideoScene


class SkipPrologue(VideoScene):
    video = "story"

    def construct(self):
        self.next_section("prologue", skip_animations=True)
        self.play_act(Prologue)
        self.next_section("patches")
        self.play_act(PatchExtraction)
'''

NARRATED_SCENE = '''
from manim import Text
from padim_studio.scene import NarratedScene


class Symbols(NarratedScene):
    video = "symbols"
    act_id = "symbols"

    def construct(self):
        with self.cue("formula"):
            self.add(Text("μ Σ σ²"))
        with self.cue("token"):
            pass
'''


def durations(path: Path) -> dict[str, float]:
    return {stream["codec_type"]: float(stream["duration"]) for stream in probe(path)["streams"]}


@pytest.fixture(scope="module")
def skipped_render(tmp_path_factory):
    folder = tmp_path_factory.mktemp("skip")
    scene_file = folder / "skip_prologue.py"
    scene_file.write_text(SKIP_SCENE.format(scenes=str(ROOT / "scenes")), encoding="utf-8")
    media = folder / "media"
    render = render_scene(str(scene_file), "SkipPrologue", media, "--save_sections", environment={"PADIM_CACHE_ONLY": "1"})
    return render


def test_skipped_section_narration_starts_at_zero(skipped_render):
    cues = json.loads(skipped_render.video.with_suffix(".cues.json").read_text())["cues"]
    assert [cue["act"] for cue in cues] == ["patches"] * len(cues)
    assert cues[0]["start_s"] == pytest.approx(0.0, abs=1 / 15)


def test_skipped_section_is_not_heard(skipped_render):
    video = durations(skipped_render.video)
    cues = json.loads(skipped_render.video.with_suffix(".cues.json").read_text())["cues"]
    spoken = sum(cue["duration_s"] for cue in cues)
    assert video["video"] < spoken + 3.0
    assert abs(video["video"] - video["audio"]) <= 0.05
    samples = decode_audio(skipped_render.video)
    assert level_dbfs(samples, 16000, 0.0, cues[0]["duration_s"]) > -35


def test_skipped_render_captions_start_at_first_word(skipped_render):
    subtitles = list(srt.parse(skipped_render.subtitles.read_text(encoding="utf-8")))
    assert subtitles[0].start.total_seconds() < 0.5
    assert subtitles[0].content.startswith("Take one image")


def test_kept_section_file_has_its_audio(skipped_render):
    folder = skipped_render.video.parent / "sections"
    sections = json.loads((folder / "SkipPrologue.json").read_text())
    kept = [section for section in sections if section["name"] == "patches"]
    assert len(kept) == 1
    assert set(durations(folder / kept[0]["video"])) == {"video", "audio"}


@pytest.fixture(scope="module")
def non_ascii_render(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    (root / "narration").mkdir()
    (root / "scenes").mkdir()
    shutil.copy(ROOT / "narration" / "lexicon.toml", root / "narration" / "lexicon.toml")
    (root / "narration" / "symbols.md").write_text(
        f"## symbols: Symbols\n### formula\n{NON_ASCII_TEXT}\n\n### token\nA long token {LONG_TOKEN} stays whole.\n",
        encoding="utf-8",
    )
    scene_file = root / "scenes" / "symbols.py"
    scene_file.write_text(NARRATED_SCENE, encoding="utf-8")
    environment = {
        "PADIM_STUDIO_ROOT": str(root),
        "PADIM_AUDIO_CACHE": str(root / "audio_cache"),
        "LANG": "C",
        "LC_ALL": "C",
    }
    return render_scene(str(scene_file), "Symbols", root / "media", environment=environment)


def test_non_ascii_subtitles_are_utf8_written_text(non_ascii_render):
    raw = non_ascii_render.subtitles.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = " ".join(" ".join(item.content.split()) for item in srt.parse(raw.decode("utf-8")))
    assert text.startswith(NON_ASCII_TEXT)


def test_long_token_stays_whole(non_ascii_render):
    contents = [item.content for item in srt.parse(non_ascii_render.subtitles.read_text(encoding="utf-8"))]
    assert any(LONG_TOKEN in content.split() or LONG_TOKEN in content.splitlines() for content in contents)
