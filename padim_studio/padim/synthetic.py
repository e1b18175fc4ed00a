"""Generate seeded synthetic inspection images: a woven fabric and planted defects.

Normal images show a plain weave of blue-grey warp threads and beige weft
threads. Every sample varies a little in phase, contrast, brightness, yarn
shading and sensor noise, but all samples stay aligned to within a pixel,
because PaDiM fits one Gaussian per position and assumes aligned images.

Defective images carry one defect of a known kind with an exact ground-truth
mask: a bright ``scratch``, a dark ``hole``, a brown ``stain`` or a
``misprint`` (a rectangle in which the weave is shifted by half a thread and
the weft has the wrong colour).

Images are float32 RGB arrays in [0, 1] with shape (H_img, W_img, 3).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFECT_KINDS = ("scratch", "hole", "stain", "misprint")
NORMAL_KIND = "normal"

THREAD_WIDTH_PX = 8
WARP_COLOR = np.array([0.52, 0.60, 0.78], dtype=np.float32)
WEFT_COLOR = np.array([0.88, 0.78, 0.58], dtype=np.float32)
GAP_COLOR = np.array([0.16, 0.14, 0.13], dtype=np.float32)
STAIN_COLOR = np.array([0.45, 0.28, 0.12], dtype=np.float32)
MISPRINT_WEFT_COLOR = np.array([0.60, 0.80, 0.52], dtype=np.float32)
DEFECT_MARGIN_PX = 20


@dataclass(frozen=True, eq=False)
class SyntheticDataset:
    """Training and test images with labels and ground-truth defect masks.

    Attributes
    ----------
    train_images : ndarray, shape (N, H_img, W_img, 3)
        Normal images used to fit the model.
    test_images : ndarray, shape (M, H_img, W_img, 3)
        Normal test images first, then the defective ones.
    test_masks : ndarray of bool, shape (M, H_img, W_img)
        True on defect pixels. All False for normal images.
    test_labels : ndarray of int, shape (M,)
        0 for normal, 1 for defective.
    test_kinds : ndarray of str, shape (M,)
        ``"normal"`` or one of ``DEFECT_KINDS``.
    """

    train_images: np.ndarray
    test_images: np.ndarray
    test_masks: np.ndarray
    test_labels: np.ndarray
    test_kinds: np.ndarray


def make_dataset(
    seed: int = 0,
    train_count: int = 40,
    normal_test_count: int = 4,
    defects_per_kind: int = 2,
    image_size: int = 128,
) -> SyntheticDataset:
    """Generate the training set and a test set with every defect kind.

    The same arguments always give the same arrays. The test set contains
    ``normal_test_count`` normal images, then ``defects_per_kind`` images of
    each kind in ``DEFECT_KINDS`` order.
    """
    if image_size < 2 * DEFECT_MARGIN_PX + 32:
        raise ValueError(
            f"image_size must be at least {2 * DEFECT_MARGIN_PX + 32} px to fit a defect "
            f"away from the border, got {image_size}"
        )
    rng = np.random.default_rng(seed)
    train_images = np.stack(
        [render_image(rng, image_size, NORMAL_KIND)[0] for _ in range(train_count)]
    )

    kinds = [NORMAL_KIND] * normal_test_count
    for kind in DEFECT_KINDS:
        kinds += [kind] * defects_per_kind

    images, masks = [], []
    for kind in kinds:
        image, mask = render_image(rng, image_size, kind)
        images.append(image)
        masks.append(mask)

    return SyntheticDataset(
        train_images=train_images,
        test_images=np.stack(images),
        test_masks=np.stack(masks),
        test_labels=np.array([kind != NORMAL_KIND for kind in kinds], dtype=np.int64),
        test_kinds=np.array(kinds),
    )


def render_image(
    rng: np.random.Generator, image_size: int, kind: str
) -> tuple[np.ndarray, np.ndarray]:
    """Render one fabric image with a defect of ``kind`` and return it with its mask.

    ``kind`` is ``"normal"`` for a defect-free image or one of ``DEFECT_KINDS``.

    Returns
    -------
    image : ndarray of float32, shape (H_img, W_img, 3)
    mask : ndarray of bool, shape (H_img, W_img)
        True on defect pixels, all False when ``kind`` is ``"normal"``.
    """
    if kind != NORMAL_KIND and kind not in DEFECT_KINDS:
        raise ValueError(
            f"unknown image kind {kind!r}, expected {NORMAL_KIND!r} or one of {DEFECT_KINDS}"
        )

    variation = _draw_variation(rng, image_size)
    image = _render_weave(image_size, variation, misprinted=False)
    mask = np.zeros((image_size, image_size), dtype=bool)

    if kind == "scratch":
        image, mask = _plant_scratch(image, rng)
    elif kind == "hole":
        image, mask = _plant_hole(image, rng)
    elif kind == "stain":
        image, mask = _plant_stain(image, rng)
    elif kind == "misprint":
        misprinted = _render_weave(image_size, variation, misprinted=True)
        image, mask = _plant_misprint(image, misprinted, rng)

    noise = rng.normal(0.0, variation.noise_std, size=image.shape)
    image = np.clip(image + noise, 0.0, 1.0).astype(np.float32)
    return image, mask


@dataclass(frozen=True, eq=False)
class _FabricVariation:
    """Random appearance of one sample: sub-pixel shift, tone, yarn shading and noise."""

    shift_column_px: float
    shift_row_px: float
    contrast: float
    brightness: float
    warp_shading: np.ndarray
    weft_shading: np.ndarray
    noise_std: float


def _draw_variation(rng: np.random.Generator, image_size: int) -> _FabricVariation:
    thread_count = image_size // THREAD_WIDTH_PX + 2
    return _FabricVariation(
        shift_column_px=rng.uniform(-0.5, 0.5),
        shift_row_px=rng.uniform(-0.5, 0.5),
        contrast=rng.uniform(0.92, 1.08),
        brightness=rng.uniform(-0.03, 0.03),
        warp_shading=rng.normal(1.0, 0.04, size=thread_count),
        weft_shading=rng.normal(1.0, 0.04, size=thread_count),
        noise_std=rng.uniform(0.015, 0.025),
    )


def _render_weave(image_size: int, variation: _FabricVariation, misprinted: bool) -> np.ndarray:
    """Render a plain weave, or its misprint: shifted half a thread, with a wrong weft colour."""
    # u and v count threads from the left and top edges. The offset keeps them
    # positive, so floor() gives a valid index into the shading arrays. A
    # misprint adds half a thread to it.
    offset = 1.5 if misprinted else 1.0
    pixels = np.arange(image_size, dtype=np.float64)
    u = (pixels[None, :] + variation.shift_column_px) / THREAD_WIDTH_PX + offset
    v = (pixels[:, None] + variation.shift_row_px) / THREAD_WIDTH_PX + offset
    column, row = np.floor(u).astype(int), np.floor(v).astype(int)
    across_u, across_v = np.sin(np.pi * (u - column)), np.sin(np.pi * (v - row))

    # A warp thread runs down the image and is on top where column + row is even.
    warp_on_top = (column + row) % 2 == 0
    warp_profile = np.sqrt(across_u) * (0.75 + 0.25 * across_v) * variation.warp_shading[column]
    weft_profile = np.sqrt(across_v) * (0.75 + 0.25 * across_u) * variation.weft_shading[row]
    profile = np.where(warp_on_top, warp_profile, weft_profile)

    weft_color = MISPRINT_WEFT_COLOR if misprinted else WEFT_COLOR
    thread_color = np.where(warp_on_top[..., None], WARP_COLOR, weft_color)
    image = GAP_COLOR + (thread_color - GAP_COLOR) * profile[..., None]
    return variation.contrast * (image - 0.5) + 0.5 + variation.brightness


def _defect_center(rng: np.random.Generator, image: np.ndarray) -> tuple[float, float]:
    low, high = DEFECT_MARGIN_PX, image.shape[0] - DEFECT_MARGIN_PX
    return rng.uniform(low, high), rng.uniform(low, high)


def _plant_scratch(image: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Draw a slightly curved bright line, 2 to 3 px wide and 36 to 56 px long."""
    center_row, center_column = _defect_center(rng, image)
    angle = rng.uniform(0.0, np.pi)
    length = rng.uniform(36.0, 56.0)
    bend = rng.uniform(-0.15, 0.15) * length
    half_width = rng.uniform(1.0, 1.5)

    t = np.linspace(-0.5, 0.5, 200)
    along, across = t * length, bend * (1.0 - 4.0 * t**2)
    curve_rows = center_row + along * np.sin(angle) + across * np.cos(angle)
    curve_columns = center_column + along * np.cos(angle) - across * np.sin(angle)
    limit = image.shape[0] - 1
    curve_rows, curve_columns = np.clip(curve_rows, 0, limit), np.clip(curve_columns, 0, limit)

    rows, columns = np.indices(image.shape[:2], dtype=np.float64)
    distance = np.full(rows.shape, np.inf)
    for curve_row, curve_column in zip(curve_rows, curve_columns):
        distance = np.minimum(distance, np.hypot(rows - curve_row, columns - curve_column))

    mask = distance <= half_width
    alpha = 0.85 * mask[..., None]
    return image * (1.0 - alpha) + 0.97 * alpha, mask


def _plant_hole(image: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Cut a dark disc with three shallow lobes, of mean radius 5 to 8 px."""
    center_row, center_column = _defect_center(rng, image)
    radius = rng.uniform(5.0, 8.0)
    lobe_phase = rng.uniform(0.0, 2.0 * np.pi)

    rows, columns = np.indices(image.shape[:2], dtype=np.float64)
    angle = np.arctan2(rows - center_row, columns - center_column)
    edge = radius * (1.0 + 0.15 * np.sin(3.0 * angle + lobe_phase))
    mask = np.hypot(rows - center_row, columns - center_column) <= edge

    dark = np.where(mask[..., None], GAP_COLOR * 0.3, image)
    return dark, mask


def _plant_stain(image: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Tint an elliptic blob brown. The mask is the ellipse where the tint is at half strength."""
    center_row, center_column = _defect_center(rng, image)
    semi_axes = rng.uniform(9.0, 15.0, size=2)
    angle = rng.uniform(0.0, np.pi)
    strength = rng.uniform(0.55, 0.7)

    rows, columns = np.indices(image.shape[:2], dtype=np.float64)
    d_row, d_column = rows - center_row, columns - center_column
    along = (d_column * np.cos(angle) + d_row * np.sin(angle)) / semi_axes[0]
    across = (-d_column * np.sin(angle) + d_row * np.cos(angle)) / semi_axes[1]
    radius = np.hypot(along, across)

    alpha = strength / (1.0 + np.exp((radius - 1.0) / 0.08))
    tinted = image * (1.0 - alpha[..., None]) + image * STAIN_COLOR * alpha[..., None]
    return tinted, radius <= 1.0


def _plant_misprint(
    image: np.ndarray, misprinted: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Replace a rectangle of 14 to 24 px per side with the misprinted weave."""
    height, width = rng.integers(14, 25, size=2)
    top = rng.integers(DEFECT_MARGIN_PX, image.shape[0] - DEFECT_MARGIN_PX - height)
    left = rng.integers(DEFECT_MARGIN_PX, image.shape[1] - DEFECT_MARGIN_PX - width)

    mask = np.zeros(image.shape[:2], dtype=bool)
    mask[top : top + height, left : left + width] = True
    return np.where(mask[..., None], misprinted, image), mask
