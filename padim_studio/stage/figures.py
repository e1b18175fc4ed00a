"""Figures drawn from the demo run: galleries, Gaussians, anomaly maps, masks."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Circle,
    Dot,
    Ellipse,
    Group,
    ImageMobject,
    Line,
    ManimColor,
    Mobject,
    Rectangle,
    Square,
    SurroundingRectangle,
    Text,
    VGroup,
)

from manim.constants import RESAMPLING_ALGORITHMS

from padim_studio.padim.demo_result import DemoResult
from padim_studio.stage import palette
from padim_studio.stage.demo_views import PositionView, test_index
from padim_studio.stage.gaussian_view import (
    contrast_points,
    gaussian_ellipse,
    mahalanobis_2d,
    make_axes,
    point_cloud,
)
from padim_studio.stage.images import heatmap_mobject, image_mobject

# Theoretical receptive fields of ResNet-18's layer1..3 on a 224-pixel input.
RECEPTIVE_FIELDS_PX = (("layer1", 43), ("layer2", 99), ("layer3", 211))
PAPER_INPUT_PX = 224

def thumbnail_row(images: np.ndarray, height: float, color=palette.NORMAL, spacing: float = 0.25) -> Group:
    """Images side by side, each framed in ``color``; item k is Group(picture, frame)."""
    row = Group()
    for image in images:
        picture = image_mobject(image, height)
        row.add(Group(picture, SurroundingRectangle(picture, buff=0.03, color=color, stroke_width=3)))
    return row.arrange(RIGHT, buff=spacing)

def defect_gallery(result: DemoResult, height: float) -> Group:
    """Show one defective test image of each kind, framed in the anomaly colour and labelled."""
    items = Group()
    for kind in ("scratch", "hole", "stain", "misprint"):
        picture = image_mobject(result.test_images[test_index(result, kind)], height)
        frame = SurroundingRectangle(picture, buff=0.03, color=palette.ANOMALY, stroke_width=3)
        label = Text(kind, font_size=24, color=palette.TEXT).next_to(picture, DOWN, buff=0.15)
        items.add(Group(picture, frame, label))
    return items.arrange(RIGHT, buff=0.4)

def mask_outline(picture: Mobject, mask: np.ndarray, color=palette.ANOMALY) -> Rectangle:
    """Draw a rectangle around the True pixels of ``mask`` (H_img × W_img), placed over ``picture``."""
    rows, columns = np.nonzero(mask)
    if rows.size == 0:
        return Rectangle(width=0.01, height=0.01, stroke_opacity=0).move_to(picture)
    height_px, width_px = mask.shape
    unit_x, unit_y = picture.width / width_px, picture.height / height_px
    left = picture.get_left()[0] + columns.min() * unit_x
    right = picture.get_left()[0] + (columns.max() + 1) * unit_x
    top = picture.get_top()[1] - rows.min() * unit_y
    bottom = picture.get_top()[1] - (rows.max() + 1) * unit_y
    box = Rectangle(width=right - left + 0.12, height=top - bottom + 0.12, color=color, stroke_width=4)
    return box.move_to([(left + right) / 2, (top + bottom) / 2, 0])

def mask_overlay(picture: Mobject, mask: np.ndarray, color=palette.SECONDARY, opacity: float = 0.55) -> Mobject:
    """Tint the True pixels of ``mask`` (H_img × W_img) over ``picture``, leaving the rest clear."""
    rgba = np.zeros((*mask.shape, 4), dtype=np.uint8)
    rgba[..., :3] = np.round(np.array(ManimColor(color).to_rgb()) * 255).astype(np.uint8)
    rgba[..., 3] = np.where(mask, round(opacity * 255), 0).astype(np.uint8)
    overlay = ImageMobject(rgba)
    overlay.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    overlay.height = picture.height
    return overlay.move_to(picture)


class ReceptiveSquares(VGroup):
    """Squares of growing receptive field around one cell, with labels beside the image."""

    labels: VGroup

def receptive_squares(picture: Mobject, cell: Mobject, image_pixels: int) -> ReceptiveSquares:
    """Draw ResNet-18's theoretical layer1..3 receptive fields (of a 224 px input) as the same fraction of ``picture``."""
    squares = ReceptiveSquares()
    colors = (palette.SECONDARY, palette.PRIMARY, palette.SUCCESS)
    for (name, pixels), color in zip(RECEPTIVE_FIELDS_PX, colors):
        side = picture.width * pixels / PAPER_INPUT_PX
        squares.add(Square(side_length=side, color=color, stroke_width=3).move_to(cell))
    labels = VGroup(
        *(
            Text(f"{name}: about {pixels} px", font_size=24, color=color)
            for (name, pixels), color in zip(RECEPTIVE_FIELDS_PX, colors)
        )
    )
    labels.add(Text("of a 224 px input (ResNet-18)", font_size=20, color=palette.MUTED))
    labels.arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(picture, RIGHT, buff=1.6).align_to(picture, UP)
    squares.labels = labels
    return squares

class ChannelStrip(VGroup):
    """A vertical bar of C channel slices coloured by stage, for one position's vector."""

    channel_count: int
    slices: VGroup

    def highlight_selected(self, selected: np.ndarray, color=palette.SECONDARY) -> VGroup:
        """Ticks beside the channels in ``selected``."""
        ticks = VGroup()
        for index in np.sort(selected):
            slice_ = self.slices[int(index)]
            ticks.add(Line(slice_.get_left() + LEFT * 0.35, slice_.get_left() + LEFT * 0.05, color=color, stroke_width=2))
        return ticks

def channel_strip(result: DemoResult, height: float, width: float = 0.5) -> ChannelStrip:
    """Draw one position's concatenated vector: channels of layer1, layer2, layer3 stacked top to bottom."""
    counts = [maps.shape[0] for maps in result.stage_maps]
    total = sum(counts)
    colors = (palette.SECONDARY, palette.PRIMARY, palette.SUCCESS)
    strip = ChannelStrip()
    strip.slices = VGroup()
    slice_height = height / total
    for stage, count in enumerate(counts):
        for _ in range(count):
            strip.slices.add(
                Rectangle(width=width, height=slice_height, stroke_width=0, fill_color=colors[stage], fill_opacity=0.8)
            )
    strip.slices.arrange(DOWN, buff=0)
    strip.add(strip.slices)
    names = VGroup()
    start = 0
    for stage, count in enumerate(counts):
        block = strip.slices[start : start + count]
        names.add(Text(f"layer{stage + 1}: {count}", font_size=18, color=colors[stage]).next_to(block, RIGHT, buff=0.15))
        start += count
    strip.add(names)
    strip.channel_count = total
    return strip

class GaussianFigure(VGroup):
    """Axes, training points, mean and 1-, 2- and 3-sigma ellipses of one position."""

    axes: Mobject
    dots: VGroup
    mean_dot: Dot
    ellipses: VGroup

def gaussian_figure(view: PositionView, width: float, height: float, include_test: bool = False) -> GaussianFigure:
    """Draw one position's N training vectors (two dims) with their fitted Gaussian.

    The axes cover the points and the 3-sigma ellipse, and the defective
    image's vector too when ``include_test`` is set.
    """
    spread = 3.2 * np.sqrt(np.diag(view.covariance))
    extent = np.vstack([view.points, view.mean - spread, view.mean + spread])
    if include_test:
        extent = np.vstack([extent, view.test_point[None, :]])
    figure = GaussianFigure()
    figure.axes = make_axes(extent, width, height)
    figure.dots = point_cloud(figure.axes, view.points)
    figure.mean_dot = Dot(figure.axes.c2p(*view.mean), color=palette.SECONDARY, radius=0.08)
    figure.ellipses = VGroup(
        *(gaussian_ellipse(figure.axes, view.mean, view.covariance, level) for level in (1.0, 2.0, 3.0))
    )
    for index, ellipse in enumerate(figure.ellipses):
        ellipse.set_stroke(opacity=1.0 - 0.25 * index)
    names = VGroup(
        Text(f"dim {view.dims[0]}", font_size=18, color=palette.MUTED).next_to(figure.axes, DOWN, buff=0.1),
        Text(f"dim {view.dims[1]}", font_size=18, color=palette.MUTED).rotate(np.pi / 2).next_to(figure.axes, LEFT, buff=0.1),
    )
    figure.add(figure.axes, names, figure.dots, figure.ellipses, figure.mean_dot)
    return figure

class DistanceContrast(VGroup):
    """Two points at equal Euclidean distance with their Mahalanobis distances."""

    circle: Circle
    dots: VGroup
    labels: VGroup

def distance_contrast(figure: GaussianFigure, view: PositionView) -> DistanceContrast:
    """Show that equal Euclidean distances can be very different Mahalanobis distances."""
    near, far = contrast_points(view.mean, view.covariance, level=2.0)
    axes = figure.axes
    contrast = DistanceContrast()
    center = axes.c2p(*view.mean)
    radius = np.linalg.norm(axes.c2p(*near) - center)
    contrast.circle = Circle(radius=radius, color=palette.MUTED, stroke_width=2).move_to(center)
    contrast.circle.set_stroke(opacity=0.7)
    contrast.dots = VGroup(Dot(axes.c2p(*near), color=palette.SUCCESS, radius=0.09), Dot(axes.c2p(*far), color=palette.ANOMALY, radius=0.09))
    texts = []
    for point, color in ((near, palette.SUCCESS), (far, palette.ANOMALY)):
        euclidean = float(np.linalg.norm(point - view.mean))
        texts.append(Text(f"Euclidean {euclidean:.2f} · Mahalanobis {mahalanobis_2d(point, view.mean, view.covariance):.1f}", font_size=20, color=color))
    contrast.labels = VGroup(*texts).arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(axes, UP, buff=0.15)
    contrast.add(contrast.circle, contrast.dots, contrast.labels)
    return contrast

def anomaly_figure(result: DemoResult, index: int, height: float) -> tuple[Mobject, Mobject]:
    """Return the raw distance map and the smoothed anomaly map of one test image, on one colour scale."""
    high = float(result.image_scores.max())
    raw = heatmap_mobject(result.distance_maps[index], height, low=0.0, high=high)
    smooth = heatmap_mobject(result.anomaly_maps[index], height, low=0.0, high=high)
    return raw, smooth

def ellipse_grid(result: DemoResult, size: float, step: int = 4) -> VGroup:
    """Draw a small ellipse for every ``step``-th position, from that position's own Gaussian (dims 0 and 1)."""
    rows, columns = result.grid_shape
    shown_rows = range(step // 2, rows, step)
    shown_columns = range(step // 2, columns, step)
    cell = size / max(len(shown_rows), len(shown_columns))
    spreads = np.sqrt(result.covariances[:, :, [0, 1], [0, 1]])
    scale = 0.4 * cell / float(np.max(spreads[::step, ::step]))
    grid = VGroup()
    for row_index, row in enumerate(shown_rows):
        for column_index, column in enumerate(shown_columns):
            covariance = result.covariances[row, column][np.ix_([0, 1], [0, 1])]
            eigenvalues, eigenvectors = np.linalg.eigh(covariance)

            ellipse = Ellipse(
                width=2 * scale * float(np.sqrt(eigenvalues[1])),
                height=2 * scale * float(np.sqrt(eigenvalues[0])),
                color=palette.PRIMARY,
                stroke_width=2,
            )
            ellipse.rotate(float(np.arctan2(eigenvectors[1, 1], eigenvectors[0, 1])))
            ellipse.move_to(RIGHT * (column_index + 0.5) * cell + DOWN * (row_index + 0.5) * cell)
            grid.add(ellipse)
    frame = Square(side_length=size, color=palette.MUTED, stroke_width=2).move_to(grid)
    return VGroup(frame, grid)
