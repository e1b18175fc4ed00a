"""Correlations between the kept dims, and which backbone stage each dim comes from."""

from __future__ import annotations

import numpy as np

from padim_studio.padim import embedding


def mean_abs_correlation(covariances: np.ndarray) -> np.ndarray:
    """Average the absolute correlation matrices of all positions, shape (H, W, D, D) to (D, D)."""
    covariances = np.asarray(covariances, dtype=np.float64)
    deviations = np.sqrt(np.einsum("hwdd->hwd", covariances))
    correlations = covariances / (deviations[..., :, None] * deviations[..., None, :])
    return np.abs(correlations).mean(axis=(0, 1))


def layer_of_channels(channels: np.ndarray, stage_counts: tuple[int, ...] | None = None) -> np.ndarray:
    """Return the stage (0 for layer1, 1 for layer2, ...) of each channel index of the concatenated embedding."""
    counts = embedding.stage_channel_counts() if stage_counts is None else stage_counts
    ends = np.cumsum(counts)
    channels = np.asarray(channels)
    if channels.size and (channels.min() < 0 or channels.max() >= ends[-1]):
        raise ValueError(f"channel indices must lie in [0, {ends[-1]}), got {channels.min()}..{channels.max()}")
    return np.searchsorted(ends, channels, side="right")
