"""Whitening and cross-dim correlation, against direct numpy formulas."""

import numpy as np
import pytest

from padim_studio.padim.correlation import layer_of_channels, mean_abs_correlation
from padim_studio.padim.whitening import whiten


@pytest.fixture
def cloud():
    generator = np.random.default_rng(3)
    covariance = np.array([[2.0, 1.2], [1.2, 1.0]])
    points = generator.multivariate_normal([1.0, -2.0], covariance, size=200)
    return points, points.mean(axis=0), np.cov(points, rowvar=False)


def test_whitened_norm_is_mahalanobis(cloud):
    points, mean, covariance = cloud
    whitened = whiten(points, mean, covariance)
    differences = points - mean
    mahalanobis = np.sqrt(np.einsum("nd,nd->n", differences, np.linalg.solve(covariance, differences.T).T))
    np.testing.assert_allclose(np.linalg.norm(whitened, axis=1), mahalanobis, rtol=1e-10)


def test_whitened_cloud_has_identity_covariance(cloud):
    points, mean, covariance = cloud
    np.testing.assert_allclose(np.cov(whiten(points, mean, covariance), rowvar=False), np.eye(2), atol=1e-10)


def test_whiten_single_point_keeps_shape(cloud):
    _, mean, covariance = cloud
    assert whiten(mean + 1.0, mean, covariance).shape == (2,)


def test_whiten_rejects_singular_covariance():
    with pytest.raises(np.linalg.LinAlgError):
        whiten(np.zeros((3, 2)), np.zeros(2), np.array([[1.0, 1.0], [1.0, 1.0]]))


def test_mean_abs_correlation_matches_corrcoef():
    generator = np.random.default_rng(5)
    samples = generator.normal(size=(2, 3, 50, 4))
    samples[..., 1] += samples[..., 0]
    covariances = np.einsum("hwnd,hwne->hwde", samples - samples.mean(2, keepdims=True), samples - samples.mean(2, keepdims=True)) / 49
    expected = np.mean([np.abs(np.corrcoef(samples[h, w], rowvar=False)) for h in range(2) for w in range(3)], axis=0)
    np.testing.assert_allclose(mean_abs_correlation(covariances), expected, rtol=1e-10)


def test_layer_of_channels_by_stage_counts():
    np.testing.assert_array_equal(layer_of_channels(np.array([0, 22, 23, 53, 54, 92]), (23, 31, 39)), [0, 0, 1, 1, 2, 2])


def test_layer_of_channels_rejects_out_of_range():
    with pytest.raises(ValueError, match=r"\[0, 93\)"):
        layer_of_channels(np.array([93]), (23, 31, 39))
