"""The layout check: rules for text on stage, applied after every animation of a video.

Rules, in scene units:

- a visible text-like mobject stays inside the safe area, the frame minus
  ``SAFE_MARGIN`` of its width and height on each side;
- no two visible text-like mobjects overlap by ``MIN_OVERLAP`` or more in
  both x and y (text on a shape is fine);
- nothing that draws is left on stage when an act ends.

Only top-level text-like mobjects count: the glyphs of a ``Text`` and the
lines of a ``Paragraph`` belong to it. Fully transparent mobjects are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    DecimalNumber,
    MarkupText,
    Mobject,
    Paragraph,
    SingleStringMathTex,
    Text,
    Transform,
    VMobject,
)

from padim_studio.review.probe import Moment, StageObserver, load_video_scene, run_video, stage_mobjects
from padim_studio.scene import NarratedScene, VideoScene
from padim_studio.stage.layout import safe_half_height, safe_half_width

# MathTex and Tex derive from SingleStringMathTex, Integer from DecimalNumber.
TEXT_TYPES = (Text, MarkupText, Paragraph, SingleStringMathTex, DecimalNumber)
MIN_OVERLAP = 0.02  # scene units; smaller overlaps are boxes that touch
# Scene units; a box fitted exactly to the safe area may exceed it by rounding error.
_EDGE_TOLERANCE = 1e-6
_MAX_LABEL_CHARS = 40


@dataclass(frozen=True)
class Box:
    """An axis-aligned bounding box in scene units."""

    left: float
    right: float
    bottom: float
    top: float

    @classmethod
    def of(cls, mobject: Mobject) -> Box:
        return cls(
            float(mobject.get_left()[0]),
            float(mobject.get_right()[0]),
            float(mobject.get_bottom()[1]),
            float(mobject.get_top()[1]),
        )

    def overlap(self, other: Box) -> tuple[float, float]:
        """Return the width and height of the intersection (0 where the boxes are apart)."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.top, other.top) - max(self.bottom, other.bottom)
        return max(width, 0.0), max(height, 0.0)


@dataclass(frozen=True)
class Finding:
    """One broken layout rule, where it first happened."""

    moment: Moment
    message: str

    def __str__(self) -> str:
        return f"{self.moment}: {self.message}"


def is_visible(mobject: Mobject) -> bool:
    """Return whether any part of ``mobject`` has a fill or a stroke above zero opacity.

    Parts that are not vector mobjects (images, for example) count as visible.
    """
    for part in mobject.family_members_with_points():
        if not isinstance(part, VMobject):
            return True
        if np.any(part.get_fill_opacities() > 0):
            return True
        if part.get_stroke_width() > 0 and np.any(part.get_stroke_opacities() > 0):
            return True
    return False


def text_mobjects(mobjects: Iterable[Mobject]) -> list[Mobject]:
    """Return the visible top-level text-like mobjects in ``mobjects`` and their groups."""
    found: list[Mobject] = []
    seen: set[int] = set()

    def visit(mobject: Mobject) -> None:
        if id(mobject) in seen:
            return
        seen.add(id(mobject))
        if isinstance(mobject, TEXT_TYPES):
            if mobject.family_members_with_points() and is_visible(mobject):
                found.append(mobject)
            return
        for part in mobject.submobjects:
            visit(part)

    for mobject in mobjects:
        visit(mobject)
    return found


def describe(mobject: Mobject, shown_text: dict[int, str] | None = None) -> str:
    """Name a mobject for a message: its class and, for text, what it shows."""
    content = (shown_text or {}).get(id(mobject))
    if content is None:
        content = _content_of(mobject)
    if content is None:
        return type(mobject).__name__
    content = " ".join(content.split())
    if len(content) > _MAX_LABEL_CHARS:
        content = content[: _MAX_LABEL_CHARS - 1] + "…"
    return f'{type(mobject).__name__} "{content}"'


def _content_of(mobject: Mobject) -> str | None:
    if isinstance(mobject, Paragraph):
        return mobject.lines_text.original_text
    if isinstance(mobject, (Text, MarkupText)):
        return mobject.original_text
    if isinstance(mobject, SingleStringMathTex):
        return mobject.tex_string
    if isinstance(mobject, DecimalNumber):
        return str(mobject.number)
    return None


def safe_area_messages(
    texts: Sequence[Mobject], shown_text: dict[int, str] | None = None
) -> list[tuple[tuple[Mobject, ...], str]]:
    """Return ``(mobjects, message)`` for each text whose box leaves the safe area."""
    half_width, half_height = safe_half_width(), safe_half_height()
    problems = []
    for text in texts:
        box = Box.of(text)
        edges = []
        if box.left < -half_width - _EDGE_TOLERANCE:
            edges.append(_compare("left edge", box.left, "<", -half_width))
        if box.right > half_width + _EDGE_TOLERANCE:
            edges.append(_compare("right edge", box.right, ">", half_width))
        if box.bottom < -half_height - _EDGE_TOLERANCE:
            edges.append(_compare("bottom edge", box.bottom, "<", -half_height))
        if box.top > half_height + _EDGE_TOLERANCE:
            edges.append(_compare("top edge", box.top, ">", half_height))
        if edges:
            problems.append(((text,), f"{describe(text, shown_text)} leaves the safe area ({', '.join(edges)})"))
    return problems


def _compare(name: str, value: float, sign: str, limit: float) -> str:
    """Format ``name value sign limit`` with enough decimals to tell the two numbers apart."""
    decimals = 2
    while decimals < 6 and f"{value:.{decimals}f}" == f"{limit:.{decimals}f}":
        decimals += 1
    return f"{name} {value:.{decimals}f} {sign} {limit:.{decimals}f}"


def overlap_messages(
    texts: Sequence[Mobject], shown_text: dict[int, str] | None = None
) -> list[tuple[tuple[Mobject, ...], str]]:
    """Return ``(mobjects, message)`` for each pair of texts whose boxes overlap."""
    boxes = [Box.of(text) for text in texts]
    problems = []
    for first in range(len(texts)):
        for second in range(first + 1, len(texts)):
            width, height = boxes[first].overlap(boxes[second])
            if width < MIN_OVERLAP or height < MIN_OVERLAP:
                continue
            pair = (texts[first], texts[second])
            names = f"{describe(pair[0], shown_text)} overlaps {describe(pair[1], shown_text)}"
            problems.append((pair, f"{names} ({width:.2f} × {height:.2f} units)"))
    return problems


class LayoutChecker(StageObserver):
    """An observer that collects layout findings while :func:`run_video` drives a video.

    A problem is reported once, at the first moment it is seen. The same
    mobjects, showing the same words, breaking the same rule later add no finding.
    """

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.moments_checked = 0
        self._reported: set[tuple] = set()
        # Reported mobjects are kept alive so their ids are not reused by new mobjects.
        self._reported_mobjects: list[Mobject] = []
        # A Transform keeps its mobject but shows its target's text, so messages quote the target.
        # The mobjects are kept alive for the same reason as the reported ones.
        self._shown_text: dict[int, str] = {}
        self._transformed_mobjects: list[Mobject] = []

    def animation_finished(self, scene: NarratedScene, moment: Moment, animations: Sequence[object]) -> None:
        self._record_transforms(animations)
        self.moments_checked += 1
        texts = text_mobjects(stage_mobjects(scene))
        self._report(moment, "safe area", safe_area_messages(texts, self._shown_text))
        self._report(moment, "overlap", overlap_messages(texts, self._shown_text))

    def act_finished(self, scene: NarratedScene, moment: Moment) -> None:
        # Every wait adds its Wait's empty Mobject to the scene, so only mobjects that draw something count.
        left = [mobject for mobject in stage_mobjects(scene) if mobject.family_members_with_points()]
        if left:
            names = ", ".join(describe(mobject, self._shown_text) for mobject in left)
            self.findings.append(Finding(moment, f"{len(left)} mobject(s) left on stage after the act ends: {names}"))

    def _report(self, moment: Moment, rule: str, problems: list[tuple[tuple[Mobject, ...], str]]) -> None:
        for mobjects, message in problems:
            # What each text shows is part of the key, so a text transformed into new words is reported again.
            names = tuple(describe(mobject, self._shown_text) for mobject in mobjects)
            key = (rule, names, *(id(mobject) for mobject in mobjects))
            if key in self._reported:
                continue
            self._reported.add(key)
            self._reported_mobjects.extend(mobjects)
            self.findings.append(Finding(moment, message))

    def _record_transforms(self, animations: Iterable[object]) -> None:
        # NOTE: only a Transform whose target is itself text-like is recorded. A text inside
        # a transformed group is still quoted with the words it had before the Transform.
        for animation in animations:
            self._record_transforms(getattr(animation, "animations", ()))
            if not isinstance(animation, Transform) or animation.replace_mobject_with_target_in_scene:
                continue
            target = animation.target_mobject
            content = _content_of(target) if target is not None else None
            if content is not None:
                self._shown_text[id(animation.mobject)] = content
                self._transformed_mobjects.append(animation.mobject)


def check_layout(scene_class: type[VideoScene], quality: str = "l") -> LayoutChecker:
    """Run ``scene_class`` with animations skipped and return the checker with its findings."""
    checker = LayoutChecker()
    run_video(scene_class, checker, quality)
    return checker


def check_video_layout(video: str, quality: str = "l") -> LayoutChecker:
    """Check the layout of ``scenes/<video>.py``."""
    return check_layout(load_video_scene(video), quality)
