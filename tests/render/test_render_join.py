"""Joining act renders made with ffmpeg: pictures, soundtrack, subtitles, cue timeline and sections."""

import json
import subprocess

import numpy as np
import pytest

from padim_studio.captions import CaptionEvent, events_to_srt, srt_to_events
from padim_studio.render.join import ActOutput, join_acts
from padim_studio.render.soundtrack import AudioFormat, write_wav

from render_support import probe

FRAME_RATE = 15
SAMPLE_RATE = 22050
COLORS = {"red": (255, 0, 0), "blue": (0, 0, 255), "green": (0, 128, 0)}


def make_act(folder, act_id, frames, color, size="160x96", extra_audio_s=0.0):
    """Write an act render: a solid-colour H.264 movie with an AAC sine, and its side files.

    The sine runs ``extra_audio_s`` past the picture, so the movie lasts longer than its picture.
    """
    folder.mkdir(parents=True, exist_ok=True)
    movie = folder / f"Video_{act_id}.mp4"
    seconds = frames / FRAME_RATE
    command = [
        "ffmpeg", "-v", "error", "-y",
        "-f", "lavfi", "-t", f"{seconds}", "-i", f"color=c={color}:s={size}:r={FRAME_RATE}",
        "-f", "lavfi", "-t", f"{seconds + extra_audio_s}", "-i", f"sine=frequency=440:sample_rate={SAMPLE_RATE}",
        "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", str(movie),
    ]  # fmt: skip
    subprocess.run(command, check=True)
    samples = np.full((round(seconds * SAMPLE_RATE), 1), 1000, dtype="<i2")
    write_wav(movie.with_suffix(".wav"), samples, AudioFormat(SAMPLE_RATE, 1))
    caption = CaptionEvent(0.0, min(seconds - 0.2, 1.5), (f"caption of {act_id}",))
    movie.with_suffix(".srt").write_text(events_to_srt([caption]), encoding="utf-8")
    timeline = {"duration_s": seconds, "frame_rate": FRAME_RATE, "cues": [{"act": act_id, "cue": "only", "start_s": 0.0, "duration_s": 1.0}]}
    movie.with_suffix(".cues.json").write_text(json.dumps(timeline), encoding="utf-8")
    return ActOutput(act_id, movie)


def frame_color(movie, index):
    """Return the mean RGB of frame ``index`` of ``movie``."""
    command = [
        "ffmpeg", "-v", "error", "-i", str(movie), "-vf", f"select=eq(n\\,{index})", "-frames:v", "1",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-",
    ]  # fmt: skip
    data = np.frombuffer(subprocess.run(command, capture_output=True, check=True).stdout, dtype=np.uint8)
    return data.reshape(-1, 3).mean(axis=0)


def nearest_color(rgb):
    return min(COLORS, key=lambda name: np.abs(np.array(COLORS[name]) - rgb).sum())


def streams(path):
    return {stream["codec_type"]: stream for stream in probe(path)["streams"]}


@pytest.fixture(scope="module")
def joined(tmp_path_factory):
    folder = tmp_path_factory.mktemp("join")
    acts = [
        make_act(folder / "acts" / "first", "first", 31, "red", extra_audio_s=0.3),
        make_act(folder / "acts" / "second", "second", 17, "blue"),
        make_act(folder / "acts" / "third", "third", 24, "green"),
    ]
    return join_acts(acts, "Video", folder / "videos", FRAME_RATE)


def test_pictures_are_copied(joined):
    assert joined.copied


def test_frame_count_is_the_sum(joined):
    assert joined.frame_count == 72
    assert int(streams(joined.movie)["video"]["nb_frames"]) == 72


@pytest.mark.parametrize(("frame", "color"), [(0, "red"), (30, "red"), (31, "blue"), (47, "blue"), (48, "green"), (71, "green")])
def test_each_frame_comes_from_its_act(joined, frame, color):
    assert nearest_color(frame_color(joined.movie, frame)) == color


def test_movie_has_aac_audio_ending_with_the_picture(joined):
    found = streams(joined.movie)
    assert found["audio"]["codec_name"] == "aac"
    assert int(found["audio"]["sample_rate"]) == SAMPLE_RATE
    assert abs(float(found["video"]["duration"]) - 72 / FRAME_RATE) <= 0.01
    assert abs(float(found["audio"]["duration"]) - float(found["video"]["duration"])) <= 0.05


def test_soundtrack_length_is_the_frames(joined):
    found = streams(joined.soundtrack)["audio"]
    assert int(found["sample_rate"]) == SAMPLE_RATE
    assert round(float(found["duration"]) * SAMPLE_RATE) == 72 * SAMPLE_RATE // FRAME_RATE


def test_subtitles_start_with_their_acts(joined):
    events = srt_to_events(joined.subtitles.read_text(encoding="utf-8"))
    assert [event.text for event in events] == ["caption of first", "caption of second", "caption of third"]
    assert [event.start_s for event in events] == [0.0, 2.066, 3.2]


def test_cue_timeline_is_offset(joined):
    record = json.loads(joined.timeline.read_text(encoding="utf-8"))
    assert [cue["start_s"] for cue in record["cues"]] == [0.0, round(31 / 15, 6), 3.2]
    assert record["duration_s"] == 4.8


def test_sections_match_manim_layout(joined):
    entries = json.loads(joined.sections.read_text(encoding="utf-8"))
    assert [entry["name"] for entry in entries] == ["first", "second", "third"]
    assert [entry["video"] for entry in entries] == ["Video_0000_first.mp4", "Video_0001_second.mp4", "Video_0002_third.mp4"]
    assert [entry["nb_frames"] for entry in entries] == ["31", "17", "24"]
    expected_keys = {"name", "type", "video", "width", "height", "nb_frames", "duration", "avg_frame_rate", "codec_name", "pix_fmt"}
    assert all(set(entry) == expected_keys for entry in entries)


def test_section_files_are_the_act_movies(joined):
    for entry in json.loads(joined.sections.read_text(encoding="utf-8")):
        found = streams(joined.sections.parent / entry["video"])
        act = streams(joined.sections.parent.parent.parent / "acts" / entry["name"] / f"Video_{entry['name']}.mp4")
        assert set(found) == {"video", "audio"}, entry["video"]
        assert found["video"]["nb_frames"] == act["video"]["nb_frames"]
        assert found["audio"]["duration"] == act["audio"]["duration"]


def test_movie_is_not_older_than_its_side_files(joined):
    movie_time = joined.movie.stat().st_mtime_ns
    for path in (joined.subtitles, joined.timeline, joined.sections):
        assert path.stat().st_mtime_ns >= movie_time, path.name


def test_different_encodings_are_reencoded(tmp_path):
    acts = [
        make_act(tmp_path / "acts" / "small", "small", 20, "red"),
        make_act(tmp_path / "acts" / "large", "large", 25, "blue", size="320x192"),
    ]
    result = join_acts(acts, "Video", tmp_path / "videos", FRAME_RATE)
    video = streams(result.movie)["video"]
    assert not result.copied
    assert int(video["nb_frames"]) == 45
    assert (video["width"], video["height"]) == (160, 96)
    assert nearest_color(frame_color(result.movie, 20)) == "blue"


def test_old_section_files_are_removed(tmp_path):
    sections = tmp_path / "videos" / "sections"
    sections.mkdir(parents=True)
    (sections / "Video_0005_gone.mp4").write_bytes(b"old")
    (sections / "Other_0000_kept.mp4").write_bytes(b"other scene")
    join_acts([make_act(tmp_path / "acts" / "only", "only", 15, "red")], "Video", tmp_path / "videos", FRAME_RATE)
    assert not (sections / "Video_0005_gone.mp4").exists()
    assert (sections / "Other_0000_kept.mp4").exists()
