"""Extract multi-scale patch embeddings with a frozen, hand-built filter bank.

This module is a stand-in for the ImageNet-pretrained CNN of PaDiM (Defard
et al., arXiv 2011.08785). There, the embeddings are the outputs of layer1,
layer2 and layer3 of a ResNet-18 or a Wide ResNet-50-2, at strides 4, 8 and 16.
This project downloads no weights, so each stage here is a fixed bank of
Gaussian filters at a growing scale: smoothed colour, oriented first and
second Gaussian derivatives, and a difference of Gaussians. Responses are
rectified into positive and negative parts, as a ReLU would, and
average-pooled to 1/4, 1/8 and 1/16 of the input size. Like the CNN, the
bank is never trained. Unlike a CNN, every stage filters the input image
directly instead of the output of the previous stage.

Shapes: N images of H_img x W_img pixels, stage ``s`` with C_s channels on an
h_s x w_s grid, and embeddings with C channels on the finest H x W grid.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

STAGE_STRIDES = (4, 8, 16)
STAGE_SCALES_PX = (1.0, 2.0, 4.0)
STAGE_ORIENTATIONS = (4, 6, 8)

# Fixed gain on every response, so that the covariance regulariser 0.01 * I is
# small next to most channel variances. On the demo training set, 96 % of the
# channels have a median per-position variance above 0.01. With a gain of 1,
# the regulariser would exceed the median variance of every channel.
FEATURE_GAIN = 100.0

# ITU-R BT.601 luma weights of R, G and B.
_LUMA_WEIGHTS = np.array([0.299, 0.587, 0.114])


def stage_channel_counts() -> tuple[int, ...]:
    """Return the channel count C_s of each stage, (23, 31, 39).

    Each stage has 5 colour channels (luminance and two rectified opponent
    pairs), 2 rectified difference-of-Gaussians channels, and 2 rectified
    channels for each orientation of the first and of the second derivative.
    """
    return tuple(7 + 4 * orientations for orientations in STAGE_ORIENTATIONS)


def extract_stage_maps(images: np.ndarray) -> list[np.ndarray]:
    """Filter, rectify and pool the images at the three stage scales.

    Parameters
    ----------
    images : ndarray, shape (N, H_img, W_img, 3)
        RGB images in [0, 1]. H_img and W_img must be multiples of 16.

    Returns
    -------
    list of 3 ndarrays of float32, shapes (N, C_s, H_img / stride_s, W_img / stride_s)
        One map per stage, with strides ``STAGE_STRIDES`` and channel counts
        ``stage_channel_counts()``.
    """
    images = np.asarray(images, dtype=np.float64)
    if images.ndim != 4 or images.shape[-1] != 3:
        raise ValueError(f"images must have shape (N, H_img, W_img, 3), got {images.shape}")
    coarsest = STAGE_STRIDES[-1]
    if images.shape[1] % coarsest or images.shape[2] % coarsest:
        raise ValueError(
            f"image height and width must be multiples of {coarsest}, got {images.shape[1:3]}"
        )

    luma = images @ _LUMA_WEIGHTS
    red_green = images[..., 0] - images[..., 1]
    blue_yellow = images[..., 2] - 0.5 * (images[..., 0] + images[..., 1])

    stage_maps = []
    for stride, scale, orientations in zip(STAGE_STRIDES, STAGE_SCALES_PX, STAGE_ORIENTATIONS):
        stage_map = _filter_bank(luma, red_green, blue_yellow, scale, orientations, stride)
        stage_maps.append(stage_map.astype(np.float32))
    return stage_maps


def concatenate_stages(stage_maps: list[np.ndarray]) -> np.ndarray:
    """Upsample every stage to the finest grid by nearest neighbour and concatenate per position.

    Parameters
    ----------
    stage_maps : list of ndarrays, shapes (N, C_s, h_s, w_s)
        The output of ``extract_stage_maps``. The first map sets the grid H x W.

    Returns
    -------
    ndarray of float32, shape (N, H, W, C)
        The embedding vector of every position, with C = sum of C_s. Channels
        of the first stage come first.
    """
    height, width = stage_maps[0].shape[2:]
    upsampled = []
    for stage_map in stage_maps:
        factor_row = height // stage_map.shape[2]
        factor_column = width // stage_map.shape[3]
        repeated = np.repeat(np.repeat(stage_map, factor_row, axis=2), factor_column, axis=3)
        upsampled.append(repeated)
    return np.concatenate(upsampled, axis=1).transpose(0, 2, 3, 1)


def embed_images(images: np.ndarray) -> np.ndarray:
    """Compute the patch embeddings of images, shape (N, H_img, W_img, 3) to (N, H, W, C)."""
    return concatenate_stages(extract_stage_maps(images))


def _filter_bank(
    luma: np.ndarray,
    red_green: np.ndarray,
    blue_yellow: np.ndarray,
    scale: float,
    orientations: int,
    stride: int,
) -> np.ndarray:
    """Compute the pooled, rectified responses of one stage, shape (N, C_s, h_s, w_s).

    Channel order: luminance, then the positive and the negative part of the
    red-green opponent, the blue-yellow opponent, the difference of
    Gaussians, and for each orientation the first and the second derivative.
    """

    def smooth(channel: np.ndarray, order: tuple[int, int] = (0, 0), sigma: float = scale):
        return ndimage.gaussian_filter(channel, sigma=(0, sigma, sigma), order=(0, *order))

    # Scale-normalised Gaussian derivatives (sigma * d, sigma^2 * d^2), so that
    # an edge gives a similar response at every stage.
    d_row, d_column = scale * smooth(luma, (1, 0)), scale * smooth(luma, (0, 1))
    d_row_row = scale**2 * smooth(luma, (2, 0))
    d_row_column = scale**2 * smooth(luma, (1, 1))
    d_column_column = scale**2 * smooth(luma, (0, 2))

    smoothed_luma = smooth(luma)
    difference_of_gaussians = smoothed_luma - smooth(luma, sigma=2.0 * scale)
    signed = [smooth(red_green), smooth(blue_yellow), difference_of_gaussians]

    # Steer the derivatives to each orientation theta from the row and column basis.
    for angle in np.arange(orientations) * np.pi / orientations:
        cos, sin = np.cos(angle), np.sin(angle)
        signed.append(cos * d_column + sin * d_row)
        signed.append(
            cos**2 * d_column_column + 2.0 * cos * sin * d_row_column + sin**2 * d_row_row
        )

    # Rectify at full resolution and pool each channel at once, so that the
    # full-resolution stack of all channels is never held in memory.
    channels = [_average_pool(smoothed_luma, stride)]
    for response in signed:
        channels.append(_average_pool(np.maximum(response, 0.0), stride))
        channels.append(_average_pool(np.maximum(-response, 0.0), stride))
    return FEATURE_GAIN * np.stack(channels, axis=1)


def _average_pool(channel: np.ndarray, stride: int) -> np.ndarray:
    """Average non-overlapping stride x stride blocks, shape (N, H_img, W_img) to (N, h_s, w_s)."""
    count, height, width = channel.shape
    blocks = channel.reshape(count, height // stride, stride, width // stride, stride)
    return blocks.mean(axis=(2, 4))
