"""Score patch embeddings by their Mahalanobis distance to the Gaussian of their position."""

from __future__ import annotations

import numpy as np


def invert_covariances(covariances: np.ndarray) -> np.ndarray:
    """Invert every covariance matrix at once, shape (H, W, D, D) to (H, W, D, D).

    The inverse goes through a Cholesky factor, Sigma = L L^T, so that
    Sigma^-1 = L^-T L^-1. ``numpy.linalg.LinAlgError`` is raised if a
    covariance is not positive definite.
    """
    cholesky = np.linalg.cholesky(covariances)
    identity = np.broadcast_to(np.eye(covariances.shape[-1]), covariances.shape)
    inverse_cholesky = np.linalg.solve(cholesky, identity)
    return np.swapaxes(inverse_cholesky, -1, -2) @ inverse_cholesky


def mahalanobis_distances(
    embeddings: np.ndarray, means: np.ndarray, precisions: np.ndarray
) -> np.ndarray:
    """Compute the Mahalanobis distance of every patch to its position's Gaussian.

    Implements Eq. (2) of Defard et al., "PaDiM: a Patch Distribution Modeling
    Framework for Anomaly Detection and Localization" (arXiv 2011.08785)::

        M(x_ij) = sqrt((x_ij - mu_ij)^T Sigma_ij^-1 (x_ij - mu_ij))

    All positions are computed in one batched product, with no loop over
    positions.

    Parameters
    ----------
    embeddings : ndarray, shape (M, H, W, D)
        Embeddings of M test images.
    means : ndarray, shape (H, W, D)
    precisions : ndarray, shape (H, W, D, D)
        Inverse covariances, as returned by ``invert_covariances``.

    Returns
    -------
    ndarray of float64, shape (M, H, W)
        The distance map of each image.
    """
    embeddings = np.asarray(embeddings, dtype=np.float64)
    if embeddings.shape[1:] != means.shape:
        raise ValueError(
            f"embeddings of shape {embeddings.shape} do not match means of shape {means.shape}"
        )
    centered = embeddings - means
    precision_times_centered = np.einsum("hwde,mhwe->mhwd", precisions, centered, optimize=True)
    squared = np.einsum("mhwd,mhwd->mhw", centered, precision_times_centered)
    # Rounding can make a squared distance of a point at the mean slightly negative.
    return np.sqrt(np.maximum(squared, 0.0))
