"""Numpy arrays as pictures on stage: images, feature maps and heatmaps."""

from __future__ import annotations

import numpy as np
from manim import ImageMobject
from manim.constants import RESAMPLING_ALGORITHMS

# Heatmap colours from low to high: dark blue, teal, yellow, crimson.
HEATMAP_STOPS = np.array(
    [
        [0.05, 0.07, 0.25],
        [0.10, 0.45, 0.55],
        [0.98, 0.85, 0.25],
        [0.86, 0.08, 0.24],
    ]
)


def to_uint8(array: np.ndarray) -> np.ndarray:
    """Convert a float image in [0, 1] (H×W or H×W×3) to 8-bit RGB."""
    clipped = np.clip(np.asarray(array, dtype=float), 0.0, 1.0)
    if clipped.ndim == 2:
        clipped = np.repeat(clipped[..., None], 3, axis=2)
    return np.round(clipped * 255).astype(np.uint8)


def normalize(array: np.ndarray, low: float | None = None, high: float | None = None) -> np.ndarray:
    """Scale ``array`` linearly so ``low`` maps to 0 and ``high`` to 1 (min and max by default)."""
    low = float(np.min(array)) if low is None else low
    high = float(np.max(array)) if high is None else high
    return (np.asarray(array, dtype=float) - low) / max(high - low, 1e-12)


def colorize(values: np.ndarray) -> np.ndarray:
    """Map values in [0, 1] (H×W) to heatmap colours (H×W×3)."""
    positions = np.clip(values, 0.0, 1.0) * (len(HEATMAP_STOPS) - 1)
    lower = np.floor(positions).astype(int).clip(0, len(HEATMAP_STOPS) - 2)
    fraction = (positions - lower)[..., None]
    return HEATMAP_STOPS[lower] * (1 - fraction) + HEATMAP_STOPS[lower + 1] * fraction


def image_mobject(array: np.ndarray, height: float) -> ImageMobject:
    """Show a float image in [0, 1] with crisp pixels at the given height."""
    picture = ImageMobject(to_uint8(array))
    picture.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    picture.height = height
    return picture


def heatmap_mobject(values: np.ndarray, height: float, low: float | None = None, high: float | None = None) -> ImageMobject:
    """Show a 2-D array as a heatmap, scaled between ``low`` and ``high``."""
    return image_mobject(colorize(normalize(values, low, high)), height)
