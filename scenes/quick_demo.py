"""PaDiMQuickDemo: the whole PaDiM idea in about a minute, for presentations.

Render the whole video with ``manim -pqh scenes/quick_demo.py PaDiMQuickDemo``
or one part with ``manim -pql scenes/quick_demo.py FindDefect``. The spoken
words are in ``narration/quick_demo.md``; each ``with self.cue("id")`` block
plays one of its cues.
"""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    Dot,
    FadeIn,
    GrowFromCenter,
    Group,
    LaggedStart,
    MathTex,
    Rectangle,
    Text,
    VGroup,
    Write,
)

from padim_studio.padim import embedding
from padim_studio.scene import NarratedScene, VideoScene
from padim_studio.stage import palette
from padim_studio.stage.demo_views import demo, position_view, test_index
from padim_studio.stage.diagrams import cell_outline, labelled, map_stack, patch_grid
from padim_studio.stage.figures import (
    anomaly_figure,
    channel_strip,
    ellipse_grid,
    gaussian_figure,
    mask_outline,
    mask_overlay,
    thumbnail_row,
)
from padim_studio.stage.images import image_mobject
from padim_studio.stage.layout import fit_within, safe_half_width
from padim_studio.stage.score_view import score_line
from padim_studio.stage.transitions import fade_then

# Normal training images shown as thumbnails: two rows of six.
THUMBNAIL_ROWS, THUMBNAILS_PER_ROW = 2, 6


def defect_index() -> int:
    """Return the test image every part shows: the demo's first image with a hole."""
    return test_index(demo(), "hole")


class QuickDemoAct(NarratedScene):
    """An act of PaDiMQuickDemo: speaks ``narration/quick_demo.md``."""

    video = "quick_demo"


class LearnNormal(QuickDemoAct):
    act_id = "learn"

    def construct(self):
        self.show_normal_images()
        self.extract_patches()
        self.fit_gaussians()

    def show_normal_images(self):
        result = demo()
        title = self.make_title()
        training_images = result.train_images[: THUMBNAIL_ROWS * THUMBNAILS_PER_ROW]
        rows = Group(
            *(
                thumbnail_row(training_images[start : start + THUMBNAILS_PER_ROW], height=1.5, color=palette.NORMAL)
                for start in range(0, len(training_images), THUMBNAILS_PER_ROW)
            )
        ).arrange(DOWN, buff=0.3)
        rows.move_to(UP * 0.2)
        label = Text(f"training set: {len(result.train_images)} normal images, no defects", font_size=26, color=palette.NORMAL)
        label.next_to(rows, DOWN, buff=0.35)
        with self.cue("normal"):
            self.play_to("train", FadeIn(title), LaggedStart(*(FadeIn(item) for item in rows[0]), lag_ratio=0.2), fraction=0.8)
            self.play_to(None, LaggedStart(*(FadeIn(item) for item in rows[1]), lag_ratio=0.2), FadeIn(label), fraction=0.6)
        self.rows, self.training_label = rows, label

    def extract_patches(self):
        result = demo()
        view = position_view(result, defect_index())
        picture = image_mobject(result.train_images[0], height=3.4).move_to(LEFT * 4.6 + DOWN * 0.2)
        grid = patch_grid(picture, *result.grid_shape, stroke_width=0.6)
        network = labelled(Rectangle(width=2.0, height=1.1, color=palette.PRIMARY), "frozen CNN").move_to(LEFT * 1.3 + DOWN * 0.1)
        # The cached stage maps belong to a defective test image, so the training image's own maps are computed here.
        training_maps = embedding.extract_stage_maps(result.train_images[:1])[0][0]
        feature_map = map_stack(training_maps, height=2.2).move_to(RIGHT * 1.5 + DOWN * 0.2)
        arrows = VGroup(
            Arrow(picture.get_right(), network[0].get_left(), buff=0.15, color=palette.MUTED),
            Arrow(network[0].get_right(), feature_map.get_left(), buff=0.15, color=palette.MUTED),
        )

        cell = cell_outline(picture, *result.grid_shape, view.row, view.column)
        vector = channel_strip(result, height=3.2).slices.move_to(RIGHT * 4.5 + DOWN * 0.2)
        vector_label = Text("feature vector\nof one patch", font_size=20).next_to(vector, DOWN, buff=0.2)
        link = Arrow(feature_map.get_right(), vector.get_left(), buff=0.15, color=palette.SECONDARY)
        stand_in = Text("Here a fixed filter bank stands in for the pretrained CNN.", font_size=20, color=palette.MUTED)
        fit_within(stand_in, 2 * safe_half_width()).move_to(DOWN * 3.3)

        first = self.rows[0][0]
        with self.cue("patches"):
            self.play_to(
                "vector",
                fade_then(
                    Group(self.rows[0][1:], self.rows[1], self.training_label),
                    first.animate.replace(picture, stretch=True).set_opacity(0),
                    FadeIn(picture),
                    Create(grid),
                    FadeIn(network),
                    Create(arrows),
                    FadeIn(feature_map, shift=RIGHT * 0.2),
                    FadeIn(stand_in),
                ),
                fraction=0.9,
            )
            self.play_to(None, Create(cell), GrowFromCenter(link), FadeIn(vector), FadeIn(vector_label), fraction=0.7)
        self.remove(first)
        self.patch_group = Group(picture, grid, network, arrows, feature_map, cell, vector, vector_label, link, stand_in)

    def fit_gaussians(self):
        result = demo()
        view = position_view(result, defect_index())
        figure = gaussian_figure(view, width=4.6, height=3.4).move_to(LEFT * 3.2 + DOWN * 0.4)
        figure_label = Text(f"one position, {len(view.points)} normal images", font_size=20, color=palette.MUTED)
        figure_label.next_to(figure, DOWN, buff=0.2)
        grid = ellipse_grid(result, size=3.6).move_to(RIGHT * 3.4 + DOWN * 0.3)
        rows, columns = result.grid_shape
        grid_label = Text(f"a Gaussian at each of {rows} × {columns} positions", font_size=20, color=palette.SECONDARY)
        grid_label.next_to(grid, DOWN, buff=0.2)
        with self.cue("gaussian"):
            self.play_to(
                "mean",
                fade_then(
                    self.patch_group,
                    FadeIn(figure.axes),
                    FadeIn(figure[1]),
                    LaggedStart(*(GrowFromCenter(dot) for dot in figure.dots), lag_ratio=0.03),
                    FadeIn(figure_label),
                ),
                fraction=0.9,
            )
            self.play_to("cov", GrowFromCenter(figure.mean_dot), fraction=0.8)
            self.play_to(None, *(Create(ellipse) for ellipse in figure.ellipses), FadeIn(grid), FadeIn(grid_label), fraction=0.8)


class FindDefect(QuickDemoAct):
    act_id = "detect"

    def construct(self):
        self.show_test_image()
        self.measure_distance()
        self.show_anomaly_map()

    def show_test_image(self):
        result = demo()
        index = defect_index()
        title = self.make_title()
        self.picture = image_mobject(result.test_images[index], height=3.6).move_to(LEFT * 4.3 + DOWN * 0.3)
        label = Text("new test image", font_size=22).next_to(self.picture, DOWN, buff=0.2)
        outline = mask_outline(self.picture, result.test_masks[index], color=palette.ANOMALY)
        with self.cue("test"):
            self.play_to("defect", FadeIn(title), FadeIn(self.picture), FadeIn(label), fraction=0.8)
            self.play_to(None, Create(outline), fraction=0.8)
        self.picture_label, self.outline = label, outline

    def measure_distance(self):
        result = demo()
        index = defect_index()
        view = position_view(result, index)
        cell = cell_outline(self.picture, *result.grid_shape, view.row, view.column, color=palette.ANOMALY)
        figure = gaussian_figure(view, width=4.4, height=3.0, include_test=True).move_to(RIGHT * 2.4 + DOWN * 0.1)
        patch = Dot(figure.axes.c2p(*view.test_point), color=palette.ANOMALY, radius=0.12)
        distance = result.distance_maps[index, view.row, view.column]
        normal_distances = result.distance_maps[result.test_labels == 0]
        dims = result.means.shape[-1]
        notes = VGroup(
            Text(f"defect patch: Mahalanobis {distance:.0f}", font_size=22, color=palette.ANOMALY),
            Text(f"normal test patches: median {np.median(normal_distances):.1f}", font_size=22, color=palette.NORMAL),
            Text(f"distances over all {dims} dims; 2 dims drawn", font_size=18, color=palette.MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        notes.next_to(figure, DOWN, buff=0.25)
        with self.cue("distance"):
            self.play_to(
                "far",
                Create(cell),
                FadeIn(figure.axes),
                FadeIn(figure[1]),
                FadeIn(figure.dots),
                FadeIn(figure.mean_dot),
                *(Create(ellipse) for ellipse in figure.ellipses),
                fraction=0.8,
            )
            self.play_to(None, FadeIn(patch, scale=2.0), FadeIn(notes[0]), FadeIn(notes[1:]), fraction=0.6)
        self.distance_group = Group(figure, patch, notes, cell)

    def show_anomaly_map(self):
        result = demo()
        index = defect_index()
        _, heatmap = anomaly_figure(result, index, height=3.6)
        heatmap.move_to(RIGHT * 1.6 + DOWN * 0.3)
        heatmap_label = Text("anomaly map", font_size=22).next_to(heatmap, DOWN, buff=0.2)
        arrow = Arrow(self.picture.get_right(), heatmap.get_left(), buff=0.2, color=palette.MUTED)
        found = mask_outline(heatmap, result.test_masks[index], color=palette.TEXT)
        note = Text("white box:\nthe true defect", font_size=20, color=palette.MUTED).next_to(heatmap, RIGHT, buff=0.3)
        with self.cue("map"):
            self.play_to("where", fade_then(self.distance_group, Create(arrow), FadeIn(heatmap), FadeIn(heatmap_label)), fraction=0.8)
            self.play_to(None, Create(found), FadeIn(note), fraction=0.6)


class ScoreImage(QuickDemoAct):
    act_id = "verdict"

    def construct(self):
        self.score_image()
        self.show_results()

    def score_image(self):
        result = demo()
        index = defect_index()
        title = self.make_title()
        picture = image_mobject(result.test_images[index], height=3.2).move_to(LEFT * 4.9 + UP * 0.4)
        _, heatmap = anomaly_figure(result, index, height=3.2)
        heatmap.next_to(picture, RIGHT, buff=0.4)
        score = MathTex(rf"\text{{score}} = \max(\text{{map}}) = {result.image_scores[index]:.1f}", font_size=44)
        score.next_to(heatmap, RIGHT, buff=0.5).align_to(heatmap, UP)

        line = score_line(result, length=10.0).move_to(DOWN * 2.55)
        key = VGroup(
            Text("• normal test images", font_size=22, color=palette.NORMAL),
            Text("• defective test images", font_size=22, color=palette.ANOMALY),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        key.next_to(score, DOWN, buff=0.5).align_to(score, LEFT)
        flagged = Text("above the threshold: flagged", font_size=24, color=palette.SECONDARY)
        flagged.next_to(key, DOWN, buff=0.35).align_to(score, LEFT)
        predicted = mask_overlay(picture, result.anomaly_maps[index] > result.threshold, color=palette.SECONDARY)

        with self.cue("score"):
            self.play_to("threshold", FadeIn(title), FadeIn(picture), FadeIn(heatmap), Write(score), fraction=0.9)
            self.play_to(
                "mask",
                Create(line.axis),
                FadeIn(line.end_labels),
                FadeIn(line.normal_dots),
                FadeIn(line.defect_dots),
                Create(line.threshold_mark),
                FadeIn(line.threshold_label),
                FadeIn(key),
                FadeIn(flagged),
                fraction=0.8,
            )
            self.play_to(None, FadeIn(predicted), fraction=0.6)
        self.score_group = Group(picture, heatmap, score, line, key, flagged, predicted)

    def show_results(self):
        caption = Text("PaDiM-WR50-Rd550 on MVTec AD, as reported in the paper", font_size=26, color=palette.MUTED)
        caption.move_to(UP * 1.7)
        results = VGroup(
            *(
                VGroup(Text(value, font_size=72, color=palette.SUCCESS), Text(metric, font_size=26)).arrange(DOWN, buff=0.25)
                for value, metric in (("95.3", "image AUROC"), ("97.5", "pixel AUROC"), ("92.1", "PRO"))
            )
        ).arrange(RIGHT, buff=1.4)
        results.move_to(DOWN * 0.1)
        frozen = Text("the pretrained network is never trained", font_size=30, color=palette.SECONDARY)
        frozen.next_to(results, DOWN, buff=0.8)
        with self.cue("results"):
            self.play_to(
                "frozen",
                fade_then(self.score_group, FadeIn(caption), LaggedStart(*(FadeIn(item, shift=UP * 0.2) for item in results), lag_ratio=0.5)),
                fraction=0.8,
            )
            self.play_to(None, FadeIn(frozen, shift=UP * 0.2), fraction=0.6)


ACTS = (LearnNormal, FindDefect, ScoreImage)


class PaDiMQuickDemo(VideoScene):
    video = "quick_demo"
    acts = ACTS
