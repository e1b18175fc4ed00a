"""The correlation matrix of the kept dims, split into blocks by the layer each dim comes from.

Off-diagonal blocks hold the correlations between layers, which a full
covariance over the concatenated vector models and separate per-layer
Gaussians would drop.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Group, Rectangle, VGroup

from padim_studio.stage import palette
from padim_studio.stage.images import heatmap_mobject


class CorrelationFigure(Group):
    """A D×D correlation heatmap with its layer blocks outlined.

    ``within`` outlines the diagonal blocks (one layer with itself),
    ``across`` the off-diagonal blocks (one layer with another).
    """

    heatmap: Group
    within: VGroup
    across: VGroup


def correlation_figure(matrix: np.ndarray, layers: np.ndarray, size: float) -> CorrelationFigure:
    """Draw ``matrix`` (D×D, values in [0, 1]) as a heatmap with block outlines from ``layers`` (D,), sorted."""
    layers = np.asarray(layers)
    if np.any(np.diff(layers) < 0):
        raise ValueError("layers must be sorted, so each layer's dims form one block")
    dims = len(layers)
    figure = CorrelationFigure()
    heatmap = heatmap_mobject(matrix, size, low=0.0, high=1.0)
    figure.heatmap = Group(heatmap)
    cell = size / dims
    top_left = heatmap.get_corner(UP + LEFT)
    bounds = [(int(np.flatnonzero(layers == layer)[0]), int(np.flatnonzero(layers == layer)[-1]) + 1) for layer in np.unique(layers)]
    figure.within, figure.across = VGroup(), VGroup()
    for row_start, row_end in bounds:
        for column_start, column_end in bounds:
            same = row_start == column_start
            block = Rectangle(
                width=(column_end - column_start) * cell,
                height=(row_end - row_start) * cell,
                color=palette.TEXT if same else palette.SECONDARY,
                stroke_width=2 if same else 3,
            )
            block.move_to(top_left, aligned_edge=UP + LEFT)
            block.shift(RIGHT * column_start * cell + DOWN * row_start * cell)
            (figure.within if same else figure.across).add(block)
    figure.add(figure.heatmap, figure.within, figure.across)
    return figure

