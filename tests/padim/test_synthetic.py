import numpy as np
import pytest

from padim_studio.padim.synthetic import DEFECT_KINDS, make_dataset, render_image


def test_dataset_deterministic_for_seed():
    first = make_dataset(seed=3, train_count=5)
    second = make_dataset(seed=3, train_count=5)

    np.testing.assert_array_equal(first.train_images, second.train_images)
    np.testing.assert_array_equal(first.test_images, second.test_images)
    np.testing.assert_array_equal(first.test_masks, second.test_masks)
    np.testing.assert_array_equal(first.test_kinds, second.test_kinds)


def test_dataset_differs_between_seeds():
    first = make_dataset(seed=3, train_count=5)
    second = make_dataset(seed=4, train_count=5)

    assert not np.array_equal(first.train_images, second.train_images)
    assert not np.array_equal(first.test_masks, second.test_masks)


def test_dataset_shapes_and_range():
    data = make_dataset(seed=0, train_count=6, normal_test_count=3, defects_per_kind=2)

    assert data.train_images.shape == (6, 128, 128, 3)
    assert data.test_images.shape == (3 + 2 * len(DEFECT_KINDS), 128, 128, 3)
    assert data.test_masks.shape == data.test_images.shape[:3]
    assert data.train_images.dtype == np.float32
    assert data.test_masks.dtype == bool
    assert data.train_images.min() >= 0.0
    assert data.train_images.max() <= 1.0
    assert data.test_images.min() >= 0.0
    assert data.test_images.max() <= 1.0


def test_every_defect_kind_present():
    data = make_dataset(seed=0, train_count=2, defects_per_kind=2)

    for kind in DEFECT_KINDS:
        assert np.count_nonzero(data.test_kinds == kind) == 2, kind
    assert np.count_nonzero(data.test_kinds == "normal") == 4


def test_masks_match_labels():
    data = make_dataset(seed=0, train_count=2)

    for mask, label, kind in zip(data.test_masks, data.test_labels, data.test_kinds):
        if kind == "normal":
            assert label == 0
            assert not mask.any()
        else:
            assert label == 1, kind
            assert mask.any(), f"{kind} mask is empty"


def test_defect_changes_masked_pixels():
    # Two generators with one seed render the same fabric, so the defect is the only difference.
    for kind in DEFECT_KINDS:
        clean, _ = render_image(np.random.default_rng(7), 128, "normal")
        defective, mask = render_image(np.random.default_rng(7), 128, kind)
        difference = np.abs(defective - clean).max(axis=-1)

        assert difference[mask].mean() > 0.1, kind


def test_normal_images_roughly_aligned():
    # PaDiM models each position separately, so normal images must line up.
    data = make_dataset(seed=0, train_count=10)
    luminance = data.train_images.mean(axis=-1).reshape(10, -1)
    correlations = np.corrcoef(luminance)[np.triu_indices(10, k=1)]

    assert correlations.min() > 0.4
    assert not np.array_equal(data.train_images[0], data.train_images[1])


def test_unknown_kind_rejected():
    with pytest.raises(ValueError, match="unknown image kind 'crack'"):
        render_image(np.random.default_rng(0), 128, "crack")


def test_small_image_size_rejected():
    with pytest.raises(ValueError, match="image_size"):
        make_dataset(image_size=48)
