"""Locate a video's render and render it again with manim when it is missing or older than its sources."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import padim_studio
from padim_studio.narration.script import Act, load_script
from padim_studio.paths import lexicon_path, repository_root
from padim_studio.publish import PublishError
from padim_studio.videos import Video

# Output folders of manim 0.22.0's quality flags (manim.constants.QUALITIES),
# written here because importing manim takes seconds.
QUALITY_FOLDERS = {"l": "480p15", "m": "720p30", "h": "1080p60"}
# The publish package does not run during a render, so editing it does not make a render stale.
PUBLISH_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class RenderOutput:
    """The files of one render and the acts it shows, in render order.

    ``sections_path`` is the JSON that ``manim --save_sections`` writes,
    with one section per act.
    """

    name: str
    scene_class: str
    title: str
    video_path: Path
    captions_path: Path
    sections_path: Path
    acts: tuple[Act, ...]

    @property
    def files(self) -> tuple[Path, Path, Path]:
        return self.video_path, self.captions_path, self.sections_path


def render_output(video: Video, quality: str) -> RenderOutput:
    """Return where ``manim -q<quality> --save_sections`` writes ``video``'s whole-video render.

    Raises
    ------
    ValueError
        If ``quality`` is not one of QUALITY_FOLDERS.
    """
    if quality not in QUALITY_FOLDERS:
        raise ValueError(f"invalid quality {quality!r}; choose one of: {', '.join(QUALITY_FOLDERS)}")
    folder = repository_root() / "media" / "videos" / video.name / QUALITY_FOLDERS[quality]
    return RenderOutput(
        name=video.name,
        scene_class=video.scene_class,
        title=video.title,
        video_path=folder / f"{video.scene_class}.mp4",
        captions_path=folder / f"{video.scene_class}.srt",
        sections_path=folder / "sections" / f"{video.scene_class}.json",
        acts=load_script(video.narration_file).acts,
    )


def clip_files(video: Video) -> list[Path]:
    """Return the cached clip and timing files of every cue of ``video``, whether they exist yet or not.

    Only this video's clips count, so synthesizing another video's cues does
    not make this render stale. The keys depend on ``PADIM_VOICE`` and the
    lexicon, as in a render.
    """
    from padim_studio.voice.service import Voice

    voice = Voice()
    keys = [voice.plan(cue).key for cue in load_script(video.narration_file).all_cues()]
    return [path for key in keys for path in (voice.cache.wav_path(key), voice.cache.json_path(key))]


def source_files(video: Video) -> list[Path]:
    """Return the files a render of ``video`` depends on: scene, narration, lexicon, cue clips and package code."""
    package = Path(padim_studio.__file__).resolve().parent
    code = [path for path in package.rglob("*.py") if PUBLISH_PACKAGE not in path.parents]
    configuration = repository_root() / "manim.cfg"
    inputs = [path for path in (video.scene_file, video.narration_file, lexicon_path(), configuration) if path.exists()]
    return inputs + clip_files(video) + code


def stale_reason(render: RenderOutput, sources: list[Path]) -> str | None:
    """Return why ``render`` must be rendered again, or None when it is complete and newer than every source."""
    for path in render.files:
        if not path.is_file():
            return f"{path} is missing"
    video_mtime = render.video_path.stat().st_mtime
    for path in (render.captions_path, render.sections_path):
        # manim writes the captions and sections just after the video, unless a later render ran without them.
        if path.stat().st_mtime < video_mtime:
            return f"{path} is older than {render.video_path.name}"
    oldest_output = min(path.stat().st_mtime for path in render.files)
    for path in sources:
        if not path.exists():
            return f"{path} is missing, so the render will create it"
        if path.stat().st_mtime > oldest_output:
            return f"{path} changed after the render"
    return None


def run_manim(video: Video, quality: str) -> None:
    """Render ``video``'s whole-video scene with ``--save_sections``, showing manim's own progress.

    Raises
    ------
    PublishError
        If manim exits with a non-zero status.
    """
    command = [
        sys.executable, "-m", "manim", "render", f"-q{quality}", "--save_sections", "--silent",
        "--media_dir", str(repository_root() / "media"), str(video.scene_file), video.scene_class,
    ]  # fmt: skip
    result = subprocess.run(command, cwd=repository_root())
    if result.returncode != 0:
        raise PublishError(f"rendering {video.scene_class} failed: manim exited with status {result.returncode}")


def ensure_render(video: Video, quality: str) -> tuple[RenderOutput, str | None]:
    """Render ``video`` if its render is missing or stale, and return the render with the reason it was made.

    The reason is None when the existing render was up to date.
    """
    if not video.scene_file.is_file():
        raise FileNotFoundError(f"scene file {video.scene_file} not found; write it before publishing {video.name}")
    render = render_output(video, quality)
    reason = stale_reason(render, source_files(video))
    if reason is not None:
        run_manim(video, quality)
        missing = [str(path) for path in render.files if not path.is_file()]
        if missing:
            raise PublishError(f"manim finished but did not write {', '.join(missing)}")
    return render, reason
