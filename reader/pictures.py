"""The picture check that the window and the command line hand to the library.

The library (`reader.library.web.pictures`) never imports Qt; it fetches each picture of a
web article and asks a `PictureCheck` whether to keep it. This is that check, done by Qt's
own image reader, which is what will later paint the picture:

- the first bytes must say PNG, JPEG, GIF or WebP, and Qt must agree on the format;
- the size in pixels is read from the header first, and a picture over `MAX_PIXELS` is
  refused before anything is decoded;
- the whole picture is then decoded under Qt's allocation limit, and a picture that does
  not decode, or whose data stops before its format's end marker, is refused.

It needs no QApplication, so `reader add` and `reader feeds refresh` use it too, and it is
safe off the GUI thread (QImageReader is reentrant; the format plugins are loaded when this
module is imported, so import it on the main thread).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImageReader

from reader.library import MAX_PICTURE_BYTES, MAX_PIXELS, PictureFacts, sniff_picture

# Qt's limit on what one decode may allocate, in MB: a 16-megapixel RGBA picture is 64 MB.
ALLOCATION_MB = 80
_QT_FORMATS = {
    "image/png": b"png",
    "image/jpeg": b"jpeg",
    "image/gif": b"gif",
    "image/webp": b"webp",
}


def _load_plugins() -> None:
    """Load Qt's image format plugins now, on the importing (main) thread: a plugin first
    loaded on a worker thread stays owned by that thread, and Qt warns when another uses it."""
    for name in _QT_FORMATS.values():
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        probe = QImageReader(buffer, name)
        probe.setDecideFormatFromContent(True)
        probe.canRead()
        probe.size()


_load_plugins()


def check_picture(data: bytes) -> PictureFacts | str:  # noqa: PLR0911 (a reason per check)
    """What `data` is if it is a picture Reader shows, else why it is refused (in words)."""
    if not data:
        return "empty"
    if len(data) > MAX_PICTURE_BYTES:
        return f"larger than {MAX_PICTURE_BYTES >> 20} MB"
    mime = sniff_picture(data)
    if mime is None:
        return "not a PNG, JPEG, GIF or WebP picture"
    if not _complete(mime, data):
        return "cut short (the picture's data stops before its end)"
    QImageReader.setAllocationLimit(ALLOCATION_MB)
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, _QT_FORMATS[mime])
    reader.setDecideFormatFromContent(True)
    if bytes(reader.format().data()) != _QT_FORMATS[mime]:
        return "not a picture Qt can read"
    size = reader.size()
    if size.isValid():
        if size.width() * size.height() > MAX_PIXELS:
            return f"too large ({size.width()} x {size.height()} pixels)"
        if size.width() <= 0 or size.height() <= 0:
            return "has no pixels"
    image = reader.read()
    if image.isNull():
        return f"does not decode ({reader.errorString() or 'unreadable'})"
    if image.width() * image.height() > MAX_PIXELS:
        return f"too large ({image.width()} x {image.height()} pixels)"
    return PictureFacts(mime=mime, width=image.width(), height=image.height())


def _complete(mime: str, data: bytes) -> bool:
    """Whether the data runs to its format's end marker (decoders forgive a missing end)."""
    if mime == "image/png":
        return b"IEND" in data[-32:]
    if mime == "image/jpeg":
        return data.rstrip(b"\x00").endswith(b"\xff\xd9")
    if mime == "image/gif":
        return data.rstrip(b"\x00").endswith(b";")
    declared = int.from_bytes(data[4:8], "little") + 8  # RIFF size, WebP
    return len(data) >= declared
