import numpy as np
import pytest

from padim_studio.padim.embedding import (
    STAGE_STRIDES,
    concatenate_stages,
    embed_images,
    extract_stage_maps,
    stage_channel_counts,
)
from padim_studio.padim.synthetic import make_dataset


@pytest.fixture(scope="module")
def images():
    return make_dataset(seed=1, train_count=3).train_images


def test_stage_map_shapes(images):
    stage_maps = extract_stage_maps(images)

    assert len(stage_maps) == 3
    for stage_map, stride, channels in zip(stage_maps, STAGE_STRIDES, stage_channel_counts()):
        assert stage_map.shape == (3, channels, 128 // stride, 128 // stride)


def test_stage_channel_counts_grow():
    counts = stage_channel_counts()

    assert counts[0] < counts[1] < counts[2]


def test_embedding_shape_and_rectified(images):
    embeddings = embed_images(images)

    assert embeddings.shape == (3, 32, 32, sum(stage_channel_counts()))
    assert embeddings.min() >= 0.0


def test_concatenation_uses_nearest_neighbour():
    rng = np.random.default_rng(0)
    stage_maps = [rng.random((2, 3, 8, 8)), rng.random((2, 4, 4, 4)), rng.random((2, 5, 2, 2))]
    embeddings = concatenate_stages(stage_maps)

    assert embeddings.shape == (2, 8, 8, 12)
    for row in range(8):
        for column in range(8):
            np.testing.assert_array_equal(
                embeddings[:, row, column, :3], stage_maps[0][:, :, row, column]
            )
            np.testing.assert_array_equal(
                embeddings[:, row, column, 3:7], stage_maps[1][:, :, row // 2, column // 2]
            )
            np.testing.assert_array_equal(
                embeddings[:, row, column, 7:], stage_maps[2][:, :, row // 4, column // 4]
            )


def test_images_embedded_independently(images):
    batch = embed_images(images)
    alone = embed_images(images[1:2])

    np.testing.assert_allclose(alone[0], batch[1], rtol=1e-6, atol=1e-6)


def test_receptive_field_grows_per_stage(images):
    changed = images[:1].copy()
    changed[0, 64, 64, :] = 1.0 - changed[0, 64, 64, :]
    reference_maps = extract_stage_maps(images[:1])
    changed_maps = extract_stage_maps(changed)

    # Area in input pixels of the positions whose features moved.
    areas = []
    for reference, moved, stride in zip(reference_maps, changed_maps, STAGE_STRIDES):
        moved_positions = np.abs(moved - reference).max(axis=(0, 1)) > 1e-3
        areas.append(np.count_nonzero(moved_positions) * stride**2)
    assert areas[0] < areas[1] < areas[2], areas


def test_invalid_image_shape_rejected():
    with pytest.raises(ValueError, match=r"\(N, H_img, W_img, 3\)"):
        extract_stage_maps(np.zeros((2, 64, 64)))
    with pytest.raises(ValueError, match="multiples of 16"):
        extract_stage_maps(np.zeros((1, 72, 72, 3)))
