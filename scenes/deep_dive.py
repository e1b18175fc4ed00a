"""PaDiMTechnicalDeepDive: the statistics, the features and the cost behind PaDiM, in three narrated parts.

Render the whole video with ``manim -pqh scenes/deep_dive.py PaDiMTechnicalDeepDive``
or one part with ``manim -pql scenes/deep_dive.py GaussianTheory``. The
spoken words are in ``narration/deep_dive.md``; each ``with self.cue("id")``
block plays one of its cues.
"""

from math import isqrt

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Circle,
    Create,
    DashedVMobject,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Group,
    LaggedStart,
    Line,
    MathTex,
    MoveToTarget,
    SurroundingRectangle,
    Text,
    Transform,
    TransformFromCopy,
    VGroup,
    Write,
)

from padim_studio.padim import embedding
from padim_studio.padim.memory import (
    PAPER_SETTINGS,
    model_size_bytes,
    model_size_table,
    multiply_adds_per_image,
)
from padim_studio.scene import NarratedScene, VideoScene
from padim_studio.stage import palette
from padim_studio.stage.cards import formula_card, number_table
from padim_studio.stage.charts import BarRow, eigenvalue_bars, horizontal_bars
from padim_studio.padim.correlation import layer_of_channels, mean_abs_correlation
from padim_studio.stage.correlation_view import correlation_figure
from padim_studio.stage.demo_views import demo, position_view, test_index
from padim_studio.stage.diagrams import flow_row, map_stack
from padim_studio.stage.figures import PAPER_INPUT_PX, RECEPTIVE_FIELDS_PX, channel_strip
from padim_studio.stage.gaussian_view import contrast_points
from padim_studio.stage.layout import fit_within, safe_half_width
from padim_studio.stage.symbols import symbol_legend
from padim_studio.stage.transitions import fade_then
from padim_studio.padim.whitening import whiten
from padim_studio.stage.whitening import data_panel, whitened_panel

# Training images used to show a singular covariance: fewer than the demo's D kept dims.
SINGULAR_EXAMPLE_IMAGES = 20
# Eigenvalues at or below this are drawn as zero. The demo's positive eigenvalues all lie above it.
EIGENVALUE_FLOOR = 1e-5
# Level of the ellipse on which the near and far example points are placed.
CONTRAST_LEVEL = 2.0


def example_view():
    """Return the 2-D view that every part draws: the most anomalous position of the first 'hole' test image."""
    result = demo()
    return position_view(result, test_index(result, "hole"))


def format_tex_integer(value: int) -> str:
    """Format an integer with thousands separators that LaTeX math mode does not space out."""
    return f"{value:,}".replace(",", "{,}")


class DeepDiveAct(NarratedScene):
    """An act of PaDiMTechnicalDeepDive: speaks ``narration/deep_dive.md``."""

    video = "deep_dive"


class GaussianTheory(DeepDiveAct):
    act_id = "gaussian_theory"

    def construct(self):
        self.introduce_density()
        self.estimate_parameters()
        self.regularise_covariance()
        self.whiten_the_cloud()
        self.contrast_near_and_far()

    def introduce_density(self):
        title = self.make_title()
        legend = symbol_legend(
            [
                (r"x \in \mathbb{R}^{D}", "feature vector at one patch position, D dims"),
                (r"\mu", "mean vector"),
                (r"\Sigma", "covariance matrix, D × D"),
            ]
        ).move_to(UP * 1.3)
        density = formula_card(
            r"p(x) = \frac{1}{\sqrt{(2\pi)^{D}\,\lvert\Sigma\rvert}}"
            r"\,\exp\!\left(-\tfrac{1}{2}\,(x-\mu)^{\top}\,\Sigma^{-1}\,(x-\mu)\right)",
            caption="multivariate Gaussian density (|Σ|: determinant of Σ)",
        ).move_to(DOWN * 1.6)
        with self.cue("density"):
            self.play_to("params", FadeIn(title), FadeIn(legend[0]), fraction=0.6)
            self.play_to("formula", FadeIn(legend[1]), FadeIn(legend[2]), fraction=0.7)
            self.play_to(None, Write(density), fraction=0.7)
        self.legend, self.density = legend, density

    def estimate_parameters(self):
        self.density.generate_target()
        self.density.target.scale(0.7).move_to(UP * 1.95)
        samples = symbol_legend([(r"x^{1}, \dots, x^{N}", "its vectors in N normal training images")])
        mean = MathTex(r"\mu = \frac{1}{N}\sum_{k=1}^{N} x^{k}", font_size=40)
        covariance = MathTex(
            r"\Sigma = ", r"\frac{1}{N-1}", r"\sum_{k=1}^{N}(x^{k}-\mu)(x^{k}-\mu)^{\top}", font_size=40
        )
        column = VGroup(samples, mean, covariance).arrange(DOWN, buff=0.4)
        column.next_to(self.density.target, DOWN, buff=0.4)
        unbiased_box = SurroundingRectangle(covariance[1], color=palette.SECONDARY, buff=0.08)
        unbiased = Text("1/(N − 1), not 1/N: unbiased", font_size=24, color=palette.SECONDARY)
        unbiased.next_to(covariance, DOWN, buff=0.3)
        with self.cue("estimates"):
            self.play_to("mean", fade_then(self.legend, MoveToTarget(self.density), FadeIn(samples)), fraction=0.8)
            self.play_to("cov", Write(mean), fraction=0.8)
            self.play_to("unbiased", Write(covariance), fraction=0.8)
            self.play_to(None, Create(unbiased_box), FadeIn(unbiased), fraction=0.5)
        self.covariance = covariance
        self.estimate_group = VGroup(self.density, samples, mean, unbiased_box, unbiased)

    def regularise_covariance(self):
        result = demo()
        view = example_view()
        samples = result.position_samples(view.row, view.column)[:SINGULAR_EXAMPLE_IMAGES].astype(np.float64)
        sample_covariance = np.cov(samples, rowvar=False)
        count, dims = samples.shape
        epsilon = result.parameters.epsilon
        rank = int(np.linalg.matrix_rank(sample_covariance))
        before = np.linalg.eigvalsh(sample_covariance)
        after = np.linalg.eigvalsh(sample_covariance + epsilon * np.eye(dims))
        high = 10 ** np.ceil(np.log10(after.max()))

        self.covariance.generate_target()
        self.covariance.target.scale(0.8).move_to(UP * 2.0)
        singular = eigenvalue_bars(before, width=4.6, height=2.4, low=EIGENVALUE_FLOOR, high=high, reference=epsilon)
        singular.move_to(LEFT * 3.5 + DOWN * 0.8)
        regular = eigenvalue_bars(after, width=4.6, height=2.4, low=EIGENVALUE_FLOOR, high=high, reference=epsilon)
        regular.move_to(singular, aligned_edge=DOWN)
        chart_label = Text("eigenvalues of Σ, log scale (demo)", font_size=20, color=palette.MUTED)
        chart_label.next_to(singular.baseline, DOWN, buff=0.2)
        epsilon_label = MathTex(r"\varepsilon", font_size=30, color=palette.SECONDARY).next_to(regular.reference, RIGHT, buff=0.1)

        facts = VGroup(
            Text(f"first N = {count} demo images, D = {dims} dims", font_size=22),
            Text(f"rank Σ = {rank} < {dims}: singular, no inverse", font_size=22, color=palette.ACCENT),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        fix = VGroup(
            MathTex(r"\Sigma \leftarrow \Sigma + \varepsilon I", font_size=40),
            Text(f"ε = {epsilon:g}, I = identity matrix", font_size=22),
            Text(f"smallest eigenvalue {after.min():.3f}: invertible", font_size=22, color=palette.SUCCESS),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        column = VGroup(facts, fix).arrange(DOWN, aligned_edge=LEFT, buff=0.5).move_to(RIGHT * 3.1 + DOWN * 0.6)
        paper = Text("MVTec AD: about 240 training images per category, 550 dims (WR50-Rd550)", font_size=22, color=palette.ACCENT)
        fit_within(paper, 2 * safe_half_width()).move_to(DOWN * 3.35)
        with self.cue("epsilon"):
            self.play_to(
                "rank",
                fade_then(
                    self.estimate_group,
                    MoveToTarget(self.covariance),
                    FadeIn(singular.baseline),
                    FadeIn(singular.bars),
                    FadeIn(chart_label),
                ),
                fraction=0.8,
            )
            self.play_to("fix", FadeIn(facts), fraction=0.6)
            self.play_to(
                "paper",
                Transform(singular.bars, regular.bars),
                Create(regular.reference),
                FadeIn(epsilon_label),
                Write(fix[0]),
                FadeIn(fix[1:]),
                fraction=0.8,
            )
            self.play_to(None, FadeIn(paper), fraction=0.4)
        self.epsilon_group = VGroup(
            self.covariance, singular.baseline, singular.bars, regular.reference, epsilon_label, chart_label, column, paper
        )

    def whiten_the_cloud(self):
        view = example_view()
        near, far = contrast_points(view.mean, view.covariance, level=CONTRAST_LEVEL)
        extras = np.vstack([near, far])
        data = data_panel(view.points, view.mean, view.covariance, size=3.5, extra_points=extras)
        data.move_to(LEFT * 4.0 + DOWN * 1.2)
        white = whitened_panel(view.points, view.mean, view.covariance, size=3.5, extra_points=extras)
        white.move_to(RIGHT * 4.0 + DOWN * 1.2)
        data_caption = Text(f"demo position, dims {view.dims[0]} and {view.dims[1]}", font_size=20, color=palette.MUTED)
        data_caption.next_to(data, DOWN, buff=0.15)
        white_caption = Text("whitened", font_size=20, color=palette.MUTED).next_to(white, DOWN, buff=0.15)

        distance = MathTex(r"M(x) = \sqrt{(x-\mu)^{\top}\,\Sigma^{-1}\,(x-\mu)}", font_size=38)
        cholesky = MathTex(r"\Sigma = L L^{\top}", font_size=38)
        VGroup(distance, cholesky).arrange(RIGHT, buff=1.2).move_to(UP * 1.9)
        arrow = Arrow(data.get_right() + RIGHT * 0.1, white.get_left() + LEFT * 0.1, buff=0.1, color=palette.MUTED)
        mapping = MathTex(r"z = L^{-1}(x-\mu)", font_size=36).next_to(arrow, UP, buff=0.2)
        euclidean = MathTex(r"M(x) = \lVert z \rVert", font_size=36, color=palette.SECONDARY).next_to(arrow, DOWN, buff=0.2)
        with self.cue("whitening"):
            self.play_to(
                "cholesky",
                fade_then(
                    self.epsilon_group,
                    FadeIn(distance),
                    FadeIn(data.axes),
                    FadeIn(data.dots),
                    FadeIn(data.mean_dot),
                    Create(data.curves),
                    FadeIn(data_caption),
                ),
                fraction=0.8,
            )
            self.play_to("whiten", Write(cholesky), fraction=0.7)
            self.play_to(
                "euclid",
                GrowArrow(arrow),
                Write(mapping),
                FadeIn(white.axes),
                TransformFromCopy(data.dots, white.dots),
                TransformFromCopy(data.curves, white.curves),
                TransformFromCopy(data.mean_dot, white.mean_dot),
                FadeIn(white_caption),
                fraction=0.9,
            )
            self.play_to(None, Write(euclidean), fraction=0.6)
        self.data, self.white = data, white
        self.data_caption, self.white_caption = data_caption, white_caption

    def contrast_near_and_far(self):
        view = example_view()
        near, far = contrast_points(view.mean, view.covariance, level=CONTRAST_LEVEL)
        data, white = self.data, self.white
        center = data.axes.c2p(*view.mean)
        radius = float(np.linalg.norm(data.axes.c2p(*near) - center))
        circle = DashedVMobject(Circle(radius=radius, color=palette.TEXT, stroke_width=2), num_dashes=40).move_to(center)
        pair = VGroup(
            Dot(data.axes.c2p(*near), color=palette.SUCCESS, radius=0.1),
            Dot(data.axes.c2p(*far), color=palette.ANOMALY, radius=0.1),
        )
        whitened_pair = VGroup(
            Dot(white.axes.c2p(*whiten(near, view.mean, view.covariance)), color=palette.SUCCESS, radius=0.1),
            Dot(white.axes.c2p(*whiten(far, view.mean, view.covariance)), color=palette.ANOMALY, radius=0.1),
        )
        euclidean = float(np.linalg.norm(near - view.mean))
        euclidean_label = Text(f"both at Euclidean distance {euclidean:.2f}", font_size=20).move_to(self.data_caption)
        lengths = [float(np.linalg.norm(whiten(point, view.mean, view.covariance))) for point in (near, far)]
        near_text, far_text = f"{lengths[0]:.1f}", f"{lengths[1]:.1f}"
        mahalanobis_label = Text(
            f"Mahalanobis {near_text} and {far_text}",
            font_size=20,
            t2c={near_text: palette.SUCCESS, far_text: palette.ANOMALY},
        ).move_to(self.white_caption)
        with self.cue("near_far"):
            self.play_to("pair", data.dots.animate.set_opacity(0.35), white.dots.animate.set_opacity(0.35), fraction=0.6)
            self.play_to("whitened", Create(circle), FadeIn(pair), Transform(self.data_caption, euclidean_label), fraction=0.8)
            self.play_to(None, TransformFromCopy(pair, whitened_pair), Transform(self.white_caption, mahalanobis_label), fraction=0.5)


class FeatureSelection(DeepDiveAct):
    act_id = "feature_selection"

    def construct(self):
        self.show_layers()
        self.concatenate_layers()
        self.select_random_subset()

    def show_layers(self):
        result = demo()
        title = self.make_title()
        network = flow_row(["frozen CNN", "layer1", "layer2", "layer3"], width=2.4).move_to(UP * 1.9)
        boxes = network[0]
        stacks = Group(*(map_stack(maps, height=1.9) for maps in result.stage_maps))
        labels = VGroup()
        for stack, box, stride, (name, receptive_px) in zip(stacks, boxes[1:], embedding.STAGE_STRIDES, RECEPTIVE_FIELDS_PX):
            stack.move_to([box.get_x(), -0.25, 0])
            side = PAPER_INPUT_PX // stride
            label = VGroup(
                Text(f"{side} × {side}", font_size=22),
                Text(f"sees about {receptive_px} px", font_size=20, color=palette.SECONDARY),
            ).arrange(DOWN, buff=0.12)
            labels.add(label.next_to(stack, DOWN, buff=0.3))
        source = Text(
            f"paper: ImageNet\nResNet-18, {PAPER_INPUT_PX} px\ninput; receptive\nfields theoretical", font_size=18, color=palette.MUTED
        )
        source.move_to([boxes[0].get_x(), labels.get_y(), 0])
        sizes = ", ".join(f"{maps.shape[1]} × {maps.shape[2]}" for maps in result.stage_maps)
        stand_in = Text(f"Maps shown: a fixed filter bank stands in for the CNN ({sizes} here)", font_size=22, color=palette.MUTED)
        fit_within(stand_in, 2 * safe_half_width()).move_to(DOWN * 3.4)
        with self.cue("layers"):
            self.play_to("l1", FadeIn(title), FadeIn(network), fraction=0.7)
            self.play_to("l2", FadeIn(stacks[0]), FadeIn(labels[0]), FadeIn(source), fraction=0.7)
            self.play_to("l3", FadeIn(stacks[1]), FadeIn(labels[1]))
            self.play_to("standin", FadeIn(stacks[2]), FadeIn(labels[2]), fraction=0.7)
            self.play_to(None, FadeIn(stand_in), fraction=0.5)
        self.stage_group = Group(network, stacks, labels, source, stand_in)

    def concatenate_layers(self):
        result = demo()
        strip = channel_strip(result, height=4.4).move_to(LEFT * 5.0 + DOWN * 0.55)
        layers = layer_of_channels(result.selected_channels)
        figure = correlation_figure(mean_abs_correlation(result.covariances), layers, size=3.6)
        figure.move_to(LEFT * 0.3 + DOWN * 0.75)
        dims = len(layers)
        figure_label = Text(f"mean |correlation| of the {dims} kept dims (demo)", font_size=20, color=palette.MUTED)
        figure_label.next_to(figure, UP, buff=0.2)

        key = VGroup(
            Text("within one layer", font_size=22),
            Text("between layers", font_size=22, color=palette.SECONDARY),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        gain = VGroup(
            Text("one joint Gaussian against", font_size=22),
            Text("separate per-layer models:", font_size=22),
            Text("+1.1 AUROC, +1.8 PRO", font_size=24, color=palette.SUCCESS),
            Text("(paper, ResNet-18)", font_size=20, color=palette.MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        VGroup(key, gain).arrange(DOWN, aligned_edge=LEFT, buff=0.6).next_to(figure, RIGHT, buff=0.5)

        with self.cue("concat"):
            self.play_to("cov", fade_then(self.stage_group, FadeIn(strip, shift=LEFT * 0.3)), fraction=0.8)
            self.play_to(
                "gain",
                FadeIn(figure.heatmap),
                Create(figure.within),
                Create(figure.across),
                FadeIn(figure_label),
                FadeIn(key),
                fraction=0.8,
            )
            self.play_to(None, FadeIn(gain), fraction=0.5)
        self.strip = strip
        self.correlation_group = Group(figure, figure_label, key, gain)

    def select_random_subset(self):
        result = demo()
        ticks = self.strip.highlight_selected(result.selected_channels)
        kept_label = Text(f"stand-in: {len(result.selected_channels)} of {self.strip.channel_count} kept", font_size=20, color=palette.MUTED)
        kept_label.next_to(self.strip, UP, buff=0.2).align_to(self.strip, LEFT)

        header = Text("pixel AUROC on MVTec AD, ResNet-18, 100 dims (paper)", font_size=22, color=palette.MUTED)
        bars = horizontal_bars(
            [
                BarRow("random subset (Rd100)", 96.7, "96.7", palette.SUCCESS),
                BarRow("PCA (PCA100)", 93.5, "93.5", palette.MUTED),
            ],
            max_value=100.0,
            length=3.6,
        )
        VGroup(header, bars).arrange(DOWN, buff=0.35).move_to(RIGHT * 1.7 + UP * 1.5)

        copies = Group()
        rows, columns = result.grid_shape
        positions = ((0, 0), (rows // 2, columns // 2), (rows - 1, columns - 1))
        for row, column in positions:
            copy = VGroup(self.strip.slices.copy(), ticks.copy()).scale(0.55)
            caption = Text(f"position ({row}, {column})", font_size=18, color=palette.MUTED).next_to(copy, DOWN, buff=0.15)
            copies.add(Group(copy, caption))
        copies.arrange(RIGHT, buff=1.0).move_to(RIGHT * 1.7 + DOWN * 1.2)
        shared = Text("one subset, drawn once: every position, training and test", font_size=22, color=palette.SECONDARY)
        fit_within(shared, 8.5).next_to(copies, DOWN, buff=0.3)

        with self.cue("random"):
            self.play_to("pca", FadeOut(self.correlation_group), FadeIn(ticks), FadeIn(kept_label), fraction=0.8)
            self.play_to("scores", FadeIn(header), FadeIn(VGroup(bars.rows[0][0], bars.rows[1][0])), fraction=0.7)
            self.play_to(
                "shared",
                LaggedStart(*(FadeIn(row[1:], shift=RIGHT * 0.2) for row in bars.rows), lag_ratio=0.5),
                fraction=0.7,
            )
            self.play_to(None, LaggedStart(*(FadeIn(item) for item in copies), lag_ratio=0.3), FadeIn(shared), fraction=0.7)


class ComputationalEfficiency(DeepDiveAct):
    act_id = "efficiency"

    def construct(self):
        self.state_memory_formula()
        self.compute_size_table()
        self.compare_scaling()
        self.report_timings()

    def state_memory_formula(self):
        title = self.make_title()
        positions = PAPER_SETTINGS[0].positions
        side = isqrt(positions)
        legend = symbol_legend(
            [
                (r"H \times W", f"positions: {side} × {side} = {positions} for a {PAPER_INPUT_PX} px input"),
                (r"D", "dims kept per position"),
                (r"D + D^{2}", "numbers in a mean and an inverse covariance"),
                (r"4", "bytes per float32 number"),
            ]
        ).move_to(UP * 0.9)
        formula = formula_card(r"\text{size} = H \cdot W \cdot (D^{2} + D) \cdot 4\ \text{bytes}").move_to(DOWN * 1.9)
        with self.cue("memory"):
            self.play_to("formula", FadeIn(title), LaggedStart(*(FadeIn(row) for row in legend), lag_ratio=0.6), fraction=0.9)
            self.play_to(None, Write(formula), fraction=0.6)
        self.legend, self.formula = legend, formula

    def compute_size_table(self):
        table_rows = model_size_table()
        header = ("setting", "H · W", "D", "size")
        table = number_table([header, *((name, str(positions), str(dims), f"{size_gb:#.3g} GB") for name, positions, dims, size_gb in table_rows)])
        table.move_to(DOWN * 1.55)
        # Sizes with the random subset in green, sizes with every dim in red.
        for row, setting in zip(table[1:], PAPER_SETTINGS):
            row[3].set_color(palette.SUCCESS if "Rd" in setting.name else palette.ACCENT)
        worked = [self.worked_size(positions, dims) for _, positions, dims, _ in table_rows]
        for line in worked:
            line.move_to(UP * 0.75)
        self.formula.generate_target()
        self.formula.target.scale(0.75).move_to(UP * 2.0)
        with self.cue("table"):
            self.play_to("r18", fade_then(self.legend, MoveToTarget(self.formula), FadeIn(table[0])), fraction=0.8)
            self.play_to("wr50", Write(worked[0]), FadeIn(table[1]), fraction=0.8)
            worked_line = worked[0]
            self.play_to("full", Transform(worked_line, worked[1]), FadeIn(table[2]), fraction=0.8)
            self.play_to(
                None,
                Transform(worked_line, worked[3]),
                LaggedStart(FadeIn(table[3]), FadeIn(table[4]), lag_ratio=0.5),
                fraction=0.7,
            )
        self.size_group = VGroup(self.formula, table, worked_line)

    @staticmethod
    def worked_size(positions: int, dims: int) -> MathTex:
        """Write H·W·(D² + D)·4 with the setting's numbers and its size from ``model_size_bytes``."""
        size = model_size_bytes(positions, dims)
        return MathTex(
            rf"{positions} \cdot ({dims}^{{2}} + {dims}) \cdot 4 = {format_tex_integer(size)}\ \text{{bytes}}",
            font_size=38,
        )

    def compare_scaling(self):
        axes = Axes(
            x_range=[0, 10, 1],
            y_range=[0, 10, 1],
            x_length=5.6,
            y_length=3.4,
            tips=False,
            axis_config={"color": palette.MUTED, "stroke_width": 2, "include_ticks": False},
        ).move_to(LEFT * 3.1 + DOWN * 0.4)
        x_label = Text("training images N", font_size=20, color=palette.MUTED).next_to(axes, DOWN, buff=0.15)
        y_label = Text("cost per test image", font_size=20, color=palette.MUTED).rotate(np.pi / 2).next_to(axes, LEFT, buff=0.15)
        schematic = Text("schematic, not measured", font_size=18, color=palette.MUTED).next_to(axes, UP, buff=0.2)
        padim_line = Line(axes.c2p(0.3, 3), axes.c2p(9.7, 3), color=palette.PRIMARY, stroke_width=5)
        padim_label = Text("PaDiM", font_size=22, color=palette.PRIMARY).next_to(padim_line, DOWN, buff=0.15).align_to(padim_line, RIGHT)
        spade_line = Line(axes.c2p(0.3, 0.6), axes.c2p(9.7, 9.4), color=palette.ANOMALY, stroke_width=5)
        spade_label = Text("SPADE: nearest neighbours", font_size=22, color=palette.ANOMALY)
        spade_label.next_to(axes.c2p(0.3, 9.4), RIGHT, buff=0.1)

        cost_rows = [(setting.name, multiply_adds_per_image(setting.positions, setting.dims)) for setting in PAPER_SETTINGS[:2]]
        cost = VGroup(
            Text("PaDiM per test image:", font_size=24),
            MathTex(r"H \cdot W \cdot (D^{2} + D)", font_size=36),
            Text("multiply-adds, for any N", font_size=24),
            *(Text(f"{name}: {format_multiply_adds(count)}", font_size=24, color=palette.SECONDARY) for name, count in cost_rows),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        cost.move_to(RIGHT * 3.7 + DOWN * 0.4)
        with self.cue("scaling"):
            self.play_to(
                "spade",
                fade_then(self.size_group, Create(axes), FadeIn(x_label, y_label, schematic), Create(padim_line), FadeIn(padim_label)),
                fraction=0.8,
            )
            self.play_to("padim", Create(spade_line), FadeIn(spade_label), fraction=0.8)
            self.play_to(None, FadeIn(cost), fraction=0.5)
        self.scaling_group = VGroup(axes, x_label, y_label, schematic, padim_line, padim_label, spade_line, spade_label, cost)

    def report_timings(self):
        header = VGroup(
            Text("inference time per image, laptop CPU, serial code", font_size=26),
            Text("as reported in the paper", font_size=22, color=palette.MUTED),
        ).arrange(DOWN, buff=0.15).move_to(UP * 1.7)
        bars = horizontal_bars(
            [
                BarRow("PaDiM-R18-Rd100", 0.23, "about 0.23 s", palette.SUCCESS),
                BarRow("PaDiM-WR50-Rd550", 0.95, "about 0.95 s", palette.PRIMARY),
                BarRow("SPADE", 7.10, "about 7.1 s", palette.ANOMALY),
            ],
            max_value=7.10,
            length=6.0,
        )
        bars.move_to(DOWN * 0.6)
        with self.cue("timing"):
            self.play_to("wr50", fade_then(self.scaling_group, FadeIn(header), FadeIn(bars.rows[0])), fraction=0.8)
            self.play_to("spade", FadeIn(bars.rows[1]), fraction=0.7)
            self.play_to(None, FadeIn(bars.rows[2]), fraction=0.5)


def format_multiply_adds(count: int) -> str:
    """Format a multiply-add count as whole millions (M) below 1e8, else as billions (G) to two decimals."""
    if count < 1e8:
        return f"about {count / 1e6:.0f} M"
    return f"about {count / 1e9:.2f} G"


ACTS = (GaussianTheory, FeatureSelection, ComputationalEfficiency)


class PaDiMTechnicalDeepDive(VideoScene):
    video = "deep_dive"
    acts = ACTS
