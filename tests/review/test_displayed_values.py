"""Numbers the videos show are the numbers the project's code computes."""

import pytest
from manim import MathTex, Text

from padim_studio.padim.memory import model_size_table
from padim_studio.review.probe import StageObserver, load_video_scene, run_video, stage_mobjects
from padim_studio.stage.demo_views import demo, position_view
from padim_studio.stage.demo_views import test_index as index_of_kind

pytestmark = pytest.mark.slow

# Model sizes of the four PaDiM settings (3136 positions, D = 100, 550, 448, 1792) as H·W·(D² + D)·4 bytes.
PAPER_SIZES_GB = {"R18-Rd100": "0.127", "WR50-Rd550": "3.80", "R18 all 448": "2.52", "WR50 all 1792": "40.3"}


def squeeze(text: str) -> str:
    """Drop whitespace: manim's Text keeps its string without spaces."""
    return "".join(text.split())


class TextCollector(StageObserver):
    """Collects the string of every Text and MathTex seen on stage, without whitespace."""

    def __init__(self):
        self.texts: set[str] = set()

    def animation_finished(self, scene, moment, animations):
        for mobject in stage_mobjects(scene):
            for member in mobject.get_family():
                if isinstance(member, Text):
                    self.texts.add(squeeze(member.text))
                elif isinstance(member, MathTex):
                    self.texts.add(squeeze(member.tex_string))


def shown_texts(video: str) -> set[str]:
    collector = TextCollector()
    run_video(load_video_scene(video), collector)
    return collector.texts


@pytest.fixture(scope="module")
def story_texts():
    return shown_texts("story")


def test_story_shows_computed_score_and_threshold(story_texts):
    result = demo()
    example = index_of_kind(result, "hole")
    assert any("score" in text and f"{result.image_scores[example]:.1f}" in text for text in story_texts)
    assert any("threshold" in text and f"{result.threshold:.1f}" in text for text in story_texts)


def test_story_shows_computed_patch_distance(story_texts):
    result = demo()
    example = index_of_kind(result, "hole")
    view = position_view(result, example)
    distance = result.distance_maps[example, view.row, view.column]
    assert squeeze(f"defect patch: Mahalanobis {distance:.1f} in {result.means.shape[-1]} dims") in story_texts


def test_deep_dive_memory_table_is_computed():
    texts = shown_texts("deep_dive")
    for name, _, _, size_gb in model_size_table():
        assert squeeze(f"{size_gb:#.3g} GB") in texts, name
    assert {name: f"{size_gb:#.3g}" for name, _, _, size_gb in model_size_table()} == PAPER_SIZES_GB


def test_quick_demo_shows_computed_score():
    result = demo()
    texts = shown_texts("quick_demo")
    assert any("score" in text and any(f"{score:.1f}" in text for score in result.image_scores) for text in texts)
