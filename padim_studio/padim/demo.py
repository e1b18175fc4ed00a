"""Run PaDiM end to end on the synthetic demo set and cache the results the videos draw.

``load_demo()`` returns a ``DemoResult``. The first call generates the data,
fits and scores, and writes every array to an ``.npz`` file. Later calls with
the same parameters and the same package code read that file instead.

Example
-------
>>> from padim_studio.padim.demo import load_demo, project_2d
>>> result = load_demo()
>>> points, mean, covariance = project_2d(result.position_samples(16, 16), dims=(0, 1))
"""

from __future__ import annotations

import zipfile
from os import PathLike

import numpy as np

from padim_studio.log import logger
from padim_studio.padim import embedding
from padim_studio.padim.demo_cache import cache_path, read_result, write_result
from padim_studio.padim.demo_result import DemoParameters, DemoResult, project_2d
from padim_studio.padim.metrics import image_auroc, pixel_auroc
from padim_studio.padim.model import fit_padim, score_padim
from padim_studio.padim.synthetic import NORMAL_KIND, make_dataset

__all__ = ["DemoParameters", "DemoResult", "compute_demo", "load_demo", "project_2d"]


def load_demo(
    cache_dir: str | PathLike | None = None, parameters: DemoParameters = DemoParameters()
) -> DemoResult:
    """Load the demo result from the cache, or compute it and write it to the cache.

    Parameters
    ----------
    cache_dir : path, optional
        Folder of the ``.npz`` files. Without it, ``$PADIM_STUDIO_CACHE`` is
        used if set, else ``<repo>/media/cache/padim``.
    parameters : DemoParameters
        Settings of the run. Every field is part of the cache file name.

    A cache file that cannot be read, or that was written for other
    parameters, is logged as a warning and replaced. If the file cannot be
    written, a warning is logged and the computed result is still returned.
    """
    path = cache_path(parameters, cache_dir)
    if path.exists():
        try:
            return read_result(path, parameters)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
            logger.warning(
                "Demo cache %s could not be read (%s), so it is computed again", path, error
            )

    result = compute_demo(parameters)
    try:
        write_result(result, path)
    except OSError as error:
        logger.warning(
            "Demo cache %s could not be written (%s), so the result is not cached", path, error
        )
    return result


def compute_demo(parameters: DemoParameters = DemoParameters()) -> DemoResult:
    """Generate the demo set, fit PaDiM and score the test images, without any cache."""
    data = make_dataset(
        seed=parameters.data_seed,
        train_count=parameters.train_count,
        normal_test_count=parameters.normal_test_count,
        defects_per_kind=parameters.defects_per_kind,
        image_size=parameters.image_size,
    )
    example_matches = np.flatnonzero(data.test_kinds == parameters.stage_example_kind)
    if example_matches.size == 0:
        raise ValueError(
            f"stage_example_kind {parameters.stage_example_kind!r} is not in the test set, "
            f"which has {sorted(set(data.test_kinds.tolist()))}"
        )
    example_index = int(example_matches[0])

    train_embeddings = embedding.embed_images(data.train_images)
    test_stage_maps = embedding.extract_stage_maps(data.test_images)
    test_embeddings = embedding.concatenate_stages(test_stage_maps)

    model = fit_padim(
        train_embeddings, parameters.dims, parameters.channel_seed, parameters.epsilon
    )
    image_shape = data.test_images.shape[1:3]
    scores = score_padim(model, test_embeddings, image_shape, parameters.blur_sigma_px)

    normal_scores = scores.image_scores[data.test_kinds == NORMAL_KIND]
    return DemoResult(
        parameters=parameters,
        train_images=data.train_images,
        test_images=data.test_images,
        test_masks=data.test_masks,
        test_labels=data.test_labels,
        test_kinds=data.test_kinds,
        stage_example_index=example_index,
        stage_maps=tuple(stage_map[example_index] for stage_map in test_stage_maps),
        selected_channels=model.selected_channels,
        train_embeddings=train_embeddings[..., model.selected_channels],
        test_embeddings=test_embeddings[..., model.selected_channels],
        means=model.means,
        covariances=model.covariances,
        distance_maps=scores.distance_maps,
        anomaly_maps=scores.anomaly_maps,
        image_scores=scores.image_scores,
        image_auroc=image_auroc(data.test_labels, scores.image_scores),
        pixel_auroc=pixel_auroc(data.test_masks, scores.anomaly_maps),
        threshold=float(normal_scores.max()),
    )
