"""Fit one multivariate Gaussian per position to the training embeddings."""

from __future__ import annotations

import numpy as np

COVARIANCE_EPSILON = 0.01


def fit_gaussians(
    embeddings: np.ndarray, epsilon: float = COVARIANCE_EPSILON
) -> tuple[np.ndarray, np.ndarray]:
    """Compute the mean and regularised covariance of the embeddings at each position.

    Implements the covariance of Defard et al., "PaDiM: a Patch Distribution
    Modeling Framework for Anomaly Detection and Localization" (arXiv 2011.08785)::

        Sigma_ij = 1/(N-1) sum_k (x_ij^k - mu_ij)(x_ij^k - mu_ij)^T + epsilon I

    The unbiased 1/(N-1) estimate matches ``np.cov``. The term epsilon * I
    keeps Sigma_ij invertible when N <= D, where the sample covariance alone
    is singular.

    Parameters
    ----------
    embeddings : ndarray, shape (N, H, W, D)
        Embeddings of N normal training images.
    epsilon : float
        Weight of the identity added to every covariance.

    Returns
    -------
    means : ndarray of float64, shape (H, W, D)
    covariances : ndarray of float64, shape (H, W, D, D)
    """
    embeddings = np.asarray(embeddings, dtype=np.float64)
    if embeddings.ndim != 4:
        raise ValueError(f"embeddings must have shape (N, H, W, D), got {embeddings.shape}")
    count, dims = embeddings.shape[0], embeddings.shape[-1]
    if count < 2:
        raise ValueError(f"fitting a covariance needs at least 2 training images, got {count}")

    means = embeddings.mean(axis=0)
    centered = embeddings - means
    scatter = np.einsum("nhwd,nhwe->hwde", centered, centered, optimize=True)
    covariances = scatter / (count - 1) + epsilon * np.eye(dims)
    return means, covariances
