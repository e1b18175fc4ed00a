import numpy as np
import pytest

from padim_studio.padim.metrics import image_auroc, pixel_auroc


def test_image_auroc_known_case():
    # Of the 4 (defect, normal) pairs, 3 rank the defect higher: 0.35 < 0.4.
    labels = np.array([0, 0, 1, 1])
    scores = np.array([0.1, 0.4, 0.35, 0.8])

    assert image_auroc(labels, scores) == pytest.approx(0.75)


def test_image_auroc_extremes_and_ties():
    labels = np.array([0, 0, 1, 1])

    assert image_auroc(labels, np.array([0.1, 0.2, 0.3, 0.4])) == pytest.approx(1.0)
    assert image_auroc(labels, np.array([0.4, 0.3, 0.2, 0.1])) == pytest.approx(0.0)
    assert image_auroc(labels, np.array([0.5, 0.5, 0.5, 0.5])) == pytest.approx(0.5)


def test_pixel_auroc_known_case():
    masks = np.array([[[False, True], [False, False]], [[False, False], [False, True]]])
    anomaly_maps = np.array([[[0.1, 0.9], [0.2, 0.3]], [[0.4, 0.0], [0.5, 0.25]]])

    # Defect pixels score 0.9 and 0.25. Against the 6 normal pixels
    # (0.1, 0.2, 0.3, 0.4, 0.0, 0.5), 0.9 wins 6 pairs and 0.25 wins 3: 9 of 12.
    assert pixel_auroc(masks, anomaly_maps) == pytest.approx(0.75)


def test_single_class_rejected():
    with pytest.raises(ValueError, match="must contain both 0"):
        image_auroc(np.array([1, 1, 1]), np.array([0.1, 0.2, 0.3]))
    with pytest.raises(ValueError, match="must contain both 0"):
        pixel_auroc(np.zeros((1, 2, 2), dtype=bool), np.zeros((1, 2, 2)))


def test_pixel_shape_mismatch_rejected():
    with pytest.raises(ValueError, match="do not match"):
        pixel_auroc(np.zeros((1, 2, 2), dtype=bool), np.zeros((1, 4, 4)))
