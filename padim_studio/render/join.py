"""Join act renders into one render laid out as ``manim --save_sections`` lays out a whole-video scene.

The joined folder gets ``<Class>.mp4`` (H.264 video, AAC audio),
``<Class>.wav`` (the soundtrack), ``<Class>.srt``, ``<Class>.cues.json`` and
``sections/<Class>.json`` with one section per act. The pictures are
concatenated with ffmpeg's concat demuxer without re-encoding when every act
has the same encoding, and re-encoded otherwise. The soundtrack is built once
from the acts' WAV soundtracks (:mod:`padim_studio.render.soundtrack`) and
encoded to AAC once, at its own sample rate and channel count. The publish
step converts it to 48 kHz stereo for delivery. Each section file is a copy
of its act's movie, whose audio is the act's soundtrack, the same samples
the joined soundtrack holds for that act.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from padim_studio.captions import events_to_srt
from padim_studio.log import logger
from padim_studio.render.ffmpeg import finish_audio_encode, frame_count, probe_video, run_ffmpeg, start_audio_encode
from padim_studio.render.soundtrack import join_soundtracks
from padim_studio.render.timeline import join_cue_timelines, join_subtitles

# The stream fields that must be equal for act videos to be joined by copying their packets.
MATCHING_FIELDS = ("codec_name", "profile", "width", "height", "pix_fmt", "r_frame_rate", "time_base", "sample_aspect_ratio")
# Section type that manim 0.22.0 writes for sections made by next_section() with default arguments.
SECTION_TYPE = "default.normal"


@dataclass(frozen=True)
class ActOutput:
    """The files of one act's render, as NarratedScene writes them beside the movie."""

    act_id: str
    movie: Path

    @property
    def soundtrack(self) -> Path:
        return self.movie.with_suffix(".wav")

    @property
    def subtitles(self) -> Path:
        return self.movie.with_suffix(".srt")

    @property
    def timeline(self) -> Path:
        return self.movie.with_suffix(".cues.json")


@dataclass(frozen=True)
class JoinedRender:
    """The files of a joined render. ``copied`` is True when the pictures were joined without re-encoding."""

    movie: Path
    soundtrack: Path
    subtitles: Path
    timeline: Path
    sections: Path
    frame_count: int
    copied: bool

    @property
    def files(self) -> tuple[Path, Path, Path, Path, Path]:
        return self.movie, self.soundtrack, self.subtitles, self.timeline, self.sections


def encodings_match(streams: Sequence[dict]) -> bool:
    return all(all(stream.get(name) == streams[0].get(name) for name in MATCHING_FIELDS) for stream in streams)


def quote_concat_path(path: Path) -> str:
    return "'file:" + path.resolve().as_posix().replace("'", "'\\''") + "'"


def concat_copy(movies: Sequence[Path], frame_counts: Sequence[int], frame_rate: Fraction, work: Path, output: Path) -> None:
    """Join the videos' picture streams into ``output`` by copying packets (ffmpeg's concat demuxer).

    Each file's ``duration`` is its frame count over the frame rate, so the
    next file starts on the next frame even where an audio stream runs longer.
    """
    lines = ["ffconcat version 1.0"]
    for movie, count in zip(movies, frame_counts, strict=True):
        lines += [f"file {quote_concat_path(movie)}", f"duration {float(count / frame_rate):.9f}"]
    manifest = work / "acts.ffconcat"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_ffmpeg(["-f", "concat", "-safe", "0", "-i", str(manifest), "-map", "0:v:0", "-c", "copy", str(output)], "joining act videos")


def concat_reencode(movies: Sequence[Path], reference: dict, frame_rate: Fraction, output: Path) -> None:
    """Join the videos' picture streams into ``output``, re-encoded with H.264 to the first act's size and pixel format."""
    inputs = [argument for movie in movies for argument in ("-i", str(movie))]
    size = f"{reference['width']}:{reference['height']}"
    chains = [
        f"[{index}:v:0]scale={size},setsar=1,fps={frame_rate},format={reference['pix_fmt']}[v{index}]"
        for index in range(len(movies))
    ]
    joined = "".join(f"[v{index}]" for index in range(len(movies))) + f"concat=n={len(movies)}:v=1:a=0[video]"
    graph = ";".join([*chains, joined])
    # CRF 18 rather than manim's 23, because this encodes pictures that were already encoded once.
    run_ffmpeg([*inputs, "-filter_complex", graph, "-map", "[video]", "-c:v", "libx264", "-crf", "18", str(output)], "re-encoding act videos")


def mux(video: Path, audio: Path, output: Path) -> None:
    """Write ``output`` with the picture of ``video`` and the sound of ``audio``, both copied."""
    arguments = ["-i", str(video), "-i", str(audio), "-map", "0:v:0", "-map", "1:a:0", "-c", "copy", str(output)]
    run_ffmpeg(arguments, f"muxing {output.name}")


def section_entry(name: str, video_file: str, stream: dict) -> dict:
    """Return a section index entry with the fields manim 0.22.0 writes (manim.utils.commands.get_video_metadata)."""
    duration_s = float(stream.get("duration", 0.0))
    return {
        "name": name,
        "type": SECTION_TYPE,
        "video": video_file,
        "width": stream["width"],
        "height": stream["height"],
        "nb_frames": str(frame_count(stream)),
        "duration": f"{duration_s:.6f}",
        "avg_frame_rate": stream["avg_frame_rate"],
        "codec_name": stream["codec_name"],
        "pix_fmt": stream["pix_fmt"],
    }


def section_file_name(scene_class: str, index: int, act_id: str) -> str:
    """Return the name manim 0.22.0 gives the file of section ``index`` named ``act_id``."""
    return f"{scene_class}_{index:04d}_{act_id}.mp4"


def copy_section_files(acts: Sequence[ActOutput], scene_class: str, folder: Path) -> list[str]:
    """Copy each act's movie into ``folder`` under the name manim gives section files, and return the names.

    Section files of an earlier render of ``scene_class`` are removed first.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{scene_class}_*"):
        old.unlink()
    names = []
    for index, act in enumerate(acts):
        names.append(section_file_name(scene_class, index, act.act_id))
        shutil.copyfile(act.movie, folder / names[-1])
    return names


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text to ``path`` through a temporary file, so readers never see half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def join_acts(acts: Sequence[ActOutput], scene_class: str, folder: Path, frame_rate: int | Fraction) -> JoinedRender:
    """Join act renders into ``folder`` as the render of ``scene_class``.

    The AAC encode of the soundtrack, the longest step, runs in the
    background while the pictures are joined and the section files copied.
    The movie is written before the subtitles, cue timeline and section
    index, so none of those is older than the movie.

    Raises
    ------
    padim_studio.render.ffmpeg.JoinError
        If ffmpeg fails or an act's video lacks a frame count.
    """
    if not acts:
        raise ValueError("no acts to join")
    frame_rate = Fraction(frame_rate)
    folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor() as pool:
        streams = list(pool.map(probe_video, [act.movie for act in acts]))
    counts = [frame_count(stream) for stream in streams]
    copied = encodings_match(streams)
    if not copied:
        logger.warning("act videos differ in encoding, so they are re-encoded to join them")

    work = folder / f".join-{os.getpid()}"
    work.mkdir(exist_ok=True)
    encoder = None
    try:
        track = work / "soundtrack.wav"
        join_soundtracks([act.soundtrack for act in acts], counts, frame_rate, track, labels=[act.act_id for act in acts])
        encoder = start_audio_encode(track, work / "soundtrack.m4a")
        pictures = work / "pictures.mp4"
        if copied:
            concat_copy([act.movie for act in acts], counts, frame_rate, work, pictures)
        else:
            concat_reencode([act.movie for act in acts], streams[0], frame_rate, pictures)
        section_files = copy_section_files(acts, scene_class, folder / "sections")
        finish_audio_encode(encoder)
        mux(pictures, work / "soundtrack.m4a", work / "movie.mp4")

        movie, soundtrack = folder / f"{scene_class}.mp4", folder / f"{scene_class}.wav"
        os.replace(work / "movie.mp4", movie)
        os.replace(track, soundtrack)
    finally:
        if encoder is not None and encoder.poll() is None:
            encoder.kill()
            encoder.wait()
        shutil.rmtree(work, ignore_errors=True)

    subtitles, timeline = movie.with_suffix(".srt"), movie.with_suffix(".cues.json")
    events = join_subtitles([act.subtitles for act in acts], counts, float(frame_rate))
    write_text(subtitles, events_to_srt(events))
    record = join_cue_timelines([act.timeline for act in acts], counts, float(frame_rate))
    write_text(timeline, json.dumps(record, indent=1) + "\n")
    entries = [section_entry(act.act_id, name, stream) for act, name, stream in zip(acts, section_files, streams)]
    sections = folder / "sections" / f"{scene_class}.json"
    write_text(sections, json.dumps(entries, indent=4))
    return JoinedRender(movie, soundtrack, subtitles, timeline, sections, sum(counts), copied)
