"""Draw and apply PaDiM's random channel subset.

PaDiM reduces the embedding from C to D channels by keeping a random subset
of channels, drawn once and shared by every position and by training and
test images. It is not PCA, because no projection is learned from the data.
"""

from __future__ import annotations

import numpy as np


def draw_channel_subset(total_channels: int, dims: int, seed: int) -> np.ndarray:
    """Draw ``dims`` distinct channel indices out of ``total_channels``.

    The draw uses ``numpy.random.default_rng(seed)``, so one seed always gives
    the same indices. They are sorted, which changes no distance because a
    Mahalanobis distance does not depend on the order of the dimensions.

    Returns
    -------
    ndarray of int64, shape (D,)
    """
    if not 1 <= dims <= total_channels:
        raise ValueError(f"dims must be between 1 and {total_channels}, got {dims}")
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(total_channels, size=dims, replace=False)).astype(np.int64)


def select_channels(embeddings: np.ndarray, channel_indices: np.ndarray) -> np.ndarray:
    """Keep the given channels of every position, shape (N, H, W, C) to (N, H, W, D)."""
    return embeddings[..., channel_indices]
