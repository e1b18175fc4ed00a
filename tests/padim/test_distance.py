import numpy as np
import pytest

from padim_studio.padim.distance import invert_covariances, mahalanobis_distances
from padim_studio.padim.gaussian import fit_gaussians


@pytest.fixture
def model():
    rng = np.random.default_rng(2)
    train = rng.normal(size=(20, 3, 4, 5)) @ rng.normal(size=(5, 5))
    means, covariances = fit_gaussians(train)
    return means, covariances


def test_batched_distance_matches_naive(model):
    means, covariances = model
    test = np.random.default_rng(3).normal(size=(7, 3, 4, 5))

    distances = mahalanobis_distances(test, means, invert_covariances(covariances))

    expected = np.empty((7, 3, 4))
    for image in range(7):
        for row in range(3):
            for column in range(4):
                difference = test[image, row, column] - means[row, column]
                inverse = np.linalg.inv(covariances[row, column])
                expected[image, row, column] = np.sqrt(difference @ inverse @ difference)
    np.testing.assert_allclose(distances, expected, rtol=1e-10)


def test_inverse_times_covariance_is_identity(model):
    _, covariances = model
    products = invert_covariances(covariances) @ covariances

    np.testing.assert_allclose(products, np.broadcast_to(np.eye(5), products.shape), atol=1e-10)


def test_distance_at_mean_is_zero(model):
    means, covariances = model
    distances = mahalanobis_distances(means[None], means, invert_covariances(covariances))

    np.testing.assert_array_equal(distances, np.zeros((1, 3, 4)))


def test_identity_covariance_gives_euclidean_distance():
    means = np.zeros((1, 1, 3))
    precisions = np.eye(3)[None, None]
    test = np.array([3.0, 4.0, 0.0]).reshape(1, 1, 1, 3)

    assert mahalanobis_distances(test, means, precisions)[0, 0, 0] == pytest.approx(5.0)


def test_non_positive_definite_covariance_rejected():
    covariances = np.array([[1.0, 2.0], [2.0, 1.0]])[None, None]

    with pytest.raises(np.linalg.LinAlgError):
        invert_covariances(covariances)


def test_mismatched_grid_rejected(model):
    means, covariances = model

    with pytest.raises(ValueError, match="do not match means"):
        mahalanobis_distances(np.zeros((2, 4, 3, 5)), means, invert_covariances(covariances))
