"""Reading a damaged SQLite file page by page, for `salvage` when SQLite itself cannot walk
it (a damaged schema page or b-tree interior pages): every table leaf page's cells are
decoded into records (overflow chains followed) without any help from the schema.

Only what the SQLite file format (https://sqlite.org/fileformat2.html) says is relied on;
pages on the freelist are skipped, and a record that does not decode is dropped. The caller
decides which table a record belongs to (`salvage.RECORD_SHAPES`).
"""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
TABLE_LEAF = 0x0D
PAGE_TYPES = (0x02, 0x05, 0x0A, 0x0D)
Value = int | float | str | bytes | None


@dataclass(frozen=True, slots=True)
class Record:
    page: int
    rowid: int
    values: tuple[Value, ...]
    kinds: tuple[str, ...]  # "null", "int", "real", "text", "blob" per value


def varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's variable-length integer at `at`: (value, offset after it)."""
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


def guess_page_size(data: bytes) -> int:
    """The page size that makes the most pages look like b-tree pages (header damaged)."""
    stated = struct.unpack(">H", data[16:18])[0] if len(data) >= 18 else 0
    stated = 65536 if stated == 1 else stated
    best, best_score = 4096, -1.0
    for size in (512, 1024, 2048, 4096, 8192, 16384, 32768, 65536):
        if len(data) < 2 * size or len(data) % size:
            continue
        pages = range(1, len(data) // size)
        score = sum(data[p * size] in PAGE_TYPES for p in pages) / len(pages)
        score += 0.01 if size == stated else 0.0
        if score > best_score:
            best, best_score = size, score
    return best


def repair_header(path: Path) -> bool:
    """Rewrite a damaged 100-byte header of the file at `path` (a working copy) with sound
    values, keeping what can be trusted; returns whether it changed anything."""
    data = bytearray(path.read_bytes())
    if len(data) < 512:
        return False
    size = struct.unpack(">H", data[16:18])[0]
    size = 65536 if size == 1 else size
    sound = (
        data[:16] == SQLITE_MAGIC
        and size >= 512 and size & (size - 1) == 0 and len(data) % size == 0
        and data[21:24] == b"\x40\x20\x20" and data[18] in (1, 2) and data[19] in (1, 2)
    )  # fmt: skip
    if sound:
        return False
    size = guess_page_size(bytes(data))
    wal = path.with_name(path.name + "-wal").exists()
    header = bytearray(data[:100])
    header[:16] = SQLITE_MAGIC
    header[16:18] = struct.pack(">H", 1 if size == 65536 else size)
    header[18] = header[19] = 2 if wal else 1
    header[20] = 0
    header[21:24] = b"\x40\x20\x20"
    header[28:32] = struct.pack(">I", len(data) // size)
    header[32:40] = bytes(8)  # the freelist is not trusted: none
    header[44:48] = struct.pack(">I", 4)
    header[56:60] = struct.pack(">I", 1)  # UTF-8
    header[92:96] = header[24:28]
    data[:100] = header
    path.write_bytes(bytes(data))
    return True


def missing_pages(path: Path) -> int:
    """How many pages the header says the file has beyond its end (a truncated file)."""
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or header[:16] != SQLITE_MAGIC:
        return 0
    size = struct.unpack(">H", header[16:18])[0]
    size = 65536 if size == 1 else size
    if size < 512 or size & (size - 1) or header[24:28] != header[92:96]:
        return 0  # the stated page count is valid only when these two counters agree
    stated = struct.unpack(">I", header[28:32])[0]
    return max(0, stated - path.stat().st_size // size)


def free_pages(data: bytes, size: int) -> set[int]:
    """The page numbers on the freelist, as far as it can be followed."""
    free: set[int] = set()
    trunk = struct.unpack(">I", data[32:36])[0]
    pages = len(data) // size
    while 1 < trunk <= pages and trunk not in free:
        free.add(trunk)
        base = (trunk - 1) * size
        nxt, count = struct.unpack(">II", data[base : base + 8])
        if count > (size - 8) // 4:
            break
        for i in range(count):
            (leaf,) = struct.unpack(">I", data[base + 8 + 4 * i : base + 12 + 4 * i])
            if 1 <= leaf <= pages:
                free.add(leaf)
        trunk = nxt
    return free


def table_records(path: Path) -> Iterator[Record]:
    """Every record in every table leaf page of the file at `path` that decodes."""
    data = path.read_bytes()
    if len(data) < 512:
        return
    size = struct.unpack(">H", data[16:18])[0]
    size = 65536 if size == 1 else size
    if size < 512 or size & (size - 1) or data[:16] != SQLITE_MAGIC:
        size = guess_page_size(data)
    usable = size - data[20] if data[:16] == SQLITE_MAGIC else size
    skip = free_pages(data, size) if data[:16] == SQLITE_MAGIC else set()
    for number in range(1, len(data) // size + 1):
        if number in skip:
            continue
        base = (number - 1) * size
        head = base + (100 if number == 1 else 0)
        if data[head] != TABLE_LEAF:
            continue
        with contextlib.suppress(IndexError, ValueError, struct.error):
            yield from _leaf(data, number, head, (size, usable))


def _leaf(data: bytes, number: int, head: int, sizes: tuple[int, int]) -> Iterator[Record]:
    size, usable = sizes
    base = (number - 1) * size
    (cells,) = struct.unpack(">H", data[head + 3 : head + 5])
    for i in range(min(cells, size // 2)):
        (offset,) = struct.unpack(">H", data[head + 8 + 2 * i : head + 10 + 2 * i])
        if not 8 <= offset < size:
            continue
        try:
            record = _cell(data, number, base + offset, size, usable)
        except (IndexError, ValueError, UnicodeDecodeError, struct.error):
            continue
        if record is not None:
            yield record


def _cell(data: bytes, number: int, at: int, size: int, usable: int) -> Record | None:
    payload_size, at = varint(data, at)
    rowid, at = varint(data, at)
    if rowid >= 1 << 63:
        rowid -= 1 << 64
    if payload_size > 1 << 30:
        return None
    x = usable - 35
    payload: bytes | bytearray
    if payload_size <= x:
        payload = data[at : at + payload_size]
    else:
        m = ((usable - 12) * 32 // 255) - 23
        k = m + ((payload_size - m) % (usable - 4))
        local = k if k <= x else m
        payload = bytearray(data[at : at + local])
        (page,) = struct.unpack(">I", data[at + local : at + local + 4])
        seen: set[int] = set()
        pages = len(data) // size
        while len(payload) < payload_size:
            if not 1 <= page <= pages or page in seen:
                return None  # the chain is broken: the record is lost
            seen.add(page)
            start = (page - 1) * size
            (page,) = struct.unpack(">I", data[start : start + 4])
            payload += data[start + 4 : start + usable]
        payload = bytes(payload[:payload_size])
    if len(payload) != payload_size:
        return None
    values, kinds = _decode(payload)
    return Record(number, rowid, values, kinds)


def _decode(payload: bytes) -> tuple[tuple[Value, ...], tuple[str, ...]]:
    header_size, at = varint(payload, 0)
    if not 1 <= header_size <= len(payload):
        raise ValueError("bad record header")
    types = []
    while at < header_size:
        serial, at = varint(payload, at)
        types.append(serial)
    body = header_size
    values: list[Value] = []
    kinds: list[str] = []
    for serial in types:
        value, kind, width = _value(payload, body, serial)
        values.append(value)
        kinds.append(kind)
        body += width
    if body != len(payload):
        raise ValueError("record length mismatch")
    return tuple(values), tuple(kinds)


_INT_WIDTHS = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def _value(payload: bytes, at: int, serial: int) -> tuple[Value, str, int]:
    if serial == 0:
        return None, "null", 0
    if serial in _INT_WIDTHS:
        width = _INT_WIDTHS[serial]
        if at + width > len(payload):
            raise ValueError("truncated integer")
        return int.from_bytes(payload[at : at + width], "big", signed=True), "int", width
    if serial == 7:
        return struct.unpack(">d", payload[at : at + 8])[0], "real", 8
    if serial in (8, 9):
        return serial - 8, "int", 0
    if serial in (10, 11):
        raise ValueError("reserved serial type")
    width = (serial - 12) // 2
    if at + width > len(payload):
        raise ValueError("truncated value")
    raw = payload[at : at + width]
    if serial % 2:
        return raw.decode("utf-8"), "text", width
    return bytes(raw), "blob", width
