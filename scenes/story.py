"""PaDiMStory: the PaDiM paper in seven narrated acts.

Render the whole video with ``manim -pqh scenes/story.py PaDiMStory`` or one
act with ``manim -pql scenes/story.py GaussianModeling``. The spoken words
are in ``narration/story.md``; each ``with self.cue("id")`` block plays one
of its cues.
"""

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Circle,
    Create,
    Cross,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    Group,
    LaggedStart,
    MathTex,
    Rectangle,
    SurroundingRectangle,
    Text,
    Transform,
    VGroup,
    Write,
)

from padim_studio.scene import NarratedScene, VideoScene
from padim_studio.stage import palette
from padim_studio.stage.cards import bullet_list, citation_card, formula_card, number_table
from padim_studio.stage.demo_views import demo, position_view, test_index
from padim_studio.stage.diagrams import cell_outline, flow_row, labelled, map_stack, patch_grid
from padim_studio.stage.figures import (
    anomaly_figure,
    channel_strip,
    defect_gallery,
    distance_contrast,
    ellipse_grid,
    gaussian_figure,
    mask_outline,
    mask_overlay,
    receptive_squares,
    thumbnail_row,
)
from padim_studio.stage.images import image_mobject
from padim_studio.stage.layout import fit_within, safe_half_width


class StoryAct(NarratedScene):
    """An act of PaDiMStory: speaks ``narration/story.md``."""

    video = "story"


class Prologue(StoryAct):
    act_id = "prologue"

    def construct(self):
        self.show_title_card()
        self.show_rare_defects()
        self.learn_from_normal_only()

    def show_title_card(self):
        name = Text("PaDiM", font_size=96, color=palette.PRIMARY, weight="BOLD").shift(UP * 1.2)
        subtitle = Text("Patch Distribution Modeling for anomaly detection and localization", font_size=26)
        authors = Text("Defard, Setkov, Loesch, Audigier · ICPR 2020 workshop", font_size=24, color=palette.MUTED)
        credits = fit_within(VGroup(subtitle, authors).arrange(DOWN, buff=0.35), 2 * safe_half_width())
        credits.next_to(name, DOWN, buff=0.6)
        with self.cue("title"):
            self.play_to("subtitle", Write(name))
            self.play_to("authors", FadeIn(subtitle, shift=UP * 0.2))
            self.play_to(None, FadeIn(authors), fraction=0.3)
        self.play(FadeOut(VGroup(name, credits)), run_time=0.4)

    def show_rare_defects(self):
        title = self.make_title("Inspection: defects are rare and varied")
        gallery = defect_gallery(demo(), height=2.2).shift(UP * 0.9)
        normals = thumbnail_row(demo().train_images[:6], height=1.1, color=palette.NORMAL).to_edge(DOWN, buff=0.8)
        with self.cue("problem"):
            self.play_to("kinds", FadeIn(title))
            self.play_to("normal", LaggedStart(*(FadeIn(item) for item in gallery), lag_ratio=0.3), fraction=0.8)
            self.play_to(None, LaggedStart(*(FadeIn(item) for item in normals), lag_ratio=0.15), fraction=0.7)
        self.gallery, self.normals = gallery, normals

    def learn_from_normal_only(self):
        model = labelled(Rectangle(width=2.6, height=1.3, color=palette.PRIMARY), "model of normal")
        defect = self.gallery[1]
        training = self.normals.copy().arrange_in_grid(rows=2, buff=0.15).move_to(LEFT * 4.6 + DOWN * 0.4)
        feeds = Arrow(training.get_right(), model[0].get_left() + LEFT * 0.0, buff=0.2, color=palette.NORMAL)
        checks = Arrow(model[0].get_right(), RIGHT * 3.0 + DOWN * 0.4, buff=0.2, color=palette.ANOMALY)
        verdict = Text("anomaly!", font_size=34, color=palette.ANOMALY)
        with self.cue("one_class"):
            self.play_to(
                "model",
                FadeOut(*(item for item in self.gallery if item is not defect)),
                defect.animate.scale(0.8).move_to(RIGHT * 4.6 + DOWN * 0.4),
                Transform(self.normals, training),
            )
            self.play_to("flag", Create(feeds), Create(model[0]), FadeIn(model[1]), fraction=0.8)
            verdict.next_to(defect, UP, buff=0.3)
            self.play_to(None, Create(checks), FadeIn(verdict, scale=1.3), fraction=0.5)


class PatchExtraction(StoryAct):
    act_id = "patches"

    def construct(self):
        self.show_input_image()
        self.show_patch_grid()
        self.show_receptive_field()

    def show_input_image(self):
        result = demo()
        self.example = test_index(result, "hole")
        title = self.make_title()
        picture = image_mobject(result.test_images[self.example], height=4.6).shift(LEFT * 3.4 + DOWN * 0.4)
        size = Text("128 × 128 px here (224 × 224 in the paper)", font_size=20, color=palette.MUTED)
        size.next_to(picture, DOWN, buff=0.25, aligned_edge=LEFT)
        with self.cue("image"):
            self.play_to(None, FadeIn(title), FadeIn(picture), FadeIn(size), fraction=0.5)
        self.title, self.picture, self.size = title, picture, size

    def show_patch_grid(self):
        result = demo()
        rows, columns = result.grid_shape
        network = labelled(Rectangle(width=2.2, height=1.2, color=palette.PRIMARY), "frozen CNN").move_to(RIGHT * 1.2 + UP * 0.4)
        arrow = Arrow(self.picture.get_right(), network.get_left(), buff=0.15, color=palette.MUTED)
        feature_map = map_stack(result.stage_maps[0], height=2.4).next_to(network, RIGHT, buff=0.8)
        grid = patch_grid(self.picture, rows, columns, stroke_width=0.8)
        cell = cell_outline(self.picture, rows, columns, *self.patch_cell())
        grid_label = Text(f"{rows} × {columns} cells here (56 × 56 in the paper)", font_size=20, color=palette.SECONDARY)
        grid_label.next_to(self.picture, DOWN, buff=0.25, aligned_edge=LEFT)
        with self.cue("grid"):
            self.play_to("cnn", self.picture.animate.set_opacity(1), fraction=0.3)
            self.play_to("cells", FadeIn(network), Create(arrow), FadeIn(feature_map, shift=RIGHT * 0.3), fraction=0.8)
            self.play_to("patch", Create(grid), Transform(self.size, grid_label), fraction=0.6)
            self.play_to(None, Create(cell), fraction=0.6)
        self.play(FadeOut(network), FadeOut(arrow), FadeOut(feature_map), FadeOut(grid), run_time=0.4)
        self.cell = cell

    def patch_cell(self):
        return position_view(demo(), self.example).row, position_view(demo(), self.example).column

    def show_receptive_field(self):
        squares = receptive_squares(self.picture, self.cell, image_pixels=demo().test_images.shape[1])
        count = MathTex(r"56 \times 56 = 3136", font_size=56).move_to(RIGHT * 3.6 + DOWN * 1.4)
        count_label = Text("patch positions (paper)", font_size=24, color=palette.MUTED).next_to(count, DOWN)
        with self.cue("receptive"):
            self.play_to("grow", LaggedStart(*(Create(square) for square in squares), lag_ratio=0.5), fraction=0.9)
            self.play_to("count", FadeIn(squares.labels), fraction=0.6)
            self.play_to(None, FadeIn(count), FadeIn(count_label), fraction=0.4)


class FeatureEmbedding(StoryAct):
    act_id = "features"

    def construct(self):
        self.show_backbone()
        self.show_stand_in()
        self.show_layers()
        self.concatenate_layers()
        self.select_random_dims()

    def show_backbone(self):
        title = self.make_title()
        network = flow_row(["ImageNet CNN", "layer1", "layer2", "layer3"], width=2.2).shift(UP * 1.6)
        frozen = Text("frozen: never trained again", font_size=28, color=palette.SECONDARY).next_to(network, DOWN, buff=0.4)
        with self.cue("backbone"):
            self.play_to("frozen", FadeIn(title), FadeIn(network), fraction=0.6)
            self.play_to(None, FadeIn(frozen), fraction=0.5)
        self.title, self.network, self.frozen = title, network, frozen

    def show_stand_in(self):
        note = Text("Here: a fixed multi-scale filter bank stands in for the CNN", font_size=26, color=palette.MUTED)
        note.move_to(self.frozen)
        with self.cue("standin"):
            self.play_to("computed", Transform(self.frozen, note), fraction=0.5)
            self.wait_for_voiceover()

    def show_layers(self):
        result = demo()
        stacks = Group(*(map_stack(maps, height=2.0) for maps in result.stage_maps)).arrange(RIGHT, buff=1.4).shift(DOWN * 1.0)
        names = ["layer1 · 56 × 56 · fine", "layer2 · 28 × 28", "layer3 · 14 × 14 · context"]
        labels = VGroup(*(Text(name, font_size=22).next_to(stack, DOWN, buff=0.25) for name, stack in zip(names, stacks)))
        with self.cue("layers"):
            self.play_to("l1", FadeOut(self.network), fraction=0.5)
            self.play_to("l2", FadeIn(stacks[0]), FadeIn(labels[0]))
            self.play_to("l3", FadeIn(stacks[1]), FadeIn(labels[1]))
            self.play_to(None, FadeIn(stacks[2]), FadeIn(labels[2]), fraction=0.6)
        self.stacks, self.layer_labels = stacks, labels

    def concatenate_layers(self):
        result = demo()
        target = self.stacks[0].height
        row = self.stacks.copy()
        for stack in row[1:]:
            stack.set(height=target)
        row.arrange(RIGHT, buff=0.4)
        fit_within(row, 5.0).move_to(LEFT * 3.7 + DOWN * 0.6)
        column = channel_strip(result, height=4.4).move_to(RIGHT * 0.2 + DOWN * 0.6)
        counts = " + ".join(str(maps.shape[0]) for maps in result.stage_maps)
        stand_in = Text(f"stand-in: {counts} = {column.channel_count}", font_size=20, color=palette.MUTED)
        stand_in.next_to(column, DOWN, buff=0.2)
        total = MathTex("64 + 128 + 256 = 448", font_size=38)
        total.move_to(RIGHT * 1.9 + UP * 1.2, aligned_edge=LEFT)
        total_label = Text("ResNet-18 dims per patch", font_size=20, color=palette.MUTED).next_to(total, DOWN, buff=0.15)
        with self.cue("concat"):
            self.play_to("stack", Transform(self.stacks, row), FadeOut(self.layer_labels), FadeOut(self.frozen), fraction=0.7)
            self.play_to("sum", FadeIn(column, shift=LEFT * 0.3), FadeIn(stand_in), fraction=0.7)
            self.play_to(None, Write(total), FadeIn(total_label), fraction=0.5)
        self.column, self.total, self.total_label, self.stand_in = column, total, total_label, stand_in

    def select_random_dims(self):
        result = demo()
        chosen = self.column.highlight_selected(result.selected_channels)
        kept = Text("keep 100 of 448, at random", font_size=20, color=palette.SECONDARY)
        shared = Text("one subset for every position", font_size=20)
        cost = Text("not PCA: costs only\n0.4 AUROC points", font_size=20, color=palette.MUTED)
        notes = VGroup(kept, shared, cost).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(self.total_label, DOWN, buff=0.5)
        notes.align_to(self.total_label, LEFT)
        here = Text(f"stand-in: {len(result.selected_channels)} of {self.column.channel_count} kept", font_size=20, color=palette.MUTED)
        here.move_to(self.stand_in)
        with self.cue("random"):
            self.play_to("shared", FadeIn(chosen), FadeIn(kept), Transform(self.stand_in, here), fraction=0.7)
            self.play_to("pca", FadeIn(shared), fraction=0.5)
            self.play_to(None, FadeIn(cost), fraction=0.4)


class GaussianModeling(StoryAct):
    act_id = "gaussians"

    def construct(self):
        self.collect_samples()
        self.fit_gaussian()
        self.add_epsilon()
        self.repeat_everywhere()

    def collect_samples(self):
        result = demo()
        self.view = position_view(result, test_index(result, "hole"))
        title = self.make_title()
        thumbnails = thumbnail_row(result.train_images[:6], height=1.3, color=palette.NORMAL).shift(UP * 1.6)
        marks = VGroup(*(cell_outline(item[0], *result.grid_shape, self.view.row, self.view.column) for item in thumbnails))
        self.figure = gaussian_figure(self.view, width=5.2, height=3.6).shift(LEFT * 3.2 + DOWN * 1.3)
        with self.cue("samples"):
            self.play_to("position", FadeIn(title), FadeIn(thumbnails), fraction=0.7)
            self.play_to("cloud", Create(marks), fraction=0.6)
            self.play_to(None, FadeIn(self.figure.axes), LaggedStart(*(GrowFromCenter(dot) for dot in self.figure.dots), lag_ratio=0.02))
        self.thumbnails, self.marks = thumbnails, marks

    def fit_gaussian(self):
        mean = MathTex(r"\mu_{ij} = \frac{1}{N}\sum_{k} x_{ij}^{k}", font_size=38)
        covariance = MathTex(
            r"\Sigma_{ij} = \frac{1}{N-1}\sum_{k}(x_{ij}^{k}-\mu_{ij})(x_{ij}^{k}-\mu_{ij})^{\top}", font_size=34
        )
        VGroup(mean, covariance).arrange(DOWN, aligned_edge=LEFT, buff=0.4).move_to(RIGHT * 2.9 + DOWN * 0.6)
        with self.cue("fit"):
            self.play_to("mean", FadeOut(self.thumbnails), FadeOut(self.marks), fraction=0.6)
            self.play_to("cov", GrowFromCenter(self.figure.mean_dot), Write(mean))
            self.play_to(None, *(Create(ellipse) for ellipse in self.figure.ellipses), Write(covariance), fraction=0.8)
        self.formulas = VGroup(mean, covariance)

    def add_epsilon(self):
        regularised = MathTex(r"\Sigma_{ij} \leftarrow \Sigma_{ij} + \varepsilon I,\quad \varepsilon = 0.01", font_size=40)
        regularised.next_to(self.formulas, DOWN, buff=0.5)
        reason = Text("N images < D dims: Σ alone is singular", font_size=24, color=palette.ACCENT)
        reason.next_to(regularised, DOWN, buff=0.3)
        with self.cue("epsilon"):
            self.play_to("why", Write(regularised), fraction=0.8)
            self.play_to(None, FadeIn(reason), fraction=0.4)
        self.epsilon_group = VGroup(regularised, reason)

    def repeat_everywhere(self):
        result = demo()
        grid = ellipse_grid(result, size=4.0).move_to(RIGHT * 3.4 + DOWN * 0.4)
        count = Text("one Gaussian per position\n(3136 in the paper)", font_size=20, color=palette.SECONDARY)
        count.next_to(grid, DOWN, buff=0.2)
        with self.cue("everywhere"):
            self.play_to("all", FadeOut(self.formulas), FadeOut(self.epsilon_group), fraction=0.6)
            self.play_to(None, FadeIn(grid, lag_ratio=0.01), FadeIn(count), fraction=0.7)


class AnomalyDetection(StoryAct):
    act_id = "detection"

    def construct(self):
        self.show_test_image()
        self.compare_distances()
        self.show_anomaly_map()
        self.score_and_threshold()

    def show_test_image(self):
        result = demo()
        self.example = test_index(result, "hole")
        title = self.make_title()
        self.picture = image_mobject(result.test_images[self.example], height=4.0).move_to(LEFT * 4.4 + DOWN * 0.5)
        outline = mask_outline(self.picture, result.test_masks[self.example], color=palette.ANOMALY)
        with self.cue("test"):
            self.play_to("defect", FadeIn(title), FadeIn(self.picture), fraction=0.8)
            self.play_to(None, Create(outline), fraction=0.8)
        self.outline = outline

    def compare_distances(self):
        result = demo()
        view = position_view(result, self.example)
        figure = gaussian_figure(view, width=4.6, height=3.4, include_test=True).move_to(RIGHT * 2.6 + DOWN * 0.9)
        contrast = distance_contrast(figure, view)
        patch = Dot(figure.axes.c2p(*view.test_point), color=palette.ANOMALY, radius=0.11)
        distance = result.distance_maps[self.example, view.row, view.column]
        patch_label = Text(f"defect patch: Mahalanobis {distance:.1f} in {result.means.shape[-1]} dims", font_size=20, color=palette.ANOMALY)
        patch_label.next_to(figure, DOWN, buff=0.15)
        with self.cue("distance"):
            self.play_to("ellipse", FadeIn(figure.axes), FadeIn(figure.dots), FadeIn(figure.mean_dot), fraction=0.6)
            self.play_to("far", *(Create(ellipse) for ellipse in figure.ellipses), Create(contrast.circle), fraction=0.8)
            self.play_to(None, FadeIn(contrast.dots), FadeIn(contrast.labels), FadeIn(patch), FadeIn(patch_label), fraction=0.6)
        self.figure, self.contrast = Group(figure, patch, patch_label), contrast

    def show_anomaly_map(self):
        result = demo()
        raw, smooth = anomaly_figure(result, self.example, height=4.0)
        raw.move_to(LEFT * 0.1 + DOWN * 0.5)
        smooth.move_to(raw)
        raw_label = Text("Mahalanobis distance per patch", font_size=20).next_to(raw, DOWN, buff=0.2)
        smooth_label = Text("upsampled, Gaussian blur σ = 4", font_size=20).move_to(raw_label)
        with self.cue("map"):
            self.play_to("upsample", FadeOut(self.figure), FadeOut(self.contrast), FadeIn(raw), FadeIn(raw_label))
            self.play_to(None, FadeIn(smooth), FadeOut(raw_label), FadeIn(smooth_label), fraction=0.6)

    def score_and_threshold(self):
        result = demo()
        score = MathTex(rf"\text{{score}} = \max = {result.image_scores[self.example]:.1f}", font_size=30)
        threshold = MathTex(rf"\text{{threshold}} = {result.threshold:.1f}", font_size=30, color=palette.SECONDARY)
        VGroup(score, threshold).arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to(RIGHT * 2.6 + UP * 0.6, aligned_edge=LEFT)
        predicted = mask_overlay(self.picture, result.anomaly_maps[self.example] > result.threshold, color=palette.SECONDARY)
        with self.cue("score"):
            self.play_to("threshold", Write(score), fraction=0.8)
            self.play_to("mask", FadeIn(threshold), fraction=0.8)
            self.play_to(None, FadeIn(predicted), fraction=0.6)


class CompletePipeline(StoryAct):
    act_id = "pipeline"

    def construct(self):
        self.show_training_path()
        self.show_test_path()
        self.show_results()

    def show_training_path(self):
        title = self.make_title()
        self.train = flow_row(["normal images", "embed", "select dims", "fit Gaussians"], color=palette.NORMAL).shift(UP * 1.4)
        boxes, arrows = self.train
        with self.cue("train"):
            self.play_to("embed", FadeIn(title), FadeIn(boxes[0]), fraction=0.6)
            self.play_to("select", Create(arrows[0]), FadeIn(boxes[1]))
            self.play_to("fit", Create(arrows[1]), FadeIn(boxes[2]))
            self.play_to(None, Create(arrows[2]), FadeIn(boxes[3]), fraction=0.6)

    def show_test_path(self):
        self.test = flow_row(["test image", "embed", "Mahalanobis", "anomaly map"], color=palette.ANOMALY).shift(DOWN * 0.4)
        boxes, arrows = self.test
        with self.cue("infer"):
            self.play_to("embed", FadeIn(boxes[0]), fraction=0.6)
            self.play_to("distance", Create(arrows[0]), FadeIn(boxes[1]))
            self.play_to("map", Create(arrows[1]), FadeIn(boxes[2]))
            self.play_to(None, Create(arrows[2]), FadeIn(boxes[3]), fraction=0.6)

    def show_results(self):
        table = number_table(
            [
                ("MVTec AD", "image AUROC", "pixel AUROC", "PRO"),
                ("PaDiM-WR50-Rd550", "95.3", "97.5", "92.1"),
                ("SPADE", "85.5", "96.5", "91.7"),
            ]
        ).move_to(DOWN * 0.6)
        padim_row, spade_row = table[1], table[2]
        with self.cue("results"):
            self.play_to("pixel", FadeOut(self.train), FadeOut(self.test), FadeIn(table[0]), FadeIn(padim_row[:2]), fraction=0.8)
            self.play_to("pro", FadeIn(padim_row[2]))
            self.play_to("spade", FadeIn(padim_row[3]))
            self.play_to(None, FadeIn(spade_row), fraction=0.5)


class Epilogue(StoryAct):
    act_id = "epilogue"

    def construct(self):
        self.list_insights()
        self.list_limits()
        self.show_what_came_next()

    def list_insights(self):
        title = self.make_title()
        insights = bullet_list(["frozen pretrained features", "one Gaussian per patch position", "Mahalanobis distance"])
        insights.shift(UP * 0.9)
        with self.cue("insights"):
            self.play_to("frozen", FadeIn(title), fraction=0.6)
            self.play_to("gauss", FadeIn(insights[0]))
            self.play_to("maha", FadeIn(insights[1]))
            self.play_to(None, FadeIn(insights[2]), fraction=0.5)
        self.insights = insights

    def list_limits(self):
        limits = bullet_list(["needs roughly aligned images", "memory grows with D²"], color=palette.ACCENT)
        limits.next_to(self.insights, DOWN, buff=0.6, aligned_edge=LEFT)
        with self.cue("limits"):
            self.play_to("align", self.insights.animate.set_opacity(0.5), fraction=0.6)
            self.play_to("memory", FadeIn(limits[0]))
            self.play_to(None, FadeIn(limits[1]), fraction=0.5)
        self.limits = limits

    def show_what_came_next(self):
        successor = Text("Next: PatchCore (Roth et al., CVPR 2022)\none memory bank, no alignment needed", font_size=24)
        successor.move_to(DOWN * 2.7)
        card = citation_card().move_to(DOWN * 0.2)
        with self.cue("next"):
            self.play_to("paper", FadeIn(successor), fraction=0.6)
            self.play_to(
                None, FadeOut(self.insights), FadeOut(self.limits), FadeIn(card, shift=UP * 0.2), fraction=0.6
            )


ACTS = (Prologue, PatchExtraction, FeatureEmbedding, GaussianModeling, AnomalyDetection, CompletePipeline, Epilogue)


class PaDiMStory(VideoScene):
    video = "story"
    acts = ACTS
