"""Bar charts for the videos: labelled horizontal bars and an eigenvalue spectrum on a log scale."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, RIGHT, DashedLine, Line, Rectangle, Text, VGroup

from padim_studio.stage import palette


@dataclass(frozen=True)
class BarRow:
    """One bar: its label, its value in the chart's unit, the text printed after it and its colour."""

    label: str
    value: float
    value_text: str
    color: object = palette.PRIMARY


class HorizontalBars(VGroup):
    """Rows of (label, bar, value text): row k is ``rows[k]``, a VGroup of those three."""

    rows: VGroup


def horizontal_bars(rows: list[BarRow], max_value: float, length: float, bar_height: float = 0.45, font_size: float = 24) -> HorizontalBars:
    """Draw one bar per row, ``length`` scene units for ``max_value``, labels right-aligned in a column on the left."""
    if max_value <= 0:
        raise ValueError(f"max_value must be positive, got {max_value}")
    labels = [Text(row.label, font_size=font_size) for row in rows]
    chart = HorizontalBars()
    chart.rows = VGroup()
    for index, (row, label) in enumerate(zip(rows, labels)):
        y = -index * (bar_height + 0.35)
        bar = Rectangle(
            width=max(length * row.value / max_value, 0.02),
            height=bar_height,
            stroke_width=0,
            fill_color=row.color,
            fill_opacity=0.85,
        )
        bar.move_to([0, y, 0], aligned_edge=LEFT)
        label.move_to([-0.25, y, 0], aligned_edge=RIGHT)
        value = Text(row.value_text, font_size=font_size, color=row.color).next_to(bar, RIGHT, buff=0.2)
        chart.rows.add(VGroup(label, bar, value))
    chart.add(chart.rows)
    return chart


class EigenvalueBars(VGroup):
    """Vertical bars of sorted eigenvalues on a log scale, with a baseline and a dashed reference level."""

    bars: VGroup
    baseline: Line
    reference: DashedLine


def eigenvalue_bars(
    eigenvalues: np.ndarray, width: float, height: float, low: float, high: float, reference: float, color=palette.PRIMARY
) -> EigenvalueBars:
    """Draw ``eigenvalues`` (sorted, largest first) as bars whose heights are log10 of the value.

    Values at or below ``low`` get a bar of zero height, so the zero
    eigenvalues of a singular matrix show as gaps. ``high`` sets the top of
    the chart. A dashed line marks ``reference``, for example the epsilon
    added to the diagonal.
    """
    if not 0 < low < high:
        raise ValueError(f"low and high must satisfy 0 < low < high, got low={low}, high={high}")
    values = np.sort(np.asarray(eigenvalues, dtype=float))[::-1]
    span = np.log10(high) - np.log10(low)

    def bar_height(value: float) -> float:
        return height * float(np.clip((np.log10(max(value, low)) - np.log10(low)) / span, 0.0, 1.0))

    slot = width / len(values)
    chart = EigenvalueBars()
    chart.bars = VGroup()
    for index, value in enumerate(values):
        bar = Rectangle(width=0.75 * slot, height=max(bar_height(value), 1e-3), stroke_width=0, fill_color=color, fill_opacity=0.85)
        bar.move_to([(index + 0.5) * slot, 0, 0], aligned_edge=DOWN)
        chart.bars.add(bar)
    chart.baseline = Line([0, 0, 0], [width, 0, 0], color=palette.MUTED, stroke_width=2)
    level = bar_height(reference)
    chart.reference = DashedLine([0, level, 0], [width, level, 0], color=palette.SECONDARY, stroke_width=2)
    chart.add(chart.baseline, chart.bars, chart.reference)
    return chart
