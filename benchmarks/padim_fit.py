"""Time PaDiM fit and score on the synthetic demo set, with the cache bypassed.

Run from the repository root:

    .venv/bin/python benchmarks/padim_fit.py --runs 7

Each run times three phases on the same generated data: embedding and
fitting the training images, embedding and scoring the test images, and the
whole ``compute_demo`` call (data generation, fit, score and metrics).
The target is under 10 s for ``compute_demo`` on a two-core machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import time

import numpy as np
import scipy

from padim_studio.padim.demo import DemoParameters, compute_demo
from padim_studio.padim.embedding import embed_images
from padim_studio.padim.model import fit_padim, score_padim
from padim_studio.padim.synthetic import make_dataset

TARGET_DURATION_S = 10.0


def time_runs(function, runs: int) -> list[float]:
    """Call ``function`` ``runs`` times and return each duration in seconds."""
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        durations.append(time.perf_counter() - start)
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=5, help="number of timed runs per phase (default: 5)"
    )
    arguments = parser.parse_args()
    if arguments.runs < 1:
        parser.error(f"--runs must be at least 1, got {arguments.runs}")

    parameters = DemoParameters()
    data = make_dataset(
        seed=parameters.data_seed,
        train_count=parameters.train_count,
        normal_test_count=parameters.normal_test_count,
        defects_per_kind=parameters.defects_per_kind,
        image_size=parameters.image_size,
    )
    image_shape = data.test_images.shape[1:3]

    def fit():
        return fit_padim(
            embed_images(data.train_images),
            parameters.dims,
            parameters.channel_seed,
            parameters.epsilon,
        )

    model = fit()

    def score():
        test_embeddings = embed_images(data.test_images)
        return score_padim(model, test_embeddings, image_shape, parameters.blur_sigma_px)

    phases = {
        f"embed + fit, {len(data.train_images)} training images": fit,
        f"embed + score, {len(data.test_images)} test images": score,
        "compute_demo end to end": lambda: compute_demo(parameters),
    }

    print(f"date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(
        f"cpu_count: {os.cpu_count()}, machine: {platform.machine()}, "
        f"python {platform.python_version()}"
    )
    print(f"numpy {np.__version__}, scipy {scipy.__version__}")
    print(
        f"data: {parameters.image_size} x {parameters.image_size} px, "
        f"grid {model.means.shape[0]} x {model.means.shape[1]}, "
        f"D = {parameters.dims}, runs = {arguments.runs}"
    )
    for name, function in phases.items():
        durations = time_runs(function, arguments.runs)
        print(f"{name}: min {min(durations):.3f} s, median {statistics.median(durations):.3f} s")
    print(f"target: compute_demo under {TARGET_DURATION_S:.0f} s on two cores")


if __name__ == "__main__":
    main()
