"""Measure a delivery file and compare it with YouTube's upload recommendations for 1080p60.

The limits are those of YouTube Help, "Recommended upload encoding settings"
(container, codecs, GOP, colour), EBU R128 for the loudness measurement and
YouTube's playback reference of -14 LUFS.
"""

from __future__ import annotations

from pathlib import Path

from padim_studio.publish import encode, loudness
from padim_studio.publish.media_probe import (
    first_stream,
    frame_rate,
    keyframe_intervals,
    open_gop_count,
    probe_media,
    read_video_packets,
    read_x264_options,
)
from padim_studio.publish.mp4_boxes import count_edit_lists, moov_before_mdat, top_level_boxes
from padim_studio.publish.sync import audio_offset_s

# YouTube's guidance for 1080p60 SDR; flat animation needs far less, so a lower rate is only a warning.
RECOMMENDED_VIDEO_BITRATE = 12_000_000
RECOMMENDED_AUDIO_BITRATE = 384_000
# The delivery should reproduce the render's timing exactly; one millisecond
# is about 48 samples, far below the 21 ms of uncompensated AAC priming.
MAX_AUDIO_OFFSET_S = 0.001
MAX_START_TIME_S = 0.001
MAX_LENGTH_DIFFERENCE_S = 1 / encode.FRAME_RATE
EXPECTED = {
    ("video", "codec_name"): "h264",
    ("video", "profile"): "High",
    ("video", "pix_fmt"): "yuv420p",
    ("video", "width"): encode.WIDTH,
    ("video", "height"): encode.HEIGHT,
    ("video", "frame_rate"): f"{encode.FRAME_RATE}/1",
    ("video", "field_order"): "progressive",
    ("video", "color_primaries"): "bt709",
    ("video", "color_transfer"): "bt709",
    ("video", "color_space"): "bt709",
    ("video", "x264_bframes"): str(encode.B_FRAMES),
    ("video", "x264_open_gop"): "0",
    ("video", "open_gop_frames"): 0,
    ("audio", "codec_name"): "aac",
    ("audio", "profile"): "LC",
    ("audio", "sample_rate"): loudness.SAMPLE_RATE_HZ,
    ("audio", "channels"): 2,
    ("container", "moov_before_mdat"): True,
    ("container", "edit_lists"): 0,
}


def _number(value: str | None) -> float | None:
    return None if value in (None, "N/A") else float(value)


def measure_delivery(path: Path, render_video: Path) -> dict:
    """Measure ``path`` with ffprobe, ebur128 and its MP4 boxes, and its audio offset against ``render_video``.

    Returns a JSON-ready dict with the sections "container", "video",
    "audio", "loudness" and "sync".
    """
    probe = probe_media(path)
    video = first_stream(probe, "video", path)
    audio = first_stream(probe, "audio", path)
    rate = frame_rate(video)
    packets = read_video_packets(path)
    intervals = keyframe_intervals(packets, rate)
    x264 = read_x264_options(path)
    boxes = top_level_boxes(path)
    level = loudness.measure_ebur128(path)
    video_duration_s = float(video["duration"])
    audio_duration_s = float(audio["duration"])
    return {
        "container": {
            "size_bytes": path.stat().st_size,
            "duration_s": float(probe["format"]["duration"]),
            "top_level_boxes": boxes,
            "moov_before_mdat": moov_before_mdat(boxes),
            "edit_lists": count_edit_lists(path),
        },
        "video": {
            **{key: video.get(key) for key in ("codec_name", "profile", "pix_fmt", "width", "height", "field_order")},
            **{key: video.get(key) for key in ("color_primaries", "color_transfer", "color_space", "color_range")},
            "frame_rate": f"{rate.numerator}/{rate.denominator}",
            "fps": float(rate),
            "bit_rate": _number(video.get("bit_rate")),
            "frame_count": int(video["nb_frames"]),
            "duration_s": video_duration_s,
            "start_time_s": float(video["start_time"]),
            "keyframe_count": sum(packet.keyframe for packet in packets),
            "keyframe_intervals_frames": sorted(set(intervals)),
            "open_gop_frames": open_gop_count(packets),
            "reorder_depth_frames": video.get("has_b_frames"),
            **{f"x264_{name}": x264.get(name) for name in ("bframes", "keyint", "keyint_min", "open_gop", "scenecut", "crf")},
        },
        "audio": {
            **{key: audio.get(key) for key in ("codec_name", "profile", "channels", "channel_layout")},
            "sample_rate": int(audio["sample_rate"]),
            "bit_rate": _number(audio.get("bit_rate")),
            "duration_s": audio_duration_s,
            "start_time_s": float(audio["start_time"]),
        },
        "loudness": {
            "integrated_lufs": level.integrated_lufs,
            "true_peak_dbtp": level.true_peak_dbtp,
            "loudness_range_lu": level.loudness_range_lu,
        },
        "sync": {
            "stream_length_difference_s": abs(video_duration_s - audio_duration_s),
            "audio_offset_to_render_s": audio_offset_s(render_video, path),
        },
    }


def check_delivery(measured: dict) -> tuple[list[str], list[str]]:
    """Compare a :func:`measure_delivery` result with the delivery limits.

    Returns (problems, warnings). Each names the measured value and the
    limit; warnings are guidance that a file may miss and still be accepted.
    """
    problems = []
    for (section, key), expected in EXPECTED.items():
        value = measured[section].get(key)
        if value != expected:
            problems.append(f"{section} {key} is {value!r}; expected {expected!r}")

    video = measured["video"]
    if video["keyframe_intervals_frames"] not in ([encode.GOP_FRAMES], []):
        problems.append(f"keyframe intervals are {video['keyframe_intervals_frames']} frames; expected {encode.GOP_FRAMES}")
    for section in ("video", "audio"):
        start_s = measured[section]["start_time_s"]
        if abs(start_s) > MAX_START_TIME_S:
            problems.append(f"{section} starts at {start_s:.4f} s; expected 0 within {MAX_START_TIME_S} s")

    level = measured["loudness"]
    if abs(level["integrated_lufs"] - loudness.TARGET_LUFS) > loudness.TOLERANCE_LU:
        problems.append(
            f"integrated loudness is {level['integrated_lufs']} LUFS; "
            f"expected {loudness.TARGET_LUFS} ± {loudness.TOLERANCE_LU} LU"
        )
    if level["true_peak_dbtp"] > loudness.MAX_TRUE_PEAK_DBTP:
        problems.append(f"true peak is {level['true_peak_dbtp']} dBTP; the maximum is {loudness.MAX_TRUE_PEAK_DBTP} dBTP")

    sync = measured["sync"]
    if sync["stream_length_difference_s"] > MAX_LENGTH_DIFFERENCE_S + 1e-6:
        problems.append(
            f"audio and video lengths differ by {sync['stream_length_difference_s']:.4f} s; "
            f"the maximum is one frame, {MAX_LENGTH_DIFFERENCE_S:.4f} s"
        )
    if abs(sync["audio_offset_to_render_s"]) > MAX_AUDIO_OFFSET_S:
        problems.append(
            f"audio is {sync['audio_offset_to_render_s'] * 1000:.2f} ms off the render's timing; "
            f"the maximum is {MAX_AUDIO_OFFSET_S * 1000:.0f} ms"
        )

    warnings = []
    bit_rate = video["bit_rate"]
    if bit_rate is not None and bit_rate < RECOMMENDED_VIDEO_BITRATE:
        warnings.append(
            f"video bit rate is {bit_rate / 1e6:.1f} Mbps, below YouTube's guidance of "
            f"{RECOMMENDED_VIDEO_BITRATE / 1e6:.0f} Mbps for 1080p60; flat animation often needs less at CRF {encode.VIDEO_CRF}"
        )
    audio_bit_rate = measured["audio"]["bit_rate"]
    if audio_bit_rate is not None and audio_bit_rate < RECOMMENDED_AUDIO_BITRATE * 0.9:
        warnings.append(
            f"audio bit rate is {audio_bit_rate / 1000:.0f} kbps, below YouTube's guidance of "
            f"{RECOMMENDED_AUDIO_BITRATE // 1000} kbps; the encoder was asked for {encode.AUDIO_BITRATE}"
        )
    return problems, warnings
