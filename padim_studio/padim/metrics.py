"""Compute threshold-free detection and localisation scores."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score


def image_auroc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Compute the area under the ROC curve of image scores.

    Parameters
    ----------
    labels : ndarray of int, shape (M,)
        0 for normal, 1 for defective images.
    scores : ndarray, shape (M,)
        Higher means more anomalous.
    """
    labels = np.asarray(labels).ravel()
    _require_both_classes(labels, "labels")
    return float(roc_auc_score(labels, np.asarray(scores).ravel()))


def pixel_auroc(masks: np.ndarray, anomaly_maps: np.ndarray) -> float:
    """Compute the area under the ROC curve over all pixels of all images.

    Parameters
    ----------
    masks : ndarray of bool, shape (M, H_img, W_img)
        Ground truth, True on defect pixels.
    anomaly_maps : ndarray, shape (M, H_img, W_img)
    """
    masks = np.asarray(masks)
    anomaly_maps = np.asarray(anomaly_maps)
    if masks.shape != anomaly_maps.shape:
        raise ValueError(
            f"masks of shape {masks.shape} do not match anomaly maps of shape {anomaly_maps.shape}"
        )
    _require_both_classes(masks.ravel(), "masks")
    return float(roc_auc_score(masks.ravel().astype(np.int64), anomaly_maps.ravel()))


def _require_both_classes(labels: np.ndarray, name: str) -> None:
    values = set(np.unique(labels).tolist())
    if not values <= {0, 1} or len(values) < 2:
        raise ValueError(
            f"{name} must contain both 0 (normal) and 1 (defect) and nothing else, "
            f"got the values {sorted(values)}"
        )
