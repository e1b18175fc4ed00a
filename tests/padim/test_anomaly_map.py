import numpy as np
import pytest
from scipy import ndimage

from padim_studio.padim.anomaly_map import (
    compute_anomaly_maps,
    gaussian_blur,
    image_scores,
    upsample_bilinear,
)


def _half_pixel_weights(size_in: int, size_out: int) -> np.ndarray:
    """Build the (size_out, size_in) linear-interpolation matrix with aligned pixel centres.

    Sample positions beyond the outer centres are clamped to the edge values.
    """
    source = np.clip((np.arange(size_out) + 0.5) * size_in / size_out - 0.5, 0, size_in - 1)
    lower = np.floor(source).astype(int)
    upper = np.minimum(lower + 1, size_in - 1)
    fraction = source - lower
    weights = np.zeros((size_out, size_in))
    weights[np.arange(size_out), lower] += 1.0 - fraction
    weights[np.arange(size_out), upper] += fraction
    return weights


def test_blur_matches_scipy_sigma_4():
    maps = np.random.default_rng(0).random((3, 40, 40))

    blurred = gaussian_blur(maps)

    for index in range(3):
        expected = ndimage.gaussian_filter(maps[index], sigma=4)
        np.testing.assert_allclose(blurred[index], expected, rtol=1e-12, atol=1e-12)


def test_blur_keeps_maps_separate():
    maps = np.zeros((2, 33, 33))
    maps[0, 16, 16] = 1.0

    blurred = gaussian_blur(maps)

    assert blurred[0].sum() == pytest.approx(1.0)
    assert np.count_nonzero(blurred[1]) == 0


def test_upsample_known_values():
    maps = np.array([[[0.0, 1.0], [2.0, 3.0]]])

    upsampled = upsample_bilinear(maps, (4, 4))

    # Along each axis [0, 1] becomes [0, 0.25, 0.75, 1], as in torch with align_corners=False.
    axis = np.array([0.0, 0.25, 0.75, 1.0])
    expected = 2.0 * axis[:, None] + axis[None, :]
    np.testing.assert_allclose(upsampled[0], expected, atol=1e-12)


def test_upsample_matches_half_pixel_formula():
    maps = np.random.default_rng(1).random((2, 8, 6))

    upsampled = upsample_bilinear(maps, (32, 24))

    expected = _half_pixel_weights(8, 32) @ maps @ _half_pixel_weights(6, 24).T
    np.testing.assert_allclose(upsampled, expected, atol=1e-12)


def test_upsample_keeps_constant():
    upsampled = upsample_bilinear(np.full((1, 32, 32), 2.5), (128, 128))

    assert upsampled.shape == (1, 128, 128)
    np.testing.assert_allclose(upsampled, 2.5)


def test_anomaly_map_is_blurred_upsampled_distance():
    distances = np.random.default_rng(2).random((2, 32, 32))

    anomaly_maps = compute_anomaly_maps(distances, (128, 128), sigma=4.0)

    expected = gaussian_blur(upsample_bilinear(distances, (128, 128)), 4.0)
    np.testing.assert_array_equal(anomaly_maps, expected)


def test_image_score_is_maximum():
    anomaly_maps = np.zeros((2, 5, 5))
    anomaly_maps[0, 1, 2] = 3.0
    anomaly_maps[1] = 0.5
    anomaly_maps[1, 4, 4] = 0.75

    np.testing.assert_array_equal(image_scores(anomaly_maps), [3.0, 0.75])
