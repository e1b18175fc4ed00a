"""Tests of reading MP4 box headers: top-level order and edit lists."""

import struct

import pytest

from padim_studio.publish import PublishError
from padim_studio.publish.mp4_boxes import count_edit_lists, moov_before_mdat, top_level_boxes


def box(box_type: str, payload: bytes = b"") -> bytes:
    return struct.pack(">I4s", 8 + len(payload), box_type.encode("latin-1")) + payload


def large_box(box_type: str, payload: bytes) -> bytes:
    return struct.pack(">I4sQ", 1, box_type.encode("latin-1"), 16 + len(payload)) + payload


def track(with_edit_list: bool) -> bytes:
    children = box("tkhd", b"\0" * 12)
    if with_edit_list:
        children += box("edts", box("elst", b"\0" * 8))
    return box("trak", children + box("mdia", box("mdhd", b"\0" * 4)))


@pytest.fixture
def write(tmp_path):
    def write_file(data: bytes):
        path = tmp_path / "test.mp4"
        path.write_bytes(data)
        return path

    return write_file


def test_fast_start_order(write):
    path = write(box("ftyp", b"isom") + box("moov", track(False)) + box("free") + box("mdat", b"\1" * 32))

    boxes = top_level_boxes(path)

    assert boxes == ["ftyp", "moov", "free", "mdat"]
    assert moov_before_mdat(boxes)


def test_moov_at_end(write):
    path = write(box("ftyp", b"isom") + box("mdat", b"\1" * 32) + box("moov", track(False)))

    assert not moov_before_mdat(top_level_boxes(path))


def test_missing_moov_is_not_fast_start():
    assert not moov_before_mdat(["ftyp", "mdat"])


def test_large_size_and_size_zero(write):
    path = write(box("ftyp", b"isom") + large_box("moov", track(False)) + struct.pack(">I4s", 0, b"mdat") + b"\1" * 40)

    assert top_level_boxes(path) == ["ftyp", "moov", "mdat"]


def test_edit_lists_counted_per_track(write):
    path = write(box("ftyp") + box("moov", box("mvhd", b"\0" * 8) + track(True) + track(True)) + box("mdat"))

    assert count_edit_lists(path) == 2


def test_no_edit_lists(write):
    path = write(box("ftyp") + box("moov", track(False) + track(False)) + box("mdat"))

    assert count_edit_lists(path) == 0


def test_edts_outside_moov_not_counted(write):
    path = write(box("ftyp") + box("moov", track(False)) + box("mdat", box("edts")))

    assert count_edit_lists(path) == 0


def test_truncated_header(write):
    path = write(box("ftyp", b"isom") + b"\0\0\0")

    with pytest.raises(PublishError, match="truncated MP4 box header at byte 12"):
        top_level_boxes(path)


def test_box_larger_than_file(write):
    path = write(box("ftyp", b"isom") + struct.pack(">I4s", 4096, b"mdat") + b"\1" * 8)

    with pytest.raises(PublishError, match="invalid size 4096 of MP4 box 'mdat'"):
        top_level_boxes(path)
