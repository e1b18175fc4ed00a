"""Parameters and results of the demo run, with helpers for the 2-D views the videos draw."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from padim_studio.padim import embedding
from padim_studio.padim.gaussian import COVARIANCE_EPSILON


@dataclass(frozen=True)
class DemoParameters:
    """Every setting of the demo run. Each one is part of the cache file name.

    Attributes
    ----------
    data_seed : int
        Seed of the synthetic images and defects.
    dims : int
        Number D of embedding channels kept, out of sum(stage_channel_counts()) = 93.
    channel_seed : int
        Seed of the one random draw of channels.
    epsilon : float
        Weight of the identity added to every covariance.
    blur_sigma_px : float
        Standard deviation in pixels of the blur on the upsampled maps.
    stage_example_kind : str
        Kind of the test image whose stage maps ``DemoResult`` keeps.
    """

    data_seed: int = 0
    train_count: int = 40
    normal_test_count: int = 4
    defects_per_kind: int = 2
    image_size: int = 128
    dims: int = 32
    channel_seed: int = 0
    epsilon: float = COVARIANCE_EPSILON
    blur_sigma_px: float = 4.0
    stage_example_kind: str = "hole"


@dataclass(frozen=True, eq=False)
class DemoResult:
    """Data, fitted model and scores of one demo run.

    Shapes: N training images and M test images of H_img x W_img pixels, an
    H x W grid of positions, D kept channels.

    Attributes
    ----------
    parameters : DemoParameters
    train_images : ndarray of float32, shape (N, H_img, W_img, 3)
    test_images : ndarray of float32, shape (M, H_img, W_img, 3)
        Normal test images first, then the defective ones.
    test_masks : ndarray of bool, shape (M, H_img, W_img)
        Ground-truth defect pixels. All False for normal images.
    test_labels : ndarray of int64, shape (M,)
        0 for normal, 1 for defective.
    test_kinds : ndarray of str, shape (M,)
        ``"normal"``, ``"scratch"``, ``"hole"``, ``"stain"`` or ``"misprint"``.
    stage_example_index : int
        Index into the test images of the image whose stage maps are kept:
        the first test image of kind ``parameters.stage_example_kind``.
    stage_maps : tuple of 3 ndarrays of float32, shapes (C_s, h_s, w_s)
        Feature-extractor output of that image at strides 4, 8 and 16.
    selected_channels : ndarray of int64, shape (D,)
        Indices of the kept channels out of C = sum of C_s.
    train_embeddings : ndarray of float32, shape (N, H, W, D)
    test_embeddings : ndarray of float32, shape (M, H, W, D)
        Kept channels of every position, before any fitting.
    means : ndarray of float64, shape (H, W, D)
    covariances : ndarray of float64, shape (H, W, D, D)
        Unbiased covariances plus ``parameters.epsilon`` times the identity.
    distance_maps : ndarray of float64, shape (M, H, W)
        Mahalanobis distances of the test patches.
    anomaly_maps : ndarray of float64, shape (M, H_img, W_img)
        Distance maps after bilinear upsampling and Gaussian blur.
    image_scores : ndarray of float64, shape (M,)
        Maximum of each anomaly map.
    image_auroc, pixel_auroc : float
        Areas under the ROC curve over the test images and over their pixels.
    threshold : float
        Display threshold on the anomaly-map scale: the maximum image score
        among the normal test images, so every normal test image lies at or
        below it. It is read off the test set for illustration only and is
        not an operating point that PaDiM chooses.
    """

    parameters: DemoParameters
    train_images: np.ndarray
    test_images: np.ndarray
    test_masks: np.ndarray
    test_labels: np.ndarray
    test_kinds: np.ndarray
    stage_example_index: int
    stage_maps: tuple[np.ndarray, ...]
    selected_channels: np.ndarray
    train_embeddings: np.ndarray
    test_embeddings: np.ndarray
    means: np.ndarray
    covariances: np.ndarray
    distance_maps: np.ndarray
    anomaly_maps: np.ndarray
    image_scores: np.ndarray
    image_auroc: float
    pixel_auroc: float
    threshold: float

    @property
    def grid_shape(self) -> tuple[int, int]:
        """Grid of positions (H, W)."""
        return self.means.shape[0], self.means.shape[1]

    @property
    def stride(self) -> int:
        """Pixels between neighbouring positions of the grid."""
        return embedding.STAGE_STRIDES[0]

    @property
    def stage_strides(self) -> tuple[int, ...]:
        """Stride in pixels of each stage map."""
        return embedding.STAGE_STRIDES

    def position_samples(self, row: int, column: int) -> np.ndarray:
        """Return the N training vectors of position (row, column), shape (N, D)."""
        self._check_position(row, column)
        return self.train_embeddings[:, row, column, :]

    def position_gaussian_2d(
        self, row: int, column: int, dims: tuple[int, int] = (0, 1)
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return the fitted mean (2,) and covariance (2, 2) of one position in two dims.

        This is the marginal of the position's Gaussian, the ellipse the videos draw.
        """
        self._check_position(row, column)
        index = list(dims)
        mean = self.means[row, column, index]
        covariance = self.covariances[row, column][np.ix_(index, index)]
        return mean, covariance

    def _check_position(self, row: int, column: int) -> None:
        height, width = self.grid_shape
        if not (0 <= row < height and 0 <= column < width):
            raise IndexError(
                f"position ({row}, {column}) is outside the {height} x {width} grid"
            )


def project_2d(
    samples: np.ndarray, dims: tuple[int, int] = (0, 1), epsilon: float = COVARIANCE_EPSILON
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep two dims of a position's training vectors and fit their 2-D Gaussian.

    Parameters
    ----------
    samples : ndarray, shape (N, D)
        For example ``DemoResult.position_samples(row, column)``.
    dims : (a, b)
        The two dims to keep.
    epsilon : float
        Added to the diagonal, as in the fit, so the result equals
        ``DemoResult.position_gaussian_2d`` for the same position and dims.

    Returns
    -------
    points : ndarray, shape (N, 2)
    mean : ndarray, shape (2,)
    covariance : ndarray, shape (2, 2)
    """
    points = np.asarray(samples, dtype=np.float64)[:, list(dims)]
    covariance = np.cov(points, rowvar=False) + epsilon * np.eye(2)
    return points, points.mean(axis=0), covariance
