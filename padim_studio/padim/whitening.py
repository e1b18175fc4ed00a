"""Whitening: the map under which Mahalanobis distance becomes Euclidean distance."""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_triangular


def whiten(points: np.ndarray, mean: np.ndarray, covariance: np.ndarray) -> np.ndarray:
    """Map points to z = L^-1 (x - mean), with covariance = L L^T (Cholesky).

    Parameters
    ----------
    points : ndarray, shape (M, 2) or (2,)
    mean : ndarray, shape (2,)
    covariance : ndarray, shape (2, 2)
        Symmetric positive definite, else ``numpy.linalg.LinAlgError`` is raised.

    Returns
    -------
    ndarray, same shape as ``points``
        The whitened points. Their Euclidean norms are the Mahalanobis distances of ``points``.
    """
    points = np.asarray(points, dtype=np.float64)
    cholesky = np.linalg.cholesky(np.asarray(covariance, dtype=np.float64))
    centered = np.atleast_2d(points) - np.asarray(mean, dtype=np.float64)
    whitened = solve_triangular(cholesky, centered.T, lower=True).T
    return whitened.reshape(points.shape)
