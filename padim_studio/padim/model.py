"""Fit PaDiM to training embeddings and score test embeddings.

The stages run in the order of Defard et al., "PaDiM" (arXiv 2011.08785):
random channel subset, one Gaussian per position, Mahalanobis distance,
bilinear upsampling, Gaussian blur and the maximum as image score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from padim_studio.padim.anomaly_map import BLUR_SIGMA_PX, compute_anomaly_maps, image_scores
from padim_studio.padim.channel_subset import draw_channel_subset, select_channels
from padim_studio.padim.distance import invert_covariances, mahalanobis_distances
from padim_studio.padim.gaussian import COVARIANCE_EPSILON, fit_gaussians


@dataclass(frozen=True, eq=False)
class PadimModel:
    """Fitted PaDiM parameters.

    Attributes
    ----------
    selected_channels : ndarray of int64, shape (D,)
        Indices of the kept embedding channels, shared by all positions.
    means : ndarray, shape (H, W, D)
    covariances : ndarray, shape (H, W, D, D)
        Regularised covariances, epsilon * I included.
    precisions : ndarray, shape (H, W, D, D)
        Inverses of ``covariances``, the matrices a deployed model stores.
    """

    selected_channels: np.ndarray
    means: np.ndarray
    covariances: np.ndarray
    precisions: np.ndarray


@dataclass(frozen=True, eq=False)
class PadimScores:
    """Anomaly scores of M test images.

    Attributes
    ----------
    distance_maps : ndarray, shape (M, H, W)
        Mahalanobis distance of every patch.
    anomaly_maps : ndarray, shape (M, H_img, W_img)
        Distance maps upsampled to the image size and blurred.
    image_scores : ndarray, shape (M,)
        Maximum of each anomaly map.
    """

    distance_maps: np.ndarray
    anomaly_maps: np.ndarray
    image_scores: np.ndarray


def fit_padim(
    train_embeddings: np.ndarray,
    dims: int,
    channel_seed: int,
    epsilon: float = COVARIANCE_EPSILON,
) -> PadimModel:
    """Draw the channel subset and fit one Gaussian per position.

    Parameters
    ----------
    train_embeddings : ndarray, shape (N, H, W, C)
        Full embeddings of the normal training images.
    dims : int
        Number D of channels to keep.
    channel_seed : int
        Seed of the one random draw of channels.
    epsilon : float
        Weight of the identity added to every covariance.
    """
    selected_channels = draw_channel_subset(train_embeddings.shape[-1], dims, channel_seed)
    selected = select_channels(train_embeddings, selected_channels)
    means, covariances = fit_gaussians(selected, epsilon)
    return PadimModel(
        selected_channels=selected_channels,
        means=means,
        covariances=covariances,
        precisions=invert_covariances(covariances),
    )


def score_padim(
    model: PadimModel,
    test_embeddings: np.ndarray,
    image_shape: tuple[int, int],
    blur_sigma_px: float = BLUR_SIGMA_PX,
) -> PadimScores:
    """Score test embeddings (M, H, W, C) against the fitted Gaussians.

    The channels kept are those drawn at fit time. ``image_shape`` is
    (H_img, W_img), the size of the anomaly maps.
    """
    selected = select_channels(test_embeddings, model.selected_channels)
    distance_maps = mahalanobis_distances(selected, model.means, model.precisions)
    anomaly_maps = compute_anomaly_maps(distance_maps, image_shape, blur_sigma_px)
    return PadimScores(
        distance_maps=distance_maps,
        anomaly_maps=anomaly_maps,
        image_scores=image_scores(anomaly_maps),
    )
