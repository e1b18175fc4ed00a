"""When an act is rendered again and when the join is redone."""

import os

import pytest

from padim_studio.render.acts import ActScene
from padim_studio.render.fingerprint import Fingerprint, write_stamp
from padim_studio.render.pipeline import ActStatus, joined_files, joined_stamp, stale_reason
from padim_studio.render.worker import ActJob

FINGERPRINT = Fingerprint({"narration": "a", "clips": "b", "scene file": "c"})


@pytest.fixture
def job(tmp_path):
    return ActJob("story", ActScene(0, "prologue", "PaDiMStory_Prologue"), "l", tmp_path / "prologue")


def write_outputs(job):
    for path in job.outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"render")


def test_first_render_has_no_previous(job):
    assert stale_reason(job, FINGERPRINT, force=False) == "no previous render"


def test_current_render_is_reused(job):
    write_outputs(job)
    write_stamp(job.stamp_file, FINGERPRINT)
    assert stale_reason(job, FINGERPRINT, force=False) == ""


def test_changed_inputs_are_named(job):
    write_outputs(job)
    write_stamp(job.stamp_file, FINGERPRINT)
    edited = Fingerprint({**FINGERPRINT.digests, "narration": "x", "clips": "y"})
    assert stale_reason(job, edited, force=False) == "changed: clips, narration"


@pytest.mark.parametrize("missing", range(4))
def test_missing_output_renders_again(job, missing):
    write_outputs(job)
    write_stamp(job.stamp_file, FINGERPRINT)
    job.outputs[missing].unlink()
    assert stale_reason(job, FINGERPRINT, force=False) == "outputs missing"


def test_force_renders_current_act(job):
    write_outputs(job)
    write_stamp(job.stamp_file, FINGERPRINT)
    assert stale_reason(job, FINGERPRINT, force=True) == "forced"


def test_joined_files_follow_manim_layout(tmp_path):
    files = joined_files(tmp_path, "PaDiMStory", ["prologue", "patches"])
    names = [path.relative_to(tmp_path).as_posix() for path in files]
    assert names == [
        "PaDiMStory.mp4",
        "PaDiMStory.wav",
        "PaDiMStory.srt",
        "PaDiMStory.cues.json",
        "sections/PaDiMStory.json",
        "sections/PaDiMStory_0000_prologue.mp4",
        "sections/PaDiMStory_0001_patches.mp4",
    ]


def test_joined_stamp_changes_with_files(tmp_path, job):
    files = joined_files(tmp_path, "PaDiMStory", ["prologue"])
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"joined")
    fingerprints = {"prologue": FINGERPRINT}
    before = joined_stamp([job], fingerprints, files)
    assert joined_stamp([job], fingerprints, files) == before
    os.utime(files[0], ns=(0, 0))
    assert joined_stamp([job], fingerprints, files) != before


def test_joined_stamp_marks_missing_file(tmp_path, job):
    files = joined_files(tmp_path, "PaDiMStory", ["prologue"])
    assert joined_stamp([job], {"prologue": FINGERPRINT}, files)["files"] is None


def test_joined_stamp_changes_with_fingerprint(tmp_path, job):
    files = joined_files(tmp_path, "PaDiMStory", ["prologue"])
    edited = Fingerprint({**FINGERPRINT.digests, "clips": "y"})
    assert joined_stamp([job], {"prologue": FINGERPRINT}, files) != joined_stamp([job], {"prologue": edited}, files)


def test_progress_line_names_act_status_and_seconds():
    assert ActStatus("features", "rendered", 12.34, "changed: narration").line() == (
        "features       rendered    12.3 s  (changed: narration)"
    )
    assert ActStatus("patches", "cached", 0.0).line() == "patches        cached       0.0 s"
