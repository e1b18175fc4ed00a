import numpy as np
import pytest

from padim_studio.padim import model as model_module
from padim_studio.padim.channel_subset import draw_channel_subset
from padim_studio.padim.model import fit_padim, score_padim


def test_subset_deterministic_for_seed():
    first = draw_channel_subset(93, 32, seed=5)
    second = draw_channel_subset(93, 32, seed=5)

    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, draw_channel_subset(93, 32, seed=6))


def test_subset_distinct_sorted_in_range():
    indices = draw_channel_subset(93, 32, seed=0)

    assert indices.shape == (32,)
    assert len(set(indices.tolist())) == 32
    assert np.all(np.diff(indices) > 0)
    assert indices.min() >= 0
    assert indices.max() < 93


@pytest.mark.parametrize("dims", [0, 94])
def test_subset_size_out_of_range_rejected(dims):
    with pytest.raises(ValueError, match="dims must be between 1 and 93"):
        draw_channel_subset(93, dims, seed=0)


def test_subset_drawn_once_and_reused_for_test(monkeypatch):
    draws = []

    def counting_draw(total_channels, dims, seed):
        indices = draw_channel_subset(total_channels, dims, seed)
        draws.append(indices)
        return indices

    monkeypatch.setattr(model_module, "draw_channel_subset", counting_draw)
    rng = np.random.default_rng(0)
    train = rng.normal(size=(10, 2, 3, 12))
    test = rng.normal(size=(4, 2, 3, 12))

    model = fit_padim(train, dims=5, channel_seed=1)
    scores = score_padim(model, test, image_shape=(8, 12))

    # Channels outside the subset must not change the test distances.
    noisy_test = test.copy()
    unselected = np.setdiff1d(np.arange(12), model.selected_channels)
    noisy_test[..., unselected] += 100.0
    noisy_scores = score_padim(model, noisy_test, image_shape=(8, 12))

    assert len(draws) == 1
    np.testing.assert_array_equal(model.selected_channels, draws[0])
    np.testing.assert_array_equal(scores.distance_maps, noisy_scores.distance_maps)
