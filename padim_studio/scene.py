"""The base of every act: cues by id, the project's voice, captions and clean transitions.

An act is a ``NarratedScene`` subclass with ``video`` (the narration file's
stem) and ``act_id`` (its ``##`` section). Its ``construct`` is a short list
of beats; each beat opens a cue with ``with self.cue("id") as tracker:`` and
times its animations from ``tracker.duration``, ``tracker.time_until(mark)``
and ``self.wait_until_bookmark(mark)``. A whole video is a ``VideoScene``
that plays its acts in order, one manim section per act.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import ClassVar

import numpy as np
from manim import FadeOut, Text, config
from manim_voiceover import VoiceoverScene
from manim_voiceover.tracker import VoiceoverTracker

from padim_studio.captions import merge_cue_events, words_to_events
from padim_studio.log import logger
from padim_studio.narration.script import Cue, Script, load_script
from padim_studio.paths import narration_path
from padim_studio.sections import add_audio_to_sections
from padim_studio.stage import palette
from padim_studio.stage.layout import place_title
from padim_studio.voice.clip import Clip, Word
from padim_studio.voice.service import Voice

# By default manim requests pypi.org for a newer release after every render.
# The project uses no network unless the gTTS voice is chosen.
config.notify_outdated_version = False

# Seconds per word for the stand-in timing of a cue that has no cached clip
# in a still-image or dry run, where nothing is heard and nothing is synthesized.
_STAND_IN_SECONDS_PER_WORD = 0.4


@lru_cache(maxsize=1)
def shared_voice() -> Voice:
    """Return one :class:`Voice` per process, so the engine loads once."""
    return Voice()


class CueTracker(VoiceoverTracker):
    """Timing of one playing cue, read from its clip's word onsets."""

    def __init__(self, scene: NarratedScene, clip: Clip, cue: Cue) -> None:
        self.scene = scene
        self.clip = clip
        self.cue = cue
        self.data = {"input_text": cue.text}
        self.duration = clip.duration_s
        self.start_t = float(scene.renderer.time)
        self.end_t = self.start_t + self.duration
        self.bookmark_times = {mark: self.start_t + offset for mark, offset in clip.marks.items()}

    def time_until_bookmark(self, mark: str, buff: float = 0.0, limit: float | None = None) -> float:
        if mark not in self.bookmark_times:
            known = ", ".join(sorted(self.bookmark_times)) or "none"
            raise KeyError(f"cue {self.cue.id!r} has no bookmark {mark!r}; its bookmarks: {known}")
        remaining = max(self.bookmark_times[mark] - float(self.scene.renderer.time) + buff, 0.0)
        return remaining if limit is None else min(limit, remaining)

    def time_until(self, mark: str) -> float:
        """Return the seconds from now until ``mark`` is spoken (0 if already passed)."""
        return self.time_until_bookmark(mark)

    def span(self, first: str | None, second: str | None) -> float:
        """Return the seconds between two marks (None means the cue's start or end)."""
        start = self.start_t if first is None else self.bookmark_times[first]
        end = self.end_t if second is None else self.bookmark_times[second]
        return max(end - start, 0.0)


class NarratedScene(VoiceoverScene):
    """A voiced act: narration cues by id, word-timed captions, a title zone."""

    video: ClassVar[str] = ""
    act_id: ClassVar[str] = ""
    transition_s: ClassVar[float] = 0.6

    def setup(self) -> None:
        super().setup()
        if not self.video:
            raise TypeError(f"{type(self).__name__} must set 'video' to the stem of its narration file")
        self.script: Script = load_script(narration_path(self.video))
        self.current_tracker = None
        self.create_subcaption = not config.save_last_frame
        self.skipped_s = 0.0
        self.spoken: list[tuple[Clip, float]] = []
        self.timeline: list[dict[str, object]] = []
        self.camera.background_color = palette.BACKGROUND

    # -- narration ---------------------------------------------------------

    @contextmanager
    def cue(self, cue_id: str) -> Iterator[CueTracker]:
        """Speak a cue for the duration of the ``with`` block, then wait for its end."""
        cue = self.script.cue(cue_id, act_id=self.act_id or None)
        clip = self._clip_for(cue)
        tracker = CueTracker(self, clip, cue)
        if clip.path is not None and not self._skipping_now():
            # After an animation served from manim's cache the renderer keeps
            # skipping until the next play, and manim drops sounds added then.
            self.renderer.skip_animations = self.renderer._original_skipping_status
            # Skipped sections still advance the scene clock but write no
            # frames, so audio and captions are placed on the written timeline.
            self.add_sound(str(clip.path), time_offset=-self.skipped_s)
            start_s = float(self.renderer.time) - self.skipped_s
            self.spoken.append((clip, start_s))
            self.timeline.append(
                {"act": cue.act_id, "cue": cue.id, "start_s": round(start_s, 6), "duration_s": round(clip.duration_s, 6)}
            )
        self.current_tracker = tracker
        try:
            yield tracker
        finally:
            self.wait_for_voiceover()

    def wait_for_voiceover(self) -> None:
        """Wait until the current cue's clip ends, rounding up to whole frames so cues never overlap."""
        if self.current_tracker is None:
            return
        remaining = self.current_tracker.get_remaining_duration()
        if remaining > 1e-3:
            # A static wait writes int(duration * fps) frames; asking for half
            # a frame more than the whole frames needed never falls short.
            frames = math.ceil(remaining * config.frame_rate - 1e-6)
            self.wait((frames + 0.5) / config.frame_rate)

    def _clip_for(self, cue: Cue) -> Clip:
        voice = shared_voice()
        if config.save_last_frame or config.dry_run:
            clip = voice.cached_clip(cue)
            return clip if clip is not None else _stand_in_clip(cue)
        return voice.clip(cue)

    def _skipping_now(self) -> bool:
        renderer = self.renderer
        if renderer._original_skipping_status:
            return True
        writer = renderer.file_writer
        if writer.sections and writer.sections[-1].skip_animations:
            return True
        return bool(writer.output_spec.is_still)

    def _add_captions(self, video_end_s: float) -> None:
        """Write word-timed captions for every cue heard, each allowed to run into the pause before the next."""
        per_cue = []
        for index, (clip, start_s) in enumerate(self.spoken):
            if index + 1 < len(self.spoken):
                following_clip, following_start_s = self.spoken[index + 1]
                next_speech_s = following_start_s + following_clip.speech_start_s
            else:
                next_speech_s = video_end_s
            per_cue.append(
                words_to_events(
                    clip.words,
                    offset_s=start_s,
                    frame_rate=config.frame_rate,
                    next_speech_s=next_speech_s,
                    cue_id=clip.cue_id,
                )
            )
        # Manim adds the offset to its scene clock, which also counts skipped time.
        now = float(self.renderer.time)
        for event in merge_cue_events(per_cue, frame_rate=config.frame_rate):
            self.add_subcaption(event.text, duration=event.end_s - event.start_s, offset=event.start_s - now)

    def play(self, *args, **kwargs) -> None:
        writer = self.renderer.file_writer
        before_count = len(writer.partial_movie_files)
        before_time = float(self.renderer.time)
        super().play(*args, **kwargs)
        if len(writer.partial_movie_files) <= before_count:
            return
        if writer.partial_movie_files[-1] is None:
            self.skipped_s += float(self.renderer.time) - before_time
            return
        if self.renderer.skip_animations and not self.renderer._original_skipping_status:
            # Served from manim's cache: manim advances the clock by the exact
            # run time, but the cached file holds whole frames, as many as a
            # real render writes. Keep the clock on the frames so audio stays in sync.
            step = 1 / config.frame_rate
            if self.is_current_animation_frozen_frame():
                frames = int(self.duration / step)
            else:
                frames = len(np.arange(0, self.duration, step))
            self.renderer.time = before_time + frames * step
        # Whole frames were written: snap the clock to them, so a fresh render
        # and a cached one agree to the last bit and later waits hash alike.
        video_time_s = float(self.renderer.time) - self.skipped_s
        self.renderer.time = self.skipped_s + round(video_time_s * config.frame_rate) / config.frame_rate

    def play_to(self, mark: str | None, *animations, fraction: float = 1.0, minimum_s: float = 0.3) -> None:
        """Play ``animations`` so they finish when ``mark`` is spoken (None: the cue's end).

        They run for ``fraction`` of the time left, at least ``minimum_s``;
        then the scene waits for the mark, so later beats start on their word.
        """
        tracker = self.current_tracker
        if tracker is None:
            raise RuntimeError("play_to() needs an open cue: call it inside 'with self.cue(...)'")
        remaining = tracker.get_remaining_duration() if mark is None else tracker.time_until(mark)
        self.play(*animations, run_time=max(remaining * fraction, minimum_s))
        if mark is not None:
            self.wait_until_bookmark(mark)

    def render(self, preview: bool = False) -> bool:
        """Render as manim does; with ``--save_sections``, also give each section file its audio."""
        rerun = super().render(preview)
        plan = self.output_plan
        soundtrack = plan.primary_artifact.with_suffix(".wav") if plan.primary_artifact else None
        if config.save_sections and plan.section_index and plan.section_index.is_file() and soundtrack and soundtrack.is_file():
            add_audio_to_sections(soundtrack, plan.section_index, config.frame_rate)
        return rerun

    def tear_down(self) -> None:
        """Pad the soundtrack to the video's end, so both streams end together, and write the captions."""
        super().tear_down()
        writer = self.renderer.file_writer
        if self._skipping_now() or not writer.includes_sound:
            return
        from pydub import AudioSegment

        # Waits shorter than a frame are skipped, so the last clip can outlast
        # the picture by a frame. Hold the last frame until the audio ends.
        audio_end_s = writer.audio_segment.duration_seconds
        video_end_s = float(self.renderer.time) - self.skipped_s
        if audio_end_s > video_end_s + 1e-3:
            self.wait(max(audio_end_s - video_end_s, 1 / config.frame_rate))
            video_end_s = float(self.renderer.time) - self.skipped_s
        writer.add_audio_segment(AudioSegment.silent(duration=0), time=video_end_s)
        if self.create_subcaption:
            self._add_captions(video_end_s)
        self._write_timeline(video_end_s)

    def _write_timeline(self, video_end_s: float) -> None:
        """Write ``<Class>.cues.json`` beside the movie: when each cue starts on the written timeline."""
        movie = self.output_plan.primary_artifact
        if movie is None:
            return
        movie.parent.mkdir(parents=True, exist_ok=True)
        record = {"duration_s": round(video_end_s, 6), "frame_rate": config.frame_rate, "cues": self.timeline}
        movie.with_suffix(".cues.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")

    # -- stage -------------------------------------------------------------

    def chapter_title(self) -> str:
        return self.script.act(self.act_id).title

    def make_title(self, text: str | None = None) -> Text:
        """Build the title-zone heading (the act's chapter title by default)."""
        title = Text(text or self.chapter_title(), color=palette.PRIMARY, weight="BOLD", font_size=40)
        return place_title(title)

    def clear_stage(self, run_time: float | None = None) -> None:
        """Fade out everything on stage."""
        if self.mobjects:
            self.play(*(FadeOut(mobject) for mobject in self.mobjects), run_time=run_time or self.transition_s)
        self.clear()


class VideoScene(NarratedScene):
    """A whole video: plays each act of ``acts`` in order, one section per act."""

    acts: ClassVar[tuple[type[NarratedScene], ...]] = ()

    def construct(self) -> None:
        for act in self.acts:
            self.next_section(act.act_id)
            self.play_act(act)

    def play_act(self, act: type[NarratedScene]) -> None:
        """Run ``act``'s beats on this scene, then clear the stage.

        The scene takes the act's class for the duration, so the act's beats
        and settings resolve exactly as when the act renders alone. Every act
        shares this base, so their instances have the same layout.
        """
        video_class = type(self)
        self.__class__ = act
        try:
            act.construct(self)
            self.clear_stage()
        finally:
            self.__class__ = video_class


def _stand_in_clip(cue: Cue) -> Clip:
    """Build a silent timing for a still-image or dry run when the cache lacks the cue."""
    words = tuple(
        Word(text=word, start_s=index * _STAND_IN_SECONDS_PER_WORD, end_s=(index + 1) * _STAND_IN_SECONDS_PER_WORD)
        for index, word in enumerate(cue.words)
    )
    duration = math.ceil(len(words) * _STAND_IN_SECONDS_PER_WORD) + 0.5
    marks = {
        mark: (index * _STAND_IN_SECONDS_PER_WORD if index < len(words) else len(words) * _STAND_IN_SECONDS_PER_WORD)
        for mark, index in cue.marks.items()
    }
    logger.info("cue %s has no cached clip; using a silent stand-in timing for this still image", cue.id)
    return Clip(cue_id=cue.id, path=None, duration_s=duration, words=words, marks=marks, timing="estimated")
