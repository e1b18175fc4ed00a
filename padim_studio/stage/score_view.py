"""The demo's image scores on one axis: normal and defective test images, and the display threshold."""

from __future__ import annotations

from manim import DOWN, LEFT, UP, Dot, Line, Text, VGroup

from padim_studio.padim.demo_result import DemoResult
from padim_studio.stage import palette


class ScoreLine(VGroup):
    """An axis from 0 to the highest image score, a dot per test image and a threshold mark."""

    axis: Line
    normal_dots: VGroup
    defect_dots: VGroup
    threshold_mark: Line
    threshold_label: Text
    end_labels: VGroup


def score_line(result: DemoResult, length: float) -> ScoreLine:
    """Place each test image's score (the maximum of its anomaly map) on a line ``length`` units long.

    Normal test images are drawn in the normal colour, defective ones in the
    anomaly colour. The threshold is the demo's display threshold, the highest
    score among its normal test images.
    """
    high = float(result.image_scores.max())
    figure = ScoreLine()
    figure.axis = Line([0, 0, 0], [length, 0, 0], color=palette.MUTED, stroke_width=3)

    def x_of(score: float) -> float:
        return length * score / high

    figure.normal_dots, figure.defect_dots = VGroup(), VGroup()
    for score, label in zip(result.image_scores, result.test_labels):
        color = palette.ANOMALY if label else palette.NORMAL
        dot = Dot([x_of(float(score)), 0, 0], radius=0.11, color=color)
        (figure.defect_dots if label else figure.normal_dots).add(dot)
    threshold_x = x_of(result.threshold)
    figure.threshold_mark = Line([threshold_x, -0.35, 0], [threshold_x, 0.35, 0], color=palette.SECONDARY, stroke_width=4)
    figure.threshold_label = Text(f"display threshold {result.threshold:.1f}", font_size=20, color=palette.SECONDARY)
    # Low thresholds sit near the axis start, so the label starts there instead of centring on the mark.
    figure.threshold_label.next_to(figure.threshold_mark, UP, buff=0.1).align_to(figure.axis, LEFT)
    figure.end_labels = VGroup(
        Text("0", font_size=18, color=palette.MUTED).next_to(figure.axis.get_start(), DOWN, buff=0.15),
        Text(f"{high:.0f}", font_size=18, color=palette.MUTED).next_to(figure.axis.get_end(), DOWN, buff=0.15),
    )
    figure.add(figure.axis, figure.end_labels, figure.normal_dots, figure.defect_dots, figure.threshold_mark, figure.threshold_label)
    return figure
