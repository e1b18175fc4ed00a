"""Compute the size and scoring cost of a fitted PaDiM model.

A PaDiM model (Defard et al., arXiv 2011.08785) stores, for each of the
H x W positions, a mean of D numbers and an inverse covariance of D x D
numbers. The figures assume float32 and count neither the backbone weights
nor any saving from the symmetry of the matrices.
"""

from __future__ import annotations

from dataclasses import dataclass

BYTES_PER_FLOAT32 = 4
BYTES_PER_GB = 1e9


@dataclass(frozen=True)
class ModelSetting:
    """A backbone with its embedding size D and its number of positions H x W.

    At 224 x 224 input, layer1 of ResNet-18 and of Wide ResNet-50-2 gives 56 x 56 positions.
    """

    name: str
    positions: int
    dims: int


PAPER_SETTINGS = (
    ModelSetting("R18-Rd100", positions=56 * 56, dims=100),
    ModelSetting("WR50-Rd550", positions=56 * 56, dims=550),
    ModelSetting("R18 all 448", positions=56 * 56, dims=448),
    ModelSetting("WR50 all 1792", positions=56 * 56, dims=1792),
)


def model_size_bytes(positions: int, dims: int, bytes_per_number: int = BYTES_PER_FLOAT32) -> int:
    """Compute the size in bytes of all means and inverse covariances.

    The size is H*W * (D^2 + D) * ``bytes_per_number``, which is 4 for float32.
    """
    return positions * (dims**2 + dims) * bytes_per_number


def multiply_adds_per_image(positions: int, dims: int) -> int:
    """Estimate the multiply-adds to score one image with stored inverses, H*W * (D^2 + D).

    Each position costs D^2 for the product with the inverse covariance and D
    for the final dot product. The subtraction of the mean is not counted.
    """
    return positions * (dims**2 + dims)


def model_size_table(settings=PAPER_SETTINGS) -> list[tuple[str, int, int, float]]:
    """Return (name, positions, D, size in GB) for each setting, with 1 GB = 1e9 bytes."""
    rows = []
    for setting in settings:
        size_gb = model_size_bytes(setting.positions, setting.dims) / BYTES_PER_GB
        rows.append((setting.name, setting.positions, setting.dims, size_gb))
    return rows
