"""Whitening of a 2-D Gaussian, drawn as two panels: the cloud with its ellipses, and the whitened cloud with circles.

Whitening maps x to z = L^-1 (x - mu), where Sigma = L L^T is the Cholesky
factorisation of the covariance. The Euclidean length of z is the Mahalanobis
distance of x, so every ellipse of constant Mahalanobis distance becomes a
circle. Both panels use axes with equal units in x and y, so a circle on
screen is a circle in data units and Euclidean distances can be compared by eye.
"""

from __future__ import annotations

import numpy as np
from manim import Axes, Circle, Dot, VGroup

from padim_studio.padim.whitening import whiten
from padim_studio.stage import palette
from padim_studio.stage.gaussian_view import gaussian_ellipse, make_axes, point_cloud

SIGMA_LEVELS = (1.0, 2.0, 3.0)


def square_axes(points: np.ndarray, size: float) -> Axes:
    """Axes of side ``size`` with equal units in x and y, covering ``points`` (M×2) with padding."""
    points = np.asarray(points, dtype=np.float64)
    center = (points.min(axis=0) + points.max(axis=0)) / 2
    half_side = float(np.max(points.max(axis=0) - points.min(axis=0))) / 2
    corners = np.vstack([center - half_side, center + half_side])
    return make_axes(corners, size, size)


class GaussianPanel(VGroup):
    """Equal-unit axes, points, the mean and the 1-, 2- and 3-sigma curves of one 2-D Gaussian.

    In the data panel the curves are ellipses. In the whitened panel they are
    circles around the origin.
    """

    axes: Axes
    dots: VGroup
    mean_dot: Dot
    curves: VGroup


def data_panel(points: np.ndarray, mean: np.ndarray, covariance: np.ndarray, size: float, extra_points=()) -> GaussianPanel:
    """Draw points (M×2) with the ellipses of their Gaussian, on axes that also cover ``extra_points``."""
    spread = SIGMA_LEVELS[-1] * np.sqrt(np.diag(covariance))
    extras = np.asarray(extra_points, dtype=float).reshape(-1, 2)
    extent = np.vstack([points, mean - spread, mean + spread, extras])
    panel = GaussianPanel()
    panel.axes = square_axes(extent, size)
    panel.dots = point_cloud(panel.axes, points)
    panel.mean_dot = Dot(panel.axes.c2p(*mean), color=palette.SECONDARY, radius=0.08)
    panel.curves = VGroup(*(gaussian_ellipse(panel.axes, mean, covariance, level) for level in SIGMA_LEVELS))
    _fade_outer_curves(panel.curves)
    panel.add(panel.axes, panel.dots, panel.curves, panel.mean_dot)
    return panel


def whitened_panel(points: np.ndarray, mean: np.ndarray, covariance: np.ndarray, size: float, extra_points=()) -> GaussianPanel:
    """Draw the whitened points with circles of radius 1, 2 and 3 around the origin.

    The axes are centred on the origin and cover the circles, the whitened
    points and the whitened ``extra_points``.
    """
    whitened = whiten(points, mean, covariance)
    extras = np.asarray(extra_points, dtype=float).reshape(-1, 2)
    reach = max(SIGMA_LEVELS[-1], float(np.abs(whitened).max()))
    if len(extras):
        reach = max(reach, float(np.abs(whiten(extras, mean, covariance)).max()))
    panel = GaussianPanel()
    panel.axes = square_axes(np.array([[-reach, -reach], [reach, reach]]), size)
    panel.dots = point_cloud(panel.axes, whitened)
    origin = panel.axes.c2p(0, 0)
    panel.mean_dot = Dot(origin, color=palette.SECONDARY, radius=0.08)
    unit = float(np.linalg.norm(panel.axes.c2p(1, 0) - origin))
    panel.curves = VGroup(
        *(Circle(radius=level * unit, color=palette.PRIMARY, stroke_width=3).move_to(origin) for level in SIGMA_LEVELS)
    )
    _fade_outer_curves(panel.curves)
    panel.add(panel.axes, panel.dots, panel.curves, panel.mean_dot)
    return panel


def _fade_outer_curves(curves: VGroup) -> None:
    for index, curve in enumerate(curves):
        curve.set_stroke(opacity=1.0 - 0.25 * index)
