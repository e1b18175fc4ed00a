"""Two-dimensional views of one position's Gaussian: points, ellipses, distances."""

from __future__ import annotations

import numpy as np
from manim import Axes, Dot, Ellipse, VGroup

from padim_studio.stage import palette


def ellipse_parameters(covariance: np.ndarray, level: float) -> tuple[float, float, float]:
    """Return (width, height, angle in radians) of the ``level``-sigma ellipse of a 2×2 covariance.

    The ellipse is the set of points at Mahalanobis distance ``level`` from
    the mean: its axes lie along the eigenvectors, with half-lengths
    ``level * sqrt(eigenvalue)``.
    """
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    major = eigenvectors[:, 1]
    angle = float(np.arctan2(major[1], major[0]))
    width = 2 * level * float(np.sqrt(eigenvalues[1]))
    height = 2 * level * float(np.sqrt(eigenvalues[0]))
    return width, height, angle


def make_axes(points: np.ndarray, width: float, height: float, padding: float = 0.35) -> Axes:
    """Axes whose ranges cover ``points`` (M×2) with some padding, without tick labels."""
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, 1e-6)
    low, high = low - padding * span, high + padding * span
    return Axes(
        x_range=[low[0], high[0], span[0] / 2],
        y_range=[low[1], high[1], span[1] / 2],
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"color": palette.MUTED, "stroke_width": 2, "include_ticks": False},
    )


def point_cloud(axes: Axes, points: np.ndarray, color=palette.NORMAL, radius: float = 0.05) -> VGroup:
    """Dots for M×2 points on ``axes``."""
    return VGroup(*(Dot(axes.c2p(x, y), radius=radius, color=color) for x, y in points))


def gaussian_ellipse(axes: Axes, mean: np.ndarray, covariance: np.ndarray, level: float, color=palette.PRIMARY) -> Ellipse:
    """Draw the ``level``-sigma ellipse of a 2-D Gaussian in axes coordinates."""
    width, height, angle = ellipse_parameters(covariance, level)
    x_unit = axes.x_length / (axes.x_range[1] - axes.x_range[0])
    y_unit = axes.y_length / (axes.y_range[1] - axes.y_range[0])
    # Draw the ellipse in data units, then map it through the axes' scaling.
    ellipse = Ellipse(width=width, height=height, color=color, stroke_width=3)
    ellipse.rotate(angle, about_point=ellipse.get_center())
    ellipse.stretch(x_unit, 0, about_point=ellipse.get_center())
    ellipse.stretch(y_unit, 1, about_point=ellipse.get_center())
    ellipse.move_to(axes.c2p(*mean))
    return ellipse


def mahalanobis_2d(point: np.ndarray, mean: np.ndarray, covariance: np.ndarray) -> float:
    """Mahalanobis distance of one 2-D point."""
    difference = np.asarray(point) - np.asarray(mean)
    return float(np.sqrt(difference @ np.linalg.solve(covariance, difference)))


def contrast_points(mean: np.ndarray, covariance: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Two points at the same Euclidean distance from the mean: one along the major axis, one along the minor.

    The first lies on the ``level``-sigma ellipse's major axis (near in
    Mahalanobis terms); the second is at the same Euclidean distance along
    the minor axis, where the Gaussian is narrow (far in Mahalanobis terms).
    """
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    radius = 0.8 * level * float(np.sqrt(eigenvalues[1]))
    along_major = np.asarray(mean) + radius * eigenvectors[:, 1]
    along_minor = np.asarray(mean) + radius * eigenvectors[:, 0]
    return along_major, along_minor
