"""Tests of the packet and encoder-setting helpers, on synthetic input."""

from fractions import Fraction

from padim_studio.publish.media_probe import Packet, keyframe_intervals, open_gop_count, read_x264_options

FRAME_S = 1 / 60


def closed_gop_packets(gops: int, gop_frames: int = 30) -> list[Packet]:
    """Packets in decode order for I P B B P B B ... GOPs, each keyframe an IDR shown first."""
    packets = []
    for gop in range(gops):
        base = gop * gop_frames
        packets.append(Packet(base * FRAME_S, True))
        for frame in range(1, gop_frames, 3):
            # The P frame is decoded before the B frames it precedes on screen.
            reference = min(frame + 2, gop_frames - 1)
            packets.append(Packet((base + reference) * FRAME_S, False))
            packets.extend(Packet((base + shown) * FRAME_S, False) for shown in range(frame, reference))
    return packets


def test_keyframe_intervals_of_fixed_gop():
    assert set(keyframe_intervals(closed_gop_packets(5), Fraction(60))) == {30}


def test_keyframe_intervals_of_irregular_stream():
    packets = [Packet(time_s, True) for time_s in (0.0, 1.0, 1.5, 3.5)]

    assert keyframe_intervals(packets, Fraction(30)) == [30, 15, 60]


def test_closed_gop_has_no_leading_frames():
    assert open_gop_count(closed_gop_packets(4)) == 0


def test_open_gop_leading_b_frames_counted():
    # Decode order I0 P3 B1 B2 | I6 B4 B5: B4 and B5 follow I6 in decode order but are shown before it.
    times = [(0, True), (3, False), (1, False), (2, False), (6, True), (4, False), (5, False)]
    packets = [Packet(frame * FRAME_S, keyframe) for frame, keyframe in times]

    assert open_gop_count(packets) == 2


def test_x264_options_from_sei(tmp_path):
    sei = (
        b"\x00\x00\x01\x06\x05\xff\xffx264 - core 164 r3095 baee400 - H.264/MPEG-4 AVC codec - "
        b"Copyleft 2003-2022 - http://www.videolan.org/x264.html - options: cabac=1 bframes=2 "
        b"open_gop=0 keyint=30 keyint_min=16 scenecut=0 crf=18.0\x00\x80"
    )
    path = tmp_path / "video.mp4"
    path.write_bytes(b"\x00" * 64 + sei + b"\x01" * 64)

    options = read_x264_options(path)

    assert options["bframes"] == "2"
    assert options["open_gop"] == "0"
    assert options["keyint"] == "30"
    assert options["crf"] == "18.0"


def test_no_x264_options(tmp_path):
    path = tmp_path / "video.mp4"
    path.write_bytes(b"\x00" * 256)

    assert read_x264_options(path) == {}
