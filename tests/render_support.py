"""Helpers for tests that render scenes with manim in a throwaway media folder."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Render:
    """A finished render: the video, its subtitles and the manim output."""

    video: Path
    subtitles: Path
    output: str


def probe(path: Path) -> dict:
    """Return ffprobe's streams and format of a media file."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def render_scene(scene_file: str, scene: str, media_dir: Path, *flags: str, environment: dict | None = None) -> Render:
    """Render one scene at low quality with manim's own command line."""
    command = [sys.executable, "-m", "manim", "render", "-ql", "--silent", "--media_dir", str(media_dir), *flags, scene_file, scene]
    env = {**os.environ, **(environment or {})}
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=1800)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    folder = media_dir / "videos" / Path(scene_file).stem / "480p15"
    return Render(video=folder / f"{scene}.mp4", subtitles=folder / f"{scene}.srt", output=output)


def decode_audio(path: Path, sample_rate: int = 16000) -> "numpy.ndarray":
    """Decode a media file's first audio stream to mono float samples."""
    import numpy

    result = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(sample_rate), "-f", "f32le", "-"],
        capture_output=True,
        check=True,
    )
    return numpy.frombuffer(result.stdout, dtype="<f4")


def level_dbfs(samples, sample_rate: int, start_s: float, end_s: float) -> float:
    """RMS level in dBFS of the samples between two times."""
    import numpy

    part = samples[int(start_s * sample_rate) : int(end_s * sample_rate)]
    return float(20 * numpy.log10(numpy.sqrt(numpy.mean(part**2)) + 1e-12))


def clip_seconds(cues) -> float:
    """Total duration of the committed clips of these cues."""
    from padim_studio.voice.piper_engine import PiperEngine
    from padim_studio.voice.service import Voice

    voice = Voice(engine=PiperEngine(), cache_dir=ROOT / "audio_cache")
    return sum(voice.cached_clip(cue).duration_s for cue in cues)


def stream_durations(path: Path) -> dict[str, float]:
    """Duration of each stream of a media file, by codec type."""
    return {stream["codec_type"]: float(stream["duration"]) for stream in probe(path)["streams"]}


def subtitle_text(path: Path) -> str:
    """All subtitle text of an SRT file on one line, events joined by spaces."""
    import srt

    return " ".join(" ".join(item.content.split()) for item in srt.parse(path.read_text(encoding="utf-8")))
