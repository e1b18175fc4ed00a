"""The publish kit end to end on one act rendered at low quality, checked with ffprobe and ebur128.

The act goes through the same code as a whole video; only the chapter count
differs, since one act makes one chapter.
"""

import json
import re
import struct
import subprocess
from pathlib import Path

import pytest
import srt
from PIL import Image

from padim_studio.narration.script import load_script
from padim_studio.publish.kit import KitPaths, publish_kit
from padim_studio.publish.render import RenderOutput
from padim_studio.publish.sync import audio_offset_s
from padim_studio.videos import get_video

from render_support import ROOT, probe, render_scene

pytestmark = pytest.mark.slow

ACT_CLASS = "Epilogue"
ACT_ID = "epilogue"
FRAME_S = 1 / 60
TARGET_LUFS = -14.0
MAX_TRUE_PEAK_DBTP = -1.0


@pytest.fixture(scope="module")
def act_render(tmp_path_factory):
    media_dir = tmp_path_factory.mktemp("media")
    # Rendered only from the committed cache: a miss would fail instead of synthesizing.
    render = render_scene("scenes/story.py", ACT_CLASS, media_dir, "--save_sections", environment={"PADIM_CACHE_ONLY": "1"})
    script = load_script(ROOT / "narration" / "story.md")
    return RenderOutput(
        name="story",
        scene_class=ACT_CLASS,
        title=get_video("story").title,
        video_path=render.video,
        captions_path=render.subtitles,
        sections_path=render.video.parent / "sections" / f"{ACT_CLASS}.json",
        acts=(script.act(ACT_ID),),
    )


@pytest.fixture(scope="module")
def kit(act_render, tmp_path_factory):
    output_dir = tmp_path_factory.mktemp("dist")
    report = publish_kit(act_render, output_dir)
    return KitPaths(output_dir, ACT_CLASS), report


@pytest.fixture(scope="module")
def streams(kit):
    paths, _ = kit
    found = {stream["codec_type"]: stream for stream in probe(paths.video)["streams"]}
    return found["video"], found["audio"]


def top_level_boxes(path: Path) -> list[tuple[str, bytes]]:
    """Return (type, payload) of each top-level box; mdat payloads are skipped."""
    data = path.read_bytes()
    boxes, offset = [], 0
    while offset < len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", data[offset + 8 : offset + 16])[0], 16
        elif size == 0:
            size = len(data) - offset
        payload = b"" if kind == b"mdat" else data[offset + header : offset + size]
        boxes.append((kind.decode("latin-1"), payload))
        offset += size
    return boxes


def test_kit_files_exist(kit):
    paths, _ = kit
    for path in (paths.video, paths.srt, paths.vtt, paths.description, paths.thumbnail, paths.transcript, paths.report):
        assert path.is_file(), f"{path.name} missing from {paths.folder}"
    assert not list(paths.folder.glob(".encode-*")), "the temporary encode folder was left behind"


def test_video_stream_parameters(streams):
    video, _ = streams
    expected = {
        "codec_name": "h264",
        "profile": "High",
        "pix_fmt": "yuv420p",
        "width": 1920,
        "height": 1080,
        "r_frame_rate": "60/1",
        "avg_frame_rate": "60/1",
        "field_order": "progressive",
        "color_primaries": "bt709",
        "color_transfer": "bt709",
        "color_space": "bt709",
    }
    for key, value in expected.items():
        assert video.get(key) == value, f"video {key} is {video.get(key)!r}; expected {value!r}"


def test_audio_stream_parameters(streams):
    _, audio = streams
    expected = {"codec_name": "aac", "profile": "LC", "sample_rate": "48000", "channels": 2}
    for key, value in expected.items():
        assert audio.get(key) == value, f"audio {key} is {audio.get(key)!r}; expected {value!r}"


def test_moov_before_mdat(kit):
    paths, _ = kit
    kinds = [kind for kind, _ in top_level_boxes(paths.video)]

    assert "moov" in kinds, f"top-level boxes {kinds}"
    assert "mdat" in kinds, f"top-level boxes {kinds}"
    assert kinds.index("moov") < kinds.index("mdat"), f"top-level boxes {kinds}; moov must come before mdat"


def test_no_edit_lists(kit):
    paths, _ = kit
    moov = dict(top_level_boxes(paths.video))["moov"]

    assert b"edts" not in moov, "moov contains an edts box; the delivery must have no edit lists"


def test_keyframes_every_30_frames(kit):
    paths, _ = kit
    command = [
        "ffprobe", "-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey",
        "-show_entries", "frame=pts_time", "-of", "json", str(paths.video),
    ]  # fmt: skip
    frames = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)["frames"]
    times = [float(frame["pts_time"]) for frame in frames]
    spacings = {round((later - earlier) / FRAME_S) for earlier, later in zip(times, times[1:])}

    assert times[0] == 0.0, f"first keyframe at {times[0]} s; expected 0"
    assert spacings == {30}, f"keyframe spacings {sorted(spacings)} frames; expected 30"


def test_closed_gop_with_two_b_frames(kit, streams):
    paths, report = kit
    video, _ = streams

    assert video["has_b_frames"] == 2, f"reorder depth {video['has_b_frames']}; expected 2 for 2 B-frames"
    assert report["delivery"]["video"]["x264_bframes"] == "2"
    assert report["delivery"]["video"]["x264_open_gop"] == "0"
    assert report["delivery"]["video"]["open_gop_frames"] == 0


def test_loudness_on_final_file(kit):
    paths, _ = kit
    command = ["ffmpeg", "-nostats", "-i", str(paths.video), "-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-"]
    summary = subprocess.run(command, capture_output=True, text=True, check=True).stderr.rpartition("Summary:")[2]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    true_peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))

    assert abs(integrated - TARGET_LUFS) <= 1.0, f"integrated loudness {integrated} LUFS; limit {TARGET_LUFS} ± 1 LU"
    assert true_peak <= MAX_TRUE_PEAK_DBTP, f"true peak {true_peak} dBTP; limit {MAX_TRUE_PEAK_DBTP} dBTP"


def test_pass_two_linear(kit):
    _, report = kit

    assert report["loudness"]["pass_two"]["normalization_type"] == "linear"


def test_streams_equal_length(streams):
    video, audio = streams
    difference = abs(float(video["duration"]) - float(audio["duration"]))

    assert difference <= FRAME_S + 1e-6, f"streams differ by {difference:.4f} s; limit one frame, {FRAME_S:.4f} s"


def test_streams_start_at_zero(streams):
    for stream in streams:
        start = float(stream["start_time"])
        assert start == 0.0, f"{stream['codec_type']} starts at {start} s; expected 0 without edit lists"


def test_delivery_keeps_render_timing(kit, act_render):
    paths, _ = kit
    render_streams = {stream["codec_type"]: stream for stream in probe(act_render.video_path)["streams"]}
    delivery_s = float(probe(paths.video)["format"]["duration"])
    offset_s = audio_offset_s(act_render.video_path, paths.video)

    assert abs(offset_s) <= 0.001, f"audio is {offset_s * 1000:.2f} ms off the render; limit 1 ms"
    for kind in ("video", "audio"):
        render_s = float(render_streams[kind]["duration"])
        assert delivery_s >= render_s - FRAME_S, f"delivery {delivery_s:.3f} s is shorter than the render's {kind} {render_s:.3f} s"


def test_captions_copied_from_render(kit, act_render):
    paths, report = kit
    rendered = list(srt.parse(act_render.captions_path.read_text(encoding="utf-8")))
    published = list(srt.parse(paths.srt.read_text(encoding="utf-8")))

    assert [(item.start, item.end, item.content) for item in published] == [
        (item.start, item.end, item.content) for item in rendered
    ]
    assert report["captions"]["srt"]["violation_count"] == 0
    assert report["captions"]["vtt"]["violation_count"] == 0
    assert report["captions"]["vtt"]["events"] == len(rendered)


def test_webvtt_header_and_two_digit_hours(kit):
    paths, _ = kit
    text = paths.vtt.read_text(encoding="utf-8")
    timings = re.findall(r"^(\S+) --> (\S+)$", text, re.MULTILINE)

    assert text.startswith("WEBVTT\n\n")
    assert timings, "no cue timings found"
    for start, end in timings:
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2}\.\d{3}", start), f"cue start {start!r} is not HH:MM:SS.mmm"
        assert re.fullmatch(r"\d{2}:\d{2}:\d{2}\.\d{3}", end), f"cue end {end!r} is not HH:MM:SS.mmm"


def test_description_limits(kit):
    paths, _ = kit
    description = paths.description.read_text(encoding="utf-8")
    title = description.splitlines()[0]
    size = len(description.encode("utf-8"))

    assert 0 < len(title) <= 100, f"title has {len(title)} characters; limit 100"
    assert size <= 5000, f"description has {size} bytes; limit 5000"
    assert "<" not in description
    assert ">" not in description
    assert "https://arxiv.org/abs/2011.08785" in description
    assert "\n0:00 Epilogue\n" in description


def test_one_act_gives_one_chapter_problem(kit):
    _, report = kit

    assert [chapter["timestamp"] for chapter in report["chapters"]] == ["0:00"]
    assert report["chapter_problems"] == ["1 chapter(s); YouTube needs at least 3"]
    assert report["problems"] == report["chapter_problems"], f"unexpected problems {report['problems']}"


def test_thumbnail_size_and_bytes(kit):
    paths, _ = kit
    size = paths.thumbnail.stat().st_size
    with Image.open(paths.thumbnail) as image:
        assert image.format == "PNG"
        assert image.size == (1280, 720), f"thumbnail is {image.size}; expected (1280, 720)"
    assert size < 2 * 1024 * 1024, f"thumbnail has {size} bytes; limit 2 MB"


def test_transcript_has_chapter_and_narration(kit):
    paths, _ = kit
    transcript = paths.transcript.read_text(encoding="utf-8")
    act = load_script(ROOT / "narration" / "story.md").act(ACT_ID)

    assert "## 0:00 Epilogue" in transcript
    for cue in act.cues:
        assert cue.text in transcript, f"cue {cue.id} missing from the transcript"
    assert transcript.count("\n[0:") == len(act.cues)


def test_report_matches_measurements(kit, streams):
    paths, report = kit
    video, audio = streams
    saved = json.loads(paths.report.read_text(encoding="utf-8"))

    assert saved == report
    assert report["delivery"]["video"]["duration_s"] == float(video["duration"])
    assert report["delivery"]["audio"]["duration_s"] == float(audio["duration"])
    assert report["upscaled"]["from"] == "854x480 at 15 fps"
    assert report["delivery"]["container"]["edit_lists"] == 0
    assert set(report["steps_s"]) and all(seconds >= 0 for seconds in report["steps_s"].values())
