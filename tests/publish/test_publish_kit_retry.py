"""Tests of the loudness retry in the kit, with the encoder and the measurements replaced by stubs."""

import io
from pathlib import Path

import pytest

from padim_studio.publish import PublishError, kit
from padim_studio.publish.encode import DeliveryLength
from padim_studio.publish.loudness import TRUE_PEAK_HEADROOM_DB, LoudnormStats, NormalisationPlan
from padim_studio.publish.progress import StepClock
from padim_studio.publish.render import RenderOutput

RENDER = RenderOutput("story", "Epilogue", "Title", Path("render.mp4"), Path("render.srt"), Path("sections.json"), ())
MEASURED = LoudnormStats(-15.0, -2.5, 3.0, -25.0, 0.0, "dynamic")


@pytest.fixture
def stubs(monkeypatch):
    """Replace planning, muxing and measuring; ``true_peaks`` sets what each measurement returns."""
    calls = {"headrooms": [], "true_peaks": [-0.8, -1.2], "normalization_type": "linear"}

    def plan(source, headroom_db):
        calls["headrooms"].append(headroom_db)
        return NormalisationPlan(-14.0, -1.0 - headroom_db, 11.0, MEASURED, MEASURED)

    def mux(video_only, render_video, plan, length, output):
        return LoudnormStats(-15.0, -2.5, 3.0, -25.0, 0.0, calls["normalization_type"])

    def measure(path, render_video):
        return {"loudness": {"true_peak_dbtp": calls["true_peaks"].pop(0), "integrated_lufs": -14.0}}

    monkeypatch.setattr(kit.loudness, "plan_normalisation", plan)
    monkeypatch.setattr(kit.encode, "mux_delivery", mux)
    monkeypatch.setattr(kit, "measure_delivery", measure)
    return calls


def normalise(tmp_path):
    clock = StepClock(kit.STEP_COUNT, io.StringIO())
    paths = kit.KitPaths(tmp_path, "Epilogue")
    return kit._normalise_and_mux(RENDER, tmp_path / "video.mp4", DeliveryLength(60), paths, clock)


def test_true_peak_overshoot_adds_headroom(tmp_path, stubs):
    record, measured = normalise(tmp_path)

    assert stubs["headrooms"] == [TRUE_PEAK_HEADROOM_DB, pytest.approx(TRUE_PEAK_HEADROOM_DB + 0.2 + kit.EXTRA_HEADROOM_DB)]
    assert record["attempts"] == 2
    assert measured["loudness"]["true_peak_dbtp"] == -1.2


def test_first_attempt_kept_when_peak_fits(tmp_path, stubs):
    stubs["true_peaks"] = [-1.3]

    record, _ = normalise(tmp_path)

    assert record["attempts"] == 1
    assert stubs["headrooms"] == [TRUE_PEAK_HEADROOM_DB]


def test_dynamic_pass_two_rejected(tmp_path, stubs):
    stubs["normalization_type"] = "dynamic"

    with pytest.raises(PublishError, match="used dynamic normalisation although pass one planned a linear gain"):
        normalise(tmp_path)
