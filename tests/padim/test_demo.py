import numpy as np
import pytest

from padim_studio.padim.channel_subset import draw_channel_subset
from padim_studio.padim.demo import DemoParameters, compute_demo, project_2d
from padim_studio.padim.embedding import embed_images, stage_channel_counts


@pytest.fixture(scope="module")
def result():
    return compute_demo(DemoParameters())


def test_demo_image_auroc(result):
    assert result.image_auroc >= 0.95, f"image AUROC {result.image_auroc:.4f}"


def test_demo_pixel_auroc(result):
    assert result.pixel_auroc >= 0.90, f"pixel AUROC {result.pixel_auroc:.4f}"


def test_demo_peak_inside_defect(result):
    # The mask is not dilated, so the maximum of the anomaly map must hit a defect pixel itself.
    defective = np.flatnonzero(result.test_labels == 1)
    assert defective.size == 8

    for index in defective:
        anomaly_map = result.anomaly_maps[index]
        row, column = np.unravel_index(np.argmax(anomaly_map), anomaly_map.shape)
        kind = result.test_kinds[index]
        message = f"{kind} image {index}: peak at ({row}, {column}) is outside the mask"
        assert result.test_masks[index, row, column], message


def test_demo_threshold_is_max_normal_score(result):
    normal_scores = result.image_scores[result.test_labels == 0]

    assert result.threshold == normal_scores.max()


def test_demo_shapes(result):
    grid = (32, 32)
    dims = result.parameters.dims

    assert result.grid_shape == grid
    assert result.stride == 4
    assert result.selected_channels.shape == (dims,)
    assert result.means.shape == (*grid, dims)
    assert result.covariances.shape == (*grid, dims, dims)
    assert result.train_embeddings.shape == (40, *grid, dims)
    assert result.test_embeddings.shape == (12, *grid, dims)
    assert result.distance_maps.shape == (12, *grid)
    assert result.anomaly_maps.shape == (12, 128, 128)
    assert result.image_scores.shape == (12,)
    assert result.test_masks.dtype == bool


def test_demo_stage_maps_of_example(result):
    assert result.test_kinds[result.stage_example_index] == "hole"
    shapes = [stage_map.shape for stage_map in result.stage_maps]
    counts = stage_channel_counts()

    assert shapes == [(counts[0], 32, 32), (counts[1], 16, 16), (counts[2], 8, 8)]


def test_demo_same_channels_for_train_and_test(result):
    parameters = result.parameters
    total_channels = sum(stage_channel_counts())
    expected = draw_channel_subset(total_channels, parameters.dims, parameters.channel_seed)
    np.testing.assert_array_equal(result.selected_channels, expected)

    train_full = embed_images(result.train_images[:2])
    test_full = embed_images(result.test_images[:2])
    np.testing.assert_array_equal(result.train_embeddings[:2], train_full[..., expected])
    np.testing.assert_array_equal(result.test_embeddings[:2], test_full[..., expected])


def test_project_2d_matches_fitted_marginal(result):
    samples = result.position_samples(10, 20)
    points, mean, covariance = project_2d(samples, dims=(3, 7))
    fitted_mean, fitted_covariance = result.position_gaussian_2d(10, 20, dims=(3, 7))

    assert samples.shape == (40, result.parameters.dims)
    assert points.shape == (40, 2)
    np.testing.assert_allclose(mean, fitted_mean, rtol=1e-6)
    np.testing.assert_allclose(covariance, fitted_covariance, rtol=1e-5)


def test_position_outside_grid_rejected(result):
    with pytest.raises(IndexError, match=r"position \(32, 0\) is outside the 32 x 32 grid"):
        result.position_samples(32, 0)
    with pytest.raises(IndexError, match="outside"):
        result.position_gaussian_2d(0, -1)


def test_unknown_example_kind_rejected():
    with pytest.raises(ValueError, match="stage_example_kind 'crack'"):
        compute_demo(DemoParameters(train_count=4, stage_example_kind="crack"))
