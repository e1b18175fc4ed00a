"""Tests of finding a render and deciding when to render again, with manim replaced by a stub."""

import os
import shutil
import time

import pytest

from padim_studio.narration.script import load_script
from padim_studio.publish import render as render_module
from padim_studio.publish.render import clip_files, ensure_render, render_output, source_files, stale_reason
from padim_studio.videos import get_video

from render_support import ROOT


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project root with the story's narration, lexicon and clips, a stub scene file and another video's clip."""
    (tmp_path / "narration").mkdir()
    shutil.copy(ROOT / "narration" / "story.md", tmp_path / "narration" / "story.md")
    shutil.copy(ROOT / "narration" / "lexicon.toml", tmp_path / "narration" / "lexicon.toml")
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "story.py").write_text("# stub scene file\n", encoding="utf-8")
    monkeypatch.setenv("PADIM_STUDIO_ROOT", str(tmp_path))
    monkeypatch.delenv("PADIM_AUDIO_CACHE", raising=False)
    monkeypatch.delenv("PADIM_VOICE", raising=False)
    (tmp_path / "audio_cache").mkdir()
    for path in clip_files(get_video("story")):
        shutil.copy(ROOT / "audio_cache" / path.name, path)
    (tmp_path / "audio_cache" / "other.json").write_text("{}", encoding="utf-8")
    past = time.time() - 1000
    for path in tmp_path.rglob("*"):
        os.utime(path, (past, past))
    return tmp_path


@pytest.fixture
def manim_calls(monkeypatch):
    """Replace manim with a stub that writes the video, then the captions and the sections, as manim does."""
    calls = []

    def fake_run_manim(video, quality):
        calls.append((video.name, quality))
        render = render_output(video, quality)
        now = time.time()
        for offset, path in enumerate(render.files):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("stub", encoding="utf-8")
            os.utime(path, (now + offset * 0.01, now + offset * 0.01))

    monkeypatch.setattr(render_module, "run_manim", fake_run_manim)
    return calls


def test_render_paths_follow_manim_layout(project):
    render = render_output(get_video("story"), "l")

    folder = project / "media" / "videos" / "story" / "480p15"
    assert render.video_path == folder / "PaDiMStory.mp4"
    assert render.captions_path == folder / "PaDiMStory.srt"
    assert render.sections_path == folder / "sections" / "PaDiMStory.json"
    assert render.acts[0].id == "prologue"


def test_invalid_quality_rejected(project):
    with pytest.raises(ValueError, match="invalid quality 'k'"):
        render_output(get_video("story"), "k")


def test_missing_render_is_rendered(project, manim_calls):
    render, reason = ensure_render(get_video("story"), "l")

    assert manim_calls == [("story", "l")]
    assert "is missing" in reason
    assert render.video_path.is_file()


def test_fresh_render_is_reused(project, manim_calls):
    ensure_render(get_video("story"), "m")

    render, reason = ensure_render(get_video("story"), "m")

    assert reason is None
    assert manim_calls == [("story", "m")]


def test_edited_narration_renders_again(project, manim_calls):
    ensure_render(get_video("story"), "l")
    later = time.time() + 60
    os.utime(project / "narration" / "story.md", (later, later))

    _, reason = ensure_render(get_video("story"), "l")

    assert len(manim_calls) == 2
    assert reason == f"{project / 'narration' / 'story.md'} changed after the render"


def test_resynthesized_clip_renders_again(project, manim_calls):
    ensure_render(get_video("story"), "l")
    later = time.time() + 60
    clip = clip_files(get_video("story"))[0]
    os.utime(clip, (later, later))

    _, reason = ensure_render(get_video("story"), "l")

    assert len(manim_calls) == 2
    assert reason == f"{clip} changed after the render"


def test_missing_clip_renders_again(project, manim_calls):
    ensure_render(get_video("story"), "l")
    clip = clip_files(get_video("story"))[-1]
    clip.unlink()

    _, reason = ensure_render(get_video("story"), "l")

    assert len(manim_calls) == 2
    assert reason == f"{clip} is missing, so the render will create it"


def test_other_videos_clips_do_not_matter(project, manim_calls):
    ensure_render(get_video("story"), "l")
    later = time.time() + 60
    os.utime(project / "audio_cache" / "other.json", (later, later))

    _, reason = ensure_render(get_video("story"), "l")

    assert reason is None
    assert len(manim_calls) == 1


def test_sections_older_than_video_are_stale(project, manim_calls):
    render, _ = ensure_render(get_video("story"), "l")
    newer = render.sections_path.stat().st_mtime + 5
    os.utime(render.video_path, (newer, newer))

    reason = stale_reason(render, source_files(get_video("story")))

    assert reason == f"{render.captions_path} is older than PaDiMStory.mp4"


def test_sources_include_inputs_but_not_publish_code(project):
    sources = source_files(get_video("story"))

    assert project / "scenes" / "story.py" in sources
    assert project / "narration" / "story.md" in sources
    assert project / "narration" / "lexicon.toml" in sources
    assert len([path for path in sources if path.parent == project / "audio_cache"]) == 2 * len(
        load_script(project / "narration" / "story.md").all_cues()
    )
    assert project / "audio_cache" / "other.json" not in sources
    assert any(path.name == "scene.py" and path.parent.name == "padim_studio" for path in sources)
    assert not any(path.parent.name == "publish" for path in sources)


def test_missing_scene_file(project):
    (project / "scenes" / "story.py").unlink()

    with pytest.raises(FileNotFoundError, match="scene file"):
        ensure_render(get_video("story"), "l")
