"""Indices, positions and 2-D views that the scenes read from the numpy PaDiM demo run.

Every number these helpers return is computed from the cached demo result,
so a scene that shows it shows what the method computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from padim_studio.padim.demo import load_demo
from padim_studio.padim.demo_result import DemoResult


@lru_cache(maxsize=1)
def demo() -> DemoResult:
    """Return the demo run, fitted once per process and cached on disk."""
    return load_demo()


def test_index(result: DemoResult, kind: str, occurrence: int = 0) -> int:
    """Return the index of the ``occurrence``-th test image of ``kind``."""
    indices = np.flatnonzero(result.test_kinds == kind)
    if occurrence >= len(indices):
        raise IndexError(f"the demo has {len(indices)} test image(s) of kind {kind!r}, not {occurrence + 1}")
    return int(indices[occurrence])


def most_anomalous_position(result: DemoResult, index: int) -> tuple[int, int]:
    """Return the (row, column) of the largest Mahalanobis distance in one test image."""
    distances = result.distance_maps[index]
    row, column = np.unravel_index(int(np.argmax(distances)), distances.shape)
    return int(row), int(column)


# Correlation of the drawn pair of dims: strong enough to tilt and stretch the
# ellipse, weak enough that the cloud does not collapse onto a line.
TARGET_CORRELATION = 0.8


def display_dims(result: DemoResult, row: int, column: int) -> tuple[int, int]:
    """Return the pair of kept dims whose correlation at this position is closest to 0.8.

    Drawing that pair makes the ellipse visibly elongated, so the contrast
    between Euclidean and Mahalanobis distance shows.
    """
    covariance = result.covariances[row, column]
    scale = np.sqrt(np.diag(covariance))
    correlation = np.abs(covariance / np.outer(scale, scale))
    np.fill_diagonal(correlation, np.inf)
    first, second = np.unravel_index(int(np.argmin(np.abs(correlation - TARGET_CORRELATION))), correlation.shape)
    return int(min(first, second)), int(max(first, second))


@dataclass(frozen=True)
class PositionView:
    """One position's training vectors and Gaussian in two chosen dims."""

    row: int
    column: int
    dims: tuple[int, int]
    points: np.ndarray  # (N, 2)
    mean: np.ndarray  # (2,)
    covariance: np.ndarray  # (2, 2)
    test_point: np.ndarray  # (2,) the defective image's vector at this position


def position_view(result: DemoResult, test: int) -> PositionView:
    """Return the 2-D view at the most anomalous position of test image ``test``."""
    row, column = most_anomalous_position(result, test)
    dims = display_dims(result, row, column)
    points = result.position_samples(row, column)[:, list(dims)]
    mean, covariance = result.position_gaussian_2d(row, column, dims)
    test_point = result.test_embeddings[test, row, column, list(dims)]
    return PositionView(row, column, dims, points, mean, covariance, test_point)
