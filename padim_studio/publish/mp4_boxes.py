"""Read the box structure of an MP4 file (ISO/IEC 14496-12) without a media library.

Only box headers are read, so a file of any size is scanned with a few small
reads: the top-level order (``moov`` before ``mdat`` means fast start) and
the edit lists (``edts`` boxes) of each track.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO, Iterator

from padim_studio.publish import PublishError

HEADER_BYTES = 8
LARGE_SIZE_BYTES = 8
# Boxes whose payload is a sequence of boxes, on the path from moov to edts.
CONTAINER_BOXES = frozenset({"moov", "trak"})


def iterate_boxes(file: BinaryIO, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """Yield (type, payload start, box end) for each box between byte offsets ``start`` and ``end``.

    A 32-bit size of 1 means a 64-bit size follows the type, and a size of 0
    means the box runs to ``end``.

    Raises
    ------
    PublishError
        If a box header is truncated or its size is impossible.
    """
    offset = start
    while offset < end:
        file.seek(offset)
        header = file.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES:
            raise PublishError(f"truncated MP4 box header at byte {offset}: {len(header)} of {HEADER_BYTES} bytes")
        size, raw_type = struct.unpack(">I4s", header)
        box_type = raw_type.decode("latin-1")
        payload_start = offset + HEADER_BYTES
        if size == 1:
            large = file.read(LARGE_SIZE_BYTES)
            if len(large) < LARGE_SIZE_BYTES:
                raise PublishError(f"truncated 64-bit size of MP4 box {box_type!r} at byte {offset}")
            (size,) = struct.unpack(">Q", large)
            payload_start += LARGE_SIZE_BYTES
        elif size == 0:
            size = end - offset
        if size < payload_start - offset or offset + size > end:
            raise PublishError(f"invalid size {size} of MP4 box {box_type!r} at byte {offset} (file region ends at {end})")
        yield box_type, payload_start, offset + size
        offset += size


def top_level_boxes(path: Path) -> list[str]:
    """Return the types of the top-level boxes of ``path`` in file order, e.g. ``['ftyp', 'moov', 'mdat']``."""
    with open(path, "rb") as file:
        end = file.seek(0, 2)
        return [box_type for box_type, _, _ in iterate_boxes(file, 0, end)]


def moov_before_mdat(box_types: list[str]) -> bool:
    """Return True when ``moov`` comes before the first ``mdat``, so playback can start before the download ends."""
    if "moov" not in box_types or "mdat" not in box_types:
        return False
    return box_types.index("moov") < box_types.index("mdat")


def count_edit_lists(path: Path) -> int:
    """Count the ``edts`` boxes inside the tracks of ``path``'s ``moov`` box."""
    with open(path, "rb") as file:
        end = file.seek(0, 2)
        return _count_in(file, 0, end, "edts")


def _count_in(file: BinaryIO, start: int, end: int, counted_type: str) -> int:
    count = 0
    for box_type, payload_start, box_end in list(iterate_boxes(file, start, end)):
        if box_type == counted_type:
            count += 1
        elif box_type in CONTAINER_BOXES:
            count += _count_in(file, payload_start, box_end, counted_type)
    return count
