"""Storyboard contact sheets: one still at the end of every cue, one sheet per act.

``write_storyboard("story")`` drives the video with animations skipped (see
:mod:`padim_studio.review.probe`), draws the stage once at the end of each
cue, and writes ``<act_id>.png`` per act and ``all.png`` for the whole video.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from padim_studio.log import logger
from padim_studio.paths import repository_root
from padim_studio.review.probe import (
    Moment,
    StageObserver,
    capture_frame,
    format_timestamp,
    load_video_scene,
    run_video,
)
from padim_studio.scene import CueTracker, NarratedScene

TILE_WIDTH_PX = 427  # a still on an act sheet: half the width of a -ql frame
OVERVIEW_TILE_WIDTH_PX = 192
COLUMNS = 3
OPENING_WORD_COUNT = 8
PADDING_PX = 16
BACKGROUND = (24, 27, 33)
TEXT_COLOR = (230, 232, 236)
MUTED_COLOR = (150, 156, 166)
WARNING_COLOR = (240, 180, 90)


@dataclass
class Still:
    """The stage at the end of one cue, with the cue it belongs to."""

    act_id: str
    cue_id: str
    start_s: float
    opening_words: str
    image: Image.Image
    stand_in_timing: bool = False

    @property
    def heading(self) -> str:
        return f"{self.cue_id}  {format_timestamp(self.start_s)}"


@dataclass
class StillCollector(StageObserver):
    """An observer that captures a still at the end of every cue and records each act's title."""

    tile_width_px: int = TILE_WIDTH_PX
    stills: list[Still] = field(default_factory=list)
    act_titles: dict[str, str] = field(default_factory=dict)

    def cue_finished(self, scene: NarratedScene, moment: Moment, tracker: CueTracker) -> None:
        image = capture_frame(scene)
        image.thumbnail((self.tile_width_px, self.tile_width_px), Image.Resampling.LANCZOS)
        self.stills.append(
            Still(
                act_id=moment.act_id,
                cue_id=tracker.cue.id,
                start_s=tracker.start_t,
                opening_words=opening_words(tracker.cue.words),
                image=image,
                stand_in_timing=tracker.clip.path is None,
            )
        )

    def act_finished(self, scene: NarratedScene, moment: Moment) -> None:
        self.act_titles[moment.act_id] = scene.script.act(moment.act_id).title

    def stills_of(self, act_id: str) -> list[Still]:
        return [still for still in self.stills if still.act_id == act_id]


@dataclass(frozen=True)
class Storyboard:
    """The sheets :func:`write_storyboard` wrote, its stills, the video's duration and the run time."""

    paths: list[Path]
    stills: list[Still]
    duration_s: float
    elapsed_s: float

    @property
    def stand_in_cues(self) -> list[str]:
        return [still.cue_id for still in self.stills if still.stand_in_timing]


def opening_words(words: tuple[str, ...], count: int = OPENING_WORD_COUNT) -> str:
    """Return the first ``count`` words, with an ellipsis when the cue goes on."""
    text = " ".join(words[:count])
    return text + " …" if len(words) > count else text


@lru_cache(maxsize=None)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        logger.info("font %s not found, so Pillow's default font is used", name)
        return ImageFont.load_default(size=size)


def _wrap(text: str, font, width_px: int, max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines that fit ``width_px``."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width_px or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" …") + " …"
    return lines


def act_sheet(video: str, act_id: str, title: str, stills: list[Still]) -> Image.Image:
    """Draw one act's stills in a grid, each labelled with its cue, start time and opening words."""
    heading_font, label_font, words_font = _font(22, bold=True), _font(16, bold=True), _font(14)
    tile_width = max((still.image.width for still in stills), default=TILE_WIDTH_PX)
    tile_height = max((still.image.height for still in stills), default=TILE_WIDTH_PX * 9 // 16)
    caption_height = 22 + 2 * 18 + 6
    header_height = 44
    columns = max(min(COLUMNS, len(stills)), 1)
    rows = max((len(stills) + columns - 1) // columns, 1)
    width = PADDING_PX + columns * (tile_width + PADDING_PX)
    height = header_height + rows * (tile_height + caption_height + PADDING_PX) + PADDING_PX
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    draw.text((PADDING_PX, 12), f"{video} · {act_id}: {title}", font=heading_font, fill=TEXT_COLOR)

    for index, still in enumerate(stills):
        row, column = divmod(index, columns)
        x = PADDING_PX + column * (tile_width + PADDING_PX)
        y = header_height + row * (tile_height + caption_height + PADDING_PX)
        sheet.paste(still.image, (x, y))
        label_y = y + still.image.height + 4
        heading = still.heading + ("  (stand-in timing)" if still.stand_in_timing else "")
        color = WARNING_COLOR if still.stand_in_timing else TEXT_COLOR
        draw.text((x, label_y), heading, font=label_font, fill=color)
        for line_index, line in enumerate(_wrap(still.opening_words, words_font, tile_width, max_lines=2)):
            draw.text((x, label_y + 22 + 18 * line_index), line, font=words_font, fill=MUTED_COLOR)
    return sheet


def overview_sheet(
    video: str, acts: list[tuple[str, list[Still]]], duration_s: float, act_titles: dict[str, str] | None = None
) -> Image.Image:
    """Draw the whole video small: one row per act with its title, one still per cue."""
    act_titles = act_titles or {}
    heading_font, act_font, label_font = _font(20, bold=True), _font(15, bold=True), _font(12)
    thumbnails = {
        id(still): _thumbnail(still.image, OVERVIEW_TILE_WIDTH_PX) for _, stills in acts for still in stills
    }
    tile_height = max((image.height for image in thumbnails.values()), default=OVERVIEW_TILE_WIDTH_PX * 9 // 16)
    label_column = 150
    caption_height = 18
    header_height = 40
    max_cues = max((len(stills) for _, stills in acts), default=1)
    width = label_column + max_cues * (OVERVIEW_TILE_WIDTH_PX + PADDING_PX // 2) + PADDING_PX
    row_height = tile_height + caption_height + PADDING_PX // 2
    height = header_height + len(acts) * row_height + PADDING_PX
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    cue_count = sum(len(stills) for _, stills in acts)
    summary = f"{video}: {len(acts)} acts, {cue_count} cues, {format_timestamp(duration_s)}"
    draw.text((PADDING_PX, 10), summary, font=heading_font, fill=TEXT_COLOR)

    for row, (act_id, stills) in enumerate(acts):
        y = header_height + row * row_height
        draw.text((PADDING_PX, y + 4), act_id, font=act_font, fill=TEXT_COLOR)
        title_lines = _wrap(act_titles.get(act_id, ""), label_font, label_column - 2 * PADDING_PX, max_lines=3)
        for line_index, line in enumerate(title_lines):
            draw.text((PADDING_PX, y + 26 + 15 * line_index), line, font=label_font, fill=MUTED_COLOR)
        if not stills:
            draw.text((label_column, y + 4), "no cues", font=label_font, fill=MUTED_COLOR)
        for column, still in enumerate(stills):
            x = label_column + column * (OVERVIEW_TILE_WIDTH_PX + PADDING_PX // 2)
            thumbnail = thumbnails[id(still)]
            sheet.paste(thumbnail, (x, y))
            color = WARNING_COLOR if still.stand_in_timing else MUTED_COLOR
            draw.text((x, y + thumbnail.height + 2), still.heading, font=label_font, fill=color)
    return sheet


def _thumbnail(image: Image.Image, width_px: int) -> Image.Image:
    small = image.copy()
    small.thumbnail((width_px, width_px), Image.Resampling.LANCZOS)
    return small


def storyboard_dir(video: str) -> Path:
    return repository_root() / "media" / "storyboards" / video


def write_storyboard(video: str, quality: str = "l", output_dir: Path | None = None) -> Storyboard:
    """Write ``<act_id>.png`` per act and ``all.png`` for ``scenes/<video>.py``.

    PNGs left in ``output_dir`` by an earlier run, such as the sheet of a
    renamed act, are removed. ``output_dir`` defaults to
    ``media/storyboards/<video>``.
    """
    started = time.perf_counter()
    output_dir = Path(output_dir) if output_dir is not None else storyboard_dir(video)
    collector = StillCollector()
    duration_s = run_video(load_video_scene(video), collector, quality)

    output_dir.mkdir(parents=True, exist_ok=True)
    acts = [(act_id, collector.stills_of(act_id)) for act_id in collector.act_titles]
    paths = []
    for act_id, stills in acts:
        if not stills:
            continue
        path = output_dir / f"{act_id}.png"
        act_sheet(video, act_id, collector.act_titles[act_id], stills).save(path)
        paths.append(path)
    overview_path = output_dir / "all.png"
    overview_sheet(video, acts, duration_s, collector.act_titles).save(overview_path)
    paths.append(overview_path)

    for stale in sorted(set(output_dir.glob("*.png")) - set(paths)):
        logger.info("removing %s: no act of %s has that id", stale, video)
        stale.unlink()
    return Storyboard(paths, collector.stills, duration_s, time.perf_counter() - started)
