import dataclasses
import logging

import numpy as np
import pytest

from padim_studio.padim import demo
from padim_studio.padim.demo import DemoParameters, load_demo
from padim_studio.padim.demo_cache import cache_path, read_result

# A small run keeps these tests fast, and the cache does not depend on the size.
SMALL = DemoParameters(train_count=8, normal_test_count=2, defects_per_kind=1, dims=8)


def _fail_if_called(parameters):
    raise AssertionError("compute_demo ran although the cache file exists")


def test_second_load_reads_cache(tmp_path, monkeypatch):
    first = load_demo(tmp_path, SMALL)
    monkeypatch.setattr(demo, "compute_demo", _fail_if_called)

    second = load_demo(tmp_path, SMALL)

    for field in dataclasses.fields(first):
        name = field.name
        if name in ("parameters", "stage_maps"):
            continue
        np.testing.assert_array_equal(getattr(second, name), getattr(first, name), err_msg=name)
    for stored, computed in zip(second.stage_maps, first.stage_maps):
        np.testing.assert_array_equal(stored, computed)
    assert second.parameters == SMALL
    assert isinstance(second.image_auroc, float)
    assert isinstance(second.stage_example_index, int)
    assert second.test_kinds.tolist() == first.test_kinds.tolist()


def test_cache_written_without_temporary_files(tmp_path):
    load_demo(tmp_path, SMALL)

    assert [path.name for path in tmp_path.iterdir()] == [cache_path(SMALL, tmp_path).name]


@pytest.mark.parametrize(
    "change",
    [
        {"data_seed": 1},
        {"train_count": 9},
        {"dims": 9},
        {"channel_seed": 1},
        {"epsilon": 0.02},
        {"blur_sigma_px": 2.0},
        {"stage_example_kind": "stain"},
    ],
)
def test_changed_parameter_changes_file_name(tmp_path, change):
    changed = dataclasses.replace(SMALL, **change)

    assert cache_path(changed, tmp_path) != cache_path(SMALL, tmp_path)
    assert cache_path(changed, tmp_path).name.startswith("padim_demo_v")


def test_same_parameters_same_file_name(tmp_path):
    assert cache_path(SMALL, tmp_path) == cache_path(dataclasses.replace(SMALL), tmp_path)


def test_cache_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PADIM_STUDIO_CACHE", str(tmp_path / "from_env"))

    assert cache_path(SMALL).parent == tmp_path / "from_env"
    assert cache_path(SMALL, tmp_path / "argument").parent == tmp_path / "argument"


def test_default_cache_dir_under_media(monkeypatch):
    monkeypatch.delenv("PADIM_STUDIO_CACHE", raising=False)

    assert cache_path(SMALL).parent.parts[-3:] == ("media", "cache", "padim")


def test_damaged_cache_recomputed(tmp_path, caplog):
    path = cache_path(SMALL, tmp_path)
    path.write_bytes(b"not an npz file")

    with caplog.at_level(logging.WARNING, logger="padim_studio"):
        result = load_demo(tmp_path, SMALL)

    assert "could not be read" in caplog.text
    assert result.parameters == SMALL
    assert read_result(path, SMALL).image_auroc == result.image_auroc


def test_cache_of_other_parameters_rejected(tmp_path):
    load_demo(tmp_path, SMALL)
    path = cache_path(SMALL, tmp_path)

    with pytest.raises(ValueError, match="written for other parameters"):
        read_result(path, dataclasses.replace(SMALL, dims=9))
