"""The delivery encode: H.264 High 1920×1080 at 60 fps and AAC-LC 48 kHz stereo in a fast-start MP4.

The picture is encoded once to a video-only file. The soundtrack is
normalised and encoded while muxing, so a loudness retry does not encode the
picture again. The MP4 has no edit lists, so both streams must start at 0 on
their own:

- B-frames delay presentation by two frames; ``negative_cts_offsets`` stores
  negative composition offsets so the first frame still shows at 0.
- ffmpeg's AAC encoder puts 1024 priming samples first. The first 1024
  samples of the soundtrack are dropped and the rest is stamped 1024 samples
  late, so the encoder's first packet starts at 0 and every later sample
  plays at its time in the render.

Checked with ffmpeg 5.1 (libx264, native AAC encoder).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from padim_studio.publish.loudness import SAMPLE_RATE_HZ, LoudnormStats, NormalisationPlan, parse_loudnorm_output
from padim_studio.publish.media_probe import VideoTrack, run_tool

WIDTH = 1920
HEIGHT = 1080
FRAME_RATE = 60
GOP_FRAMES = FRAME_RATE // 2
B_FRAMES = 2
VIDEO_CRF = 18
AUDIO_BITRATE = "384k"
AAC_PRIMING_SAMPLES = 1024
SAMPLES_PER_FRAME = SAMPLE_RATE_HZ // FRAME_RATE

# Manim 0.22.0 writes frames through PyAV, whose RGB to YUV conversion uses
# the BT.601 matrix, and leaves the colour tags empty. The delivery is tagged
# BT.709, so the scaler converts the matrix as well as the size.
SCALE_FILTER = (
    f"scale={WIDTH}:{HEIGHT}:flags=lanczos"
    ":in_color_matrix=bt601:out_color_matrix=bt709:in_range=tv:out_range=tv"
)
X264_ARGUMENTS = [
    "-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p", "-preset", "slow", "-crf", str(VIDEO_CRF),
    "-g", str(GOP_FRAMES), "-keyint_min", str(GOP_FRAMES), "-bf", str(B_FRAMES), "-flags", "+cgop",
    "-sc_threshold", "0", "-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709",
    "-color_range", "tv",
]  # fmt: skip
AAC_ARGUMENTS = ["-c:a", "aac", "-profile:a", "aac_low", "-ar", str(SAMPLE_RATE_HZ), "-ac", "2", "-b:a", AUDIO_BITRATE]


@dataclass(frozen=True)
class DeliveryLength:
    """The delivery's length in frames at FRAME_RATE, and the soundtrack samples that fill it exactly."""

    frame_count: int

    @property
    def duration_s(self) -> float:
        return self.frame_count / FRAME_RATE

    @property
    def audio_samples(self) -> int:
        """Samples of the decoded soundtrack, priming included: SAMPLES_PER_FRAME per frame."""
        return self.frame_count * SAMPLES_PER_FRAME


def delivery_length(video_duration_s: float, audio_duration_s: float) -> DeliveryLength:
    """Return a length that covers the render's picture and its whole soundtrack, in whole frames.

    When the soundtrack runs past the picture, the last frame is held, so the
    last word is never cut.
    """
    longest_s = max(video_duration_s, audio_duration_s)
    # Timestamps of a render are rounded to its time base, so allow a millisecond.
    return DeliveryLength(math.ceil(longest_s * FRAME_RATE - FRAME_RATE / 1000))


def video_filters(track: VideoTrack, length: DeliveryLength) -> str:
    """Return the filters that scale to 1920×1080 in BT.709, resample to 60 fps and hold the last frame."""
    hold_s = max(length.duration_s - track.duration_s, 0.0) + 1 / FRAME_RATE
    return f"{SCALE_FILTER},setsar=1,fps={FRAME_RATE},tpad=stop_mode=clone:stop_duration={hold_s:.4f},format=yuv420p"


def encode_video(render_video: Path, track: VideoTrack, length: DeliveryLength, output: Path) -> None:
    """Encode the picture of ``render_video`` to a video-only MP4 of exactly ``length.frame_count`` frames."""
    command = [
        "ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-y", "-i", str(render_video),
        "-map", "0:v:0", "-vf", video_filters(track, length), "-frames:v", str(length.frame_count),
        *X264_ARGUMENTS, "-an", str(output),
    ]  # fmt: skip
    run_tool(command, f"encoding the picture of {render_video}")


def audio_filters(plan: NormalisationPlan, length: DeliveryLength) -> str:
    """Return pass two of the loudness plan, then the priming shift and the trim or pad to ``length``."""
    encoded_samples = length.audio_samples - AAC_PRIMING_SAMPLES
    alignment = (
        f"atrim=start_sample={AAC_PRIMING_SAMPLES},asetpts=(N+{AAC_PRIMING_SAMPLES})/SR/TB,"
        f"apad=whole_len={encoded_samples},atrim=end_sample={encoded_samples}"
    )
    return f"{plan.filter_chain()},{alignment}"


def mux_delivery(
    video_only: Path, render_video: Path, plan: NormalisationPlan, length: DeliveryLength, output: Path
) -> LoudnormStats:
    """Mux the encoded picture with the normalised soundtrack of ``render_video`` into ``output``.

    Returns loudnorm's pass-two statistics. Their ``normalization_type`` is
    "linear" when the gain stayed constant.
    """
    command = [
        "ffmpeg", "-hide_banner", "-nostats", "-y", "-i", str(video_only), "-i", str(render_video),
        "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy", "-af", audio_filters(plan, length),
        *AAC_ARGUMENTS, "-movflags", "+faststart+negative_cts_offsets", "-use_editlist", "0", str(output),
    ]  # fmt: skip
    result = run_tool(command, f"muxing the delivery file {output}")
    return parse_loudnorm_output(result.stderr)
