"""Diagram pieces shared by the videos: patch grids, feature stacks, flow boxes."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Arrow,
    Group,
    Line,
    Mobject,
    Rectangle,
    RoundedRectangle,
    Text,
    VGroup,
)

from padim_studio.stage import palette
from padim_studio.stage.images import heatmap_mobject, normalize


def patch_grid(picture: Mobject, rows: int, columns: int, color=palette.SECONDARY, stroke_width: float = 1.5) -> VGroup:
    """Draw a rows × columns grid of lines exactly over ``picture``."""
    left, right = picture.get_left()[0], picture.get_right()[0]
    bottom, top = picture.get_bottom()[1], picture.get_top()[1]
    lines = VGroup()
    for x in np.linspace(left, right, columns + 1):
        lines.add(Line([x, bottom, 0], [x, top, 0], stroke_width=stroke_width, color=color))
    for y in np.linspace(bottom, top, rows + 1):
        lines.add(Line([left, y, 0], [right, y, 0], stroke_width=stroke_width, color=color))
    return lines


def cell_outline(picture: Mobject, rows: int, columns: int, row: int, column: int, color=palette.SECONDARY) -> Rectangle:
    """Outline one grid cell of ``picture`` (row 0 is the top row)."""
    cell_width = picture.width / columns
    cell_height = picture.height / rows
    outline = Rectangle(width=cell_width, height=cell_height, color=color, stroke_width=4)
    corner = picture.get_corner(UP + np.array([-1, 0, 0]))
    outline.move_to(corner + RIGHT * (column + 0.5) * cell_width + DOWN * (row + 0.5) * cell_height)
    return outline


def map_stack(channels: np.ndarray, height: float, count: int = 4, offset: float = 0.12) -> Group:
    """Show the first ``count`` channels of a C×h×w feature map as a staggered stack."""
    layers = Group()
    shown = channels[:count]
    for index, channel in enumerate(shown[::-1]):
        layer = heatmap_mobject(normalize(channel), height)
        layer.shift((len(shown) - 1 - index) * offset * (UP + RIGHT))
        layers.add(layer)
    return layers


def labelled(mobject: Mobject, text: str, direction=DOWN, font_size: float = 24, color=palette.TEXT) -> Group:
    """Return ``mobject`` with a text label beside it."""
    label = Text(text, font_size=font_size, color=color)
    label.next_to(mobject, direction, buff=0.2)
    return Group(mobject, label)


def flow_box(text: str, color=palette.PRIMARY, width: float = 2.3, height: float = 0.9, font_size: float = 24) -> VGroup:
    """Build a rounded box with a short label, for pipeline diagrams."""
    box = RoundedRectangle(corner_radius=0.15, width=width, height=height, color=color, stroke_width=3)
    label = Text(text, font_size=font_size, color=palette.TEXT)
    if label.width > width - 0.25:
        label.scale((width - 0.25) / label.width)
    return VGroup(box, label.move_to(box))


def flow_row(labels: list[str], color=palette.PRIMARY, spacing: float = 0.6, **box_options) -> VGroup:
    """Boxes in a row joined by arrows; returns VGroup(boxes, arrows)."""
    boxes = VGroup(*(flow_box(label, color=color, **box_options) for label in labels))
    boxes.arrange(RIGHT, buff=spacing)
    arrows = VGroup(
        *(Arrow(left.get_right(), right.get_left(), buff=0.08, stroke_width=3, color=palette.MUTED) for left, right in zip(boxes[:-1], boxes[1:]))
    )
    return VGroup(boxes, arrows)
