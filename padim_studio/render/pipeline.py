"""Render a video as separately rendered acts and join them: voice, fingerprints, parallel renders, join.

The steps, in order:

1. List the acts in an act process, where manim is already imported. Then
   synthesize the clips their cues lack, in this process, so that act
   processes never synthesize and two of them cannot make the same clip.
2. Fingerprint each act (:mod:`padim_studio.render.fingerprint`) and keep
   the acts whose fingerprint and outputs are unchanged.
3. Render the other acts with manim, longest narration first, at most
   ``processes`` at a time, each in its own process and media folder.
4. Join the act renders into ``<media>/videos/<video>/<quality folder>/``,
   unless nothing changed since the last join.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from padim_studio.narration.script import load_script
from padim_studio.paths import repository_root
from padim_studio.render.acts import FRAME_RATES, QUALITY_FOLDERS, check_quality
from padim_studio.render.fingerprint import Fingerprint, act_fingerprint, json_digest, read_stamp, shared_digests, write_stamp
from padim_studio.render.join import ActOutput, JoinedRender, join_acts, section_file_name
from padim_studio.render.processes import ActProcesses
from padim_studio.render.worker import ActJob, act_folder, default_processes
from padim_studio.videos import get_video
from padim_studio.voice.service import Voice


@dataclass(frozen=True)
class ActStatus:
    """The outcome of one act: ``cached`` (manim not started) or ``rendered``, its seconds and the reason it was rendered."""

    act_id: str
    status: str
    seconds: float
    reason: str = ""

    def line(self) -> str:
        """Return the progress line printed when the act finishes."""
        text = f"{self.act_id:<14} {self.status:<8} {self.seconds:7.1f} s"
        return f"{text}  ({self.reason})" if self.reason else text


@dataclass
class VideoRender:
    """The outcome of one render command: clips synthesized, each act's status and the joined render."""

    folder: Path
    synthesized: list[str] = field(default_factory=list)
    acts: list[ActStatus] = field(default_factory=list)
    joined: JoinedRender | None = None
    join_seconds: float = 0.0


def synthesize_missing_clips(acts, voice: Voice, report: Callable[[str], None]) -> list[str]:
    """Synthesize every cue of ``acts`` that has no clip in the cache, and return ``<act>/<cue>`` of each."""
    synthesized = []
    for act in acts:
        for cue in act.cues:
            if voice.cache.get(voice.plan(cue).key) is None:
                started = time.perf_counter()
                voice.clip(cue)
                synthesized.append(f"{act.id}/{cue.id}")
                report(f"synthesized {act.id}/{cue.id} ({time.perf_counter() - started:.1f} s)")
    return synthesized


def stale_reason(job: ActJob, fingerprint: Fingerprint, force: bool) -> str:
    """Return why ``job``'s act must be rendered, or an empty string when its previous render is current."""
    previous = read_stamp(job.stamp_file)
    if force:
        return "forced"
    if previous is None:
        return "no previous render"
    changed = fingerprint.changed_inputs(previous)
    if changed:
        return "changed: " + ", ".join(changed)
    if not job.outputs_exist():
        return "outputs missing"
    return ""


def narration_seconds(act, voice: Voice) -> float:
    return sum(voice.cached_clip(cue).duration_s for cue in act.cues)


def joined_stamp(jobs: list[ActJob], fingerprints: dict[str, Fingerprint], files: tuple[Path, ...]) -> dict:
    """Return what identifies a joined render: its acts' fingerprints in order and its files' sizes and times."""
    acts = [[job.act.act_id, json_digest(fingerprints[job.act.act_id].digests)] for job in jobs]
    stats = {}
    for path in files:
        if not path.is_file():
            return {"acts": acts, "files": None}
        status = path.stat()
        stats[path.name] = [status.st_size, status.st_mtime_ns]
    return {"acts": acts, "files": stats}


def joined_files(folder: Path, scene_class: str, act_ids: list[str]) -> tuple[Path, ...]:
    """Return the files of a joined render, the movie first: those beside the movie, the section index and section files."""
    movie = folder / f"{scene_class}.mp4"
    beside = [movie.with_suffix(suffix) for suffix in (".wav", ".srt", ".cues.json")]
    sections = folder / "sections"
    section_files = [sections / section_file_name(scene_class, index, act_id) for index, act_id in enumerate(act_ids)]
    return (movie, *beside, sections / f"{scene_class}.json", *section_files)


def render_video(
    video_name: str,
    quality: str = "l",
    processes: int | None = None,
    media_dir: Path | None = None,
    force: bool = False,
    report: Callable[[str], None] = print,
) -> VideoRender:
    """Render ``video_name`` act by act and join the acts, in the steps the module notes list.

    ``media_dir`` defaults to ``media/`` in the repository. ``force``
    renders every act even when its fingerprint is unchanged. ``report``
    receives one line per synthesized clip and per finished act.

    Raises
    ------
    ActRenderError
        If an act's render fails.
    padim_studio.render.ffmpeg.JoinError
        If joining the act renders fails.
    """
    check_quality(quality)
    video = get_video(video_name)
    if not video.scene_file.is_file():
        raise FileNotFoundError(f"scene file {video.scene_file} not found; write it before rendering {video.name}")
    media_dir = Path(media_dir) if media_dir is not None else repository_root() / "media"
    folder = media_dir / "videos" / video.name / QUALITY_FOLDERS[quality]
    outcome = VideoRender(folder=folder)

    with ActProcesses(processes or default_processes()) as workers:
        # Manim loads in the act processes' fork server, never here: listing the acts takes the first process.
        listing = workers.list_acts(video.name)
        script = load_script(video.narration_file)
        shared = shared_digests(video, quality)
        scenes = listing.result()
        acts = {scene.act_id: script.act(scene.act_id) for scene in scenes}
        voice = Voice()
        outcome.synthesized = synthesize_missing_clips(acts.values(), voice, report)

        jobs = [ActJob(video.name, scene, quality, act_folder(media_dir, video.name, quality, scene.act_id)) for scene in scenes]
        fingerprints = {job.act.act_id: act_fingerprint(shared, acts[job.act.act_id], voice, job.act.scene_name) for job in jobs}
        stale = {}
        for job in jobs:
            reason = stale_reason(job, fingerprints[job.act.act_id], force)
            if reason:
                stale[job.act.act_id] = reason
            else:
                outcome.acts.append(ActStatus(job.act.act_id, "cached", 0.0))
                report(outcome.acts[-1].line())

        def finished(job: ActJob, seconds: float) -> None:
            write_stamp(job.stamp_file, fingerprints[job.act.act_id])
            outcome.acts.append(ActStatus(job.act.act_id, "rendered", seconds, stale[job.act.act_id]))
            report(outcome.acts[-1].line())

        to_render = [job for job in jobs if job.act.act_id in stale]
        to_render.sort(key=lambda job: narration_seconds(acts[job.act.act_id], voice), reverse=True)
        for job in to_render:
            job.folder.mkdir(parents=True, exist_ok=True)
            job.stamp_file.unlink(missing_ok=True)
        workers.render(to_render, finished)

    files = joined_files(folder, video.scene_class, [job.act.act_id for job in jobs])
    stamp_path = media_dir / "acts" / video.name / QUALITY_FOLDERS[quality] / "joined.json"
    previous_join = json.loads(stamp_path.read_text(encoding="utf-8")) if stamp_path.is_file() else None
    if not to_render and previous_join == joined_stamp(jobs, fingerprints, files):
        report(f"joined render {files[0]} is up to date")
        return outcome

    started = time.perf_counter()
    stamp_path.unlink(missing_ok=True)
    outputs = [ActOutput(job.act.act_id, job.movie) for job in jobs]
    outcome.joined = join_acts(outputs, video.scene_class, folder, FRAME_RATES[quality])
    outcome.join_seconds = time.perf_counter() - started
    stamp_path.write_text(json.dumps(joined_stamp(jobs, fingerprints, files), indent=1) + "\n", encoding="utf-8")
    return outcome
