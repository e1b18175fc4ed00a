"""Turn distance maps into image-size anomaly maps and image scores."""

from __future__ import annotations

import numpy as np
from scipy import ndimage

BLUR_SIGMA_PX = 4.0


def upsample_bilinear(maps: np.ndarray, image_shape: tuple[int, int]) -> np.ndarray:
    """Resize maps to the image size by bilinear interpolation.

    The sampling grid is the one of ``torch.nn.functional.interpolate`` with
    ``mode="bilinear", align_corners=False``, which anomalib and the PyTorch
    port of PaDiM by xiahaifeng1995 use: pixel centres are aligned and values
    beyond the outer centres are held constant.

    Parameters
    ----------
    maps : ndarray, shape (M, H, W)
    image_shape : (H_img, W_img)

    Returns
    -------
    ndarray of float64, shape (M, H_img, W_img)
    """
    maps = np.asarray(maps, dtype=np.float64)
    zoom = (1.0, image_shape[0] / maps.shape[1], image_shape[1] / maps.shape[2])
    return ndimage.zoom(maps, zoom, order=1, mode="nearest", grid_mode=True)


def gaussian_blur(maps: np.ndarray, sigma: float = BLUR_SIGMA_PX) -> np.ndarray:
    """Blur each map with a Gaussian of ``sigma`` pixels, shape (M, H_img, W_img) kept.

    Borders are reflected, the default of ``scipy.ndimage.gaussian_filter``,
    and the kernel is cut at 4 sigma. No smoothing crosses from one map to the
    next.
    """
    return ndimage.gaussian_filter(np.asarray(maps, dtype=np.float64), sigma=(0, sigma, sigma))


def compute_anomaly_maps(
    distance_maps: np.ndarray, image_shape: tuple[int, int], sigma: float = BLUR_SIGMA_PX
) -> np.ndarray:
    """Upsample distance maps to the image size and blur them, (M, H, W) to (M, H_img, W_img)."""
    return gaussian_blur(upsample_bilinear(distance_maps, image_shape), sigma)


def image_scores(anomaly_maps: np.ndarray) -> np.ndarray:
    """Return the maximum of each anomaly map, shape (M, H_img, W_img) to (M,)."""
    return np.asarray(anomaly_maps).max(axis=(1, 2))
