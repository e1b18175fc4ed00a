"""Build the upload kit of one render, one timed step at a time, and record every measurement.

:func:`publish_kit` takes an explicit :class:`RenderOutput`, so a whole video
and a single act rendered alone go through the same code.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

import srt
from PIL import Image

from padim_studio.captions import check_caption_file, srt_to_events, write_srt_file, write_webvtt_file
from padim_studio.publish import PublishError, encode, loudness, thumbnail
from padim_studio.publish.chapters import chapters_from_sections, check_chapters, read_sections
from padim_studio.publish.delivery_check import check_delivery, measure_delivery
from padim_studio.publish.description import build_description, check_description, summary_for
from padim_studio.publish.media_probe import VideoTrack, read_video_track, stream_duration_s
from padim_studio.publish.progress import StepClock
from padim_studio.publish.render import RenderOutput
from padim_studio.publish.thumbnail import candidate_moments_s, choose_still_moment_s, write_thumbnail
from padim_studio.publish.transcript import build_transcript

STEP_COUNT = 8
# Normalisations tried before the kit is written with a true-peak problem.
# A second try adds headroom equal to the first one's overshoot plus EXTRA_HEADROOM_DB.
LOUDNESS_ATTEMPTS = 2
EXTRA_HEADROOM_DB = 0.2


@dataclass(frozen=True)
class KitPaths:
    """The files of an upload kit in ``folder``, named after the scene class."""

    folder: Path
    scene_class: str

    @property
    def video(self) -> Path:
        return self.folder / f"{self.scene_class}.mp4"

    @property
    def srt(self) -> Path:
        return self.folder / f"{self.scene_class}.en.srt"

    @property
    def vtt(self) -> Path:
        return self.folder / f"{self.scene_class}.en.vtt"

    @property
    def description(self) -> Path:
        return self.folder / "description.txt"

    @property
    def thumbnail(self) -> Path:
        return self.folder / "thumbnail.png"

    @property
    def transcript(self) -> Path:
        return self.folder / "transcript.md"

    @property
    def report(self) -> Path:
        return self.folder / "report.json"


def publish_kit(
    render: RenderOutput, output_dir: Path, thumbnail_time_s: float | None = None, stream: TextIO | None = None
) -> dict:
    """Write the upload kit of ``render`` into ``output_dir`` and return the report also saved as report.json.

    The report's "problems" lists every delivery limit the kit misses;
    "warnings" lists guidance it may miss.

    Raises
    ------
    PublishError
        If a tool fails, the sections do not cover the video, or loudnorm
        cannot keep its gain linear.
    """
    paths = KitPaths(Path(output_dir), render.scene_class)
    paths.folder.mkdir(parents=True, exist_ok=True)
    clock = StepClock(STEP_COUNT, stream)
    report: dict = {"video": render.name, "scene_class": render.scene_class, "title": render.title}

    with clock.step("read the render and its sections"):
        track = read_video_track(render.video_path)
        audio_s = stream_duration_s(render.video_path, "audio")
        sections = read_sections(render.sections_path)
        section_frames = sum(section.frame_count for section in sections)
        if abs(section_frames - track.frame_count) > 1:
            raise PublishError(
                f"{render.sections_path} lists {section_frames} frames but {render.video_path} has "
                f"{track.frame_count}; render again with --save_sections"
            )
        chapters = chapters_from_sections(sections, render.acts, track.frame_rate, track.duration_s)
        length = encode.delivery_length(track.duration_s, audio_s)
    report["render"] = {
        "path": str(render.video_path),
        "width": track.width,
        "height": track.height,
        "fps": float(track.frame_rate),
        "frame_count": track.frame_count,
        "video_duration_s": track.duration_s,
        "audio_duration_s": audio_s,
    }
    report["upscaled"] = _scaling_note(track)

    with clock.step("write SRT and WebVTT captions"):
        try:
            events = srt_to_events(render.captions_path.read_text(encoding="utf-8"))
        except (srt.SRTParseError, UnicodeDecodeError) as error:
            message = f"cannot read the render's captions {render.captions_path}: {error}; render again"
            raise PublishError(message) from error
        write_srt_file(paths.srt, events)
        write_webvtt_file(paths.vtt, events)
        caption_reports = {"srt": check_caption_file(paths.srt), "vtt": check_caption_file(paths.vtt)}
    report["captions"] = {
        kind: {
            "file": result.path.name,
            "events": result.event_count,
            "violation_count": len(result.violations),
            "violations": [str(violation) for violation in result.violations],
        }
        for kind, result in caption_reports.items()
    }

    with tempfile.TemporaryDirectory(dir=paths.folder, prefix=".encode-") as work_dir:
        video_only = Path(work_dir) / "video.mp4"
        picture = f"{encode.WIDTH}x{encode.HEIGHT}, {encode.FRAME_RATE} fps, {length.frame_count} frames"
        with clock.step(f"encode the picture: {picture}"):
            encode.encode_video(render.video_path, track, length, video_only)
        report["loudness"], measured = _normalise_and_mux(render, video_only, length, paths, clock)

    report["delivery"] = {"file": paths.video.name, **measured}
    problems, warnings = check_delivery(measured)
    for kind, result in caption_reports.items():
        if result.violations:
            problems.append(f"{result.path.name} has {len(result.violations)} caption style violation(s)")

    with clock.step("write the thumbnail"):
        if thumbnail_time_s is None:
            candidates_s = candidate_moments_s(render.name, chapters, length.duration_s)
            thumbnail_time_s = choose_still_moment_s(paths.video, candidates_s)
        moment_s = min(max(thumbnail_time_s, 0.0), length.duration_s - 1 / encode.FRAME_RATE)
        write_thumbnail(paths.video, moment_s, render.title, paths.thumbnail)
    report["thumbnail"] = {
        "file": paths.thumbnail.name,
        "time_s": round(moment_s, 3),
        **_image_facts(paths.thumbnail),
    }
    problems.extend(_thumbnail_problems(report["thumbnail"]))

    with clock.step("write the description and transcript"):
        description = build_description(render.title, summary_for(render.name, chapters), chapters)
        paths.description.write_text(description, encoding="utf-8", newline="\n")
        transcript = build_transcript(render.title, render.acts, chapters, events, paths.srt.name)
        paths.transcript.write_text(transcript, encoding="utf-8", newline="\n")
    chapter_problems = check_chapters(chapters)
    description_problems = check_description(render.title, description)
    report["chapters"] = [{**asdict(chapter), "timestamp": chapter.timestamp} for chapter in chapters]
    report["chapter_problems"] = chapter_problems
    report["description"] = {
        "file": paths.description.name,
        "title_chars": len(render.title),
        "bytes": len(description.encode("utf-8")),
        "problems": description_problems,
    }
    report["problems"] = problems + chapter_problems + description_problems
    report["warnings"] = warnings
    report["steps_s"] = clock.seconds
    paths.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def _normalise_and_mux(
    render: RenderOutput, video_only: Path, length: encode.DeliveryLength, paths: KitPaths, clock: StepClock
) -> tuple[dict, dict]:
    """Normalise the soundtrack, mux it with the picture and measure the result, with more headroom if needed."""
    headroom_db = loudness.TRUE_PEAK_HEADROOM_DB
    for attempt in range(1, LOUDNESS_ATTEMPTS + 1):
        suffix = f" (attempt {attempt})" if attempt > 1 else ""
        with clock.step(f"measure loudness, pass one{suffix}"):
            plan = loudness.plan_normalisation(render.video_path, headroom_db)
        with clock.step(f"encode audio and mux, pass two{suffix}"):
            pass_two = encode.mux_delivery(video_only, render.video_path, plan, length, paths.video)
        if pass_two.normalization_type != "linear":
            raise PublishError(
                f"loudnorm pass two used {pass_two.normalization_type} normalisation although pass one planned "
                f"a linear gain of {plan.gain_db:.2f} dB ({plan.measured.input_i} LUFS, {plan.measured.input_tp} dBTP, "
                f"LRA {plan.measured.input_lra} LU); rerun with -v to log the limiter attempts"
            )
        with clock.step(f"measure the delivery file{suffix}"):
            measured = measure_delivery(paths.video, render.video_path)
        overshoot_db = measured["loudness"]["true_peak_dbtp"] - loudness.MAX_TRUE_PEAK_DBTP
        if overshoot_db <= 0 or attempt == LOUDNESS_ATTEMPTS:
            break
        headroom_db += overshoot_db + EXTRA_HEADROOM_DB
        clock.total += 3
    record = {
        "soundtrack": asdict(plan.source),
        "pass_one": asdict(plan.measured),
        "target_lufs": round(plan.target_lufs, 2),
        "true_peak_target_dbtp": plan.true_peak_dbtp,
        "lra_target_lu": plan.lra_target_lu,
        "linear_gain_db": round(plan.gain_db, 2),
        "limiter_gain_db": None if plan.limiter_gain_db is None else round(plan.limiter_gain_db, 2),
        "limiter_filters": plan.limiter_filters or None,
        "notes": plan.notes,
        "pass_two": asdict(pass_two),
        "attempts": attempt,
    }
    return record, measured


def _scaling_note(track: VideoTrack) -> dict | None:
    """Return the render's size and frame rate when the delivery scales or resamples it, else None."""
    if (track.width, track.height, track.frame_rate) == (encode.WIDTH, encode.HEIGHT, encode.FRAME_RATE):
        return None
    return {
        "from": f"{track.width}x{track.height} at {float(track.frame_rate):g} fps",
        "to": f"{encode.WIDTH}x{encode.HEIGHT} at {encode.FRAME_RATE} fps",
        "note": "scaled with lanczos and resampled by repeating frames; render with --quality h for full detail",
    }


def _thumbnail_problems(facts: dict) -> list[str]:
    problems = []
    if (facts["width"], facts["height"]) != (thumbnail.WIDTH, thumbnail.HEIGHT):
        problems.append(f"thumbnail is {facts['width']}x{facts['height']}; expected {thumbnail.WIDTH}x{thumbnail.HEIGHT}")
    if facts["bytes"] > thumbnail.MAX_BYTES:
        problems.append(f"thumbnail has {facts['bytes']} bytes; the maximum is {thumbnail.MAX_BYTES}")
    return problems


def _image_facts(path: Path) -> dict:
    with Image.open(path) as image:
        width, height = image.size
    return {"width": width, "height": height, "bytes": path.stat().st_size}
