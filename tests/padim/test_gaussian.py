import numpy as np
import pytest

from padim_studio.padim.gaussian import fit_gaussians


@pytest.fixture
def embeddings():
    rng = np.random.default_rng(0)
    mixing = rng.normal(size=(6, 6))
    return rng.normal(size=(12, 4, 5, 6)) @ mixing + rng.normal(size=(4, 5, 6))


@pytest.mark.parametrize("position", [(0, 0), (1, 3), (3, 4)])
def test_covariance_matches_numpy(embeddings, position):
    means, covariances = fit_gaussians(embeddings, epsilon=0.01)
    row, column = position
    samples = embeddings[:, row, column, :]

    expected = np.cov(samples, rowvar=False) + 0.01 * np.eye(6)
    np.testing.assert_allclose(covariances[row, column], expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(means[row, column], samples.mean(axis=0), rtol=1e-12, atol=1e-12)


def test_fit_output_shapes(embeddings):
    means, covariances = fit_gaussians(embeddings)

    assert means.shape == (4, 5, 6)
    assert covariances.shape == (4, 5, 6, 6)


def test_default_epsilon_is_one_hundredth(embeddings):
    _, regularised = fit_gaussians(embeddings)
    _, plain = fit_gaussians(embeddings, epsilon=0.0)

    expected = np.broadcast_to(0.01 * np.eye(6), plain.shape)
    np.testing.assert_allclose(regularised - plain, expected, atol=1e-12)


def test_covariance_invertible_with_fewer_images_than_dims():
    samples = np.random.default_rng(1).normal(size=(3, 2, 2, 10))
    _, covariances = fit_gaussians(samples)

    # Raises LinAlgError unless every matrix is positive definite.
    np.linalg.cholesky(covariances)
    assert np.linalg.eigvalsh(covariances).min() >= 0.01 - 1e-12


def test_single_image_rejected():
    with pytest.raises(ValueError, match="at least 2 training images, got 1"):
        fit_gaussians(np.zeros((1, 2, 2, 3)))


def test_wrong_rank_rejected():
    with pytest.raises(ValueError, match=r"\(N, H, W, D\)"):
        fit_gaussians(np.zeros((5, 3)))
