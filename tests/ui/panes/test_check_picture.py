"""Pictures with Qt: `reader.pictures.check_picture` accepts real PNG, JPEG, GIF and WebP and
refuses cut, fake, empty and oversized ones (huge ones before decoding); the reading pane shows
only the library's stored copies, scaled to the text column, and a placeholder for the rest."""

from __future__ import annotations

import hashlib
import struct
import zlib

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QImageReader, QTextDocument
from pytestqt.qtbot import QtBot

import reader.pictures
from reader.library import MAX_PICTURE_BYTES, MAX_PIXELS, PICTURE_SCHEME, PictureFacts
from reader.pictures import check_picture
from reader.ui.panes.reading_pane import ReadingPane

# A 1x1 GIF89a (Qt reads GIF but cannot write it).
GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)
IMAGE = QTextDocument.ResourceType.ImageResource.value


def encode(fmt: str, width: int = 20, height: int = 10, color: QColor | None = None) -> bytes:
    """A real picture of `width` x `height` pixels in Qt's format `fmt` (PNG, JPEG, WEBP)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(color or QColor(200, 40, 40))
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, fmt), fmt
    buffer.close()
    return bytes(array.data())


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A well-formed PNG header (valid CRCs) claiming `width` x `height`, with a tiny body."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record any decode `check_picture` attempts (its QImageReader's `read`)."""
    decoded: list[str] = []

    class Reader(QImageReader):
        def read(self) -> QImage:  # type: ignore[override]
            decoded.append("read")
            return super().read()

    monkeypatch.setattr(reader.pictures, "QImageReader", Reader)
    return decoded


# -- check_picture: accepted --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")],
)
def test_real_pictures_are_accepted_with_their_type_and_size(fmt: str, mime: str) -> None:
    data = encode(fmt, 37, 21)
    assert check_picture(data) == PictureFacts(mime=mime, width=37, height=21)


def test_a_real_gif_is_accepted() -> None:
    assert check_picture(GIF) == PictureFacts(mime="image/gif", width=1, height=1)


def test_a_picture_just_under_the_pixel_limit_is_accepted() -> None:
    side = int(MAX_PIXELS**0.5)
    data = encode("PNG", side, side)
    assert len(data) < MAX_PICTURE_BYTES
    facts = check_picture(data)
    assert isinstance(facts, PictureFacts), facts
    assert (facts.width, facts.height) == (side, side)


def test_a_picture_with_trailing_zero_padding_is_accepted() -> None:
    assert isinstance(check_picture(encode("JPEG") + b"\x00" * 16), PictureFacts)
    assert isinstance(check_picture(GIF + b"\x00\x00"), PictureFacts)


def test_the_check_is_made_by_the_decoder_with_a_limit() -> None:
    check_picture(encode("PNG"))
    assert QImageReader.allocationLimit() == reader.pictures.ALLOCATION_MB


# -- check_picture: refused ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_a_picture_cut_in_half_is_refused(fmt: str) -> None:
    data = GIF if fmt == "GIF" else encode(fmt, 64, 48)
    reason = check_picture(data[: len(data) // 2])
    assert isinstance(reason, str)
    assert "cut short" in reason


@pytest.mark.parametrize(("fmt", "cut"), [("PNG", 12), ("JPEG", 2), ("WEBP", 1), ("GIF", 1)])
def test_a_picture_missing_its_end_marker_is_refused(fmt: str, cut: int) -> None:
    data = GIF if fmt == "GIF" else encode(fmt, 64, 48)
    reason = check_picture(data[:-cut])  # PNG: the IEND chunk; JPEG: FFD9; GIF: ";"
    assert isinstance(reason, str)
    assert "cut short" in reason


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body><p>Not found</p></body></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"Just some words, not a picture at all.",
        "Grüße".encode(),
        b"BM" + b"\x00" * 64,  # a BMP: Qt reads it, Reader does not show it
        b"\x00" * 128,
    ],
)
def test_what_is_not_a_picture_is_refused(data: bytes) -> None:
    assert check_picture(data) == "not a PNG, JPEG, GIF or WebP picture"


def test_empty_bytes_are_refused() -> None:
    assert check_picture(b"") == "empty"


def test_more_than_the_pixel_limit_is_refused_before_decoding(no_decoding: list[str]) -> None:
    data = encode("PNG", 5000, 5000)  # one colour: it compresses small
    assert len(data) < MAX_PICTURE_BYTES
    assert check_picture(data) == "too large (5000 x 5000 pixels)"
    assert no_decoding == []


@pytest.mark.parametrize(("width", "height"), [(100_000, 100_000), (4001, 4000), (65_536, 65_536)])
def test_a_header_claiming_huge_dimensions_is_refused(
    no_decoding: list[str], width: int, height: int
) -> None:
    data = png_claiming(width, height)
    assert len(data) < 200
    reason = check_picture(data)
    assert reason == f"too large ({width} x {height} pixels)"
    assert no_decoding == []


def test_the_crafted_header_is_otherwise_well_formed() -> None:
    small = png_claiming(8, 8)  # the same construction at a sane size reaches the decoder
    assert small[12:16] == b"IHDR"
    assert zlib.crc32(small[12:29]) == struct.unpack(">I", small[29:33])[0]
    reason = check_picture(small)
    assert isinstance(reason, str)
    assert "too large" not in reason  # refused for its short pixel data, not its size


def test_bytes_over_the_size_limit_are_refused(no_decoding: list[str]) -> None:
    data = encode("PNG") + b"\x00" * MAX_PICTURE_BYTES
    assert check_picture(data) == f"larger than {MAX_PICTURE_BYTES >> 20} MB"
    assert no_decoding == []


def test_exactly_the_size_limit_is_not_refused_for_size() -> None:
    data = encode("JPEG")
    padded = data + b"\x00" * (MAX_PICTURE_BYTES - len(data))
    assert len(padded) == MAX_PICTURE_BYTES
    assert isinstance(check_picture(padded), PictureFacts)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"junk" * 100 + b"IEND\xaeB`\x82",
        b"\x89PNG\r\n\x1a\n" + b"junk" * 100,
        b"\xff\xd8\xff" + b"junk" * 100 + b"\xff\xd9",
        b"GIF89a" + b"junk" * 100 + b";",
        b"RIFF\x10\x00\x00\x00WEBPjunkjunk",
        b"RIFF\xff\xff\xff\x7fWEBPVP8 junk",  # a RIFF size far past the data
        encode("PNG")[:8] + encode("JPEG")[8:],  # a PNG signature on a JPEG's body
    ],
)
@pytest.mark.qt_log_ignore("Unsupported marker type", "Corrupt JPEG", "Premature end")
def test_a_true_signature_on_junk_is_refused(data: bytes) -> None:
    reason = check_picture(data)
    assert isinstance(reason, str)
    assert reason != "not a PNG, JPEG, GIF or WebP picture"  # the signature passed the sniff


def test_a_signature_naming_the_wrong_type_is_refused() -> None:
    gif_named_png = b"\x89PNG\r\n\x1a\n" + GIF  # Qt would read the GIF if asked to guess
    assert isinstance(check_picture(gif_named_png), str)


# -- the reading pane ---------------------------------------------------------------------------


def sha_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def address(sha: str) -> str:
    return f"{PICTURE_SCHEME}:{sha}"


@pytest.fixture
def pane(qtbot: QtBot) -> ReadingPane:
    widget = ReadingPane()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def serve(pane: ReadingPane, *pictures: bytes) -> list[str]:
    """Let the pane read `pictures` from the "library"; the SHA-256s it asks for, in order."""
    store = {sha_of(data): data for data in pictures}
    asked: list[str] = []

    def source(sha: str) -> bytes | None:
        asked.append(sha)
        return store.get(sha)

    pane.pictures = source
    return asked


def load(pane: ReadingPane, name: str) -> QImage:
    image = pane.loadResource(IMAGE, QUrl(name))
    assert isinstance(image, QImage)
    return image


def is_placeholder(image: QImage) -> bool:
    return (image.width(), image.height()) == (1, 1) and image.pixelColor(0, 0).alpha() == 0


def test_the_pane_shows_a_stored_picture_at_its_size(pane: ReadingPane) -> None:
    data = encode("PNG", 120, 80, QColor(0, 128, 255))
    asked = serve(pane, data)
    image = load(pane, address(sha_of(data)))
    assert (image.width(), image.height()) == (120, 80)
    assert image.pixelColor(60, 40).rgb() == QColor(0, 128, 255).rgb()
    assert asked == [sha_of(data)]
    assert pane.blocked == []


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
def test_the_pane_shows_other_stored_types(pane: ReadingPane, fmt: str) -> None:
    data = encode(fmt, 50, 30)
    serve(pane, data)
    image = load(pane, address(sha_of(data)))
    assert (image.width(), image.height()) == (50, 30)


def test_the_pane_shows_a_stored_gif(pane: ReadingPane) -> None:
    serve(pane, GIF)
    image = load(pane, address(sha_of(GIF)))
    assert (image.width(), image.height()) == (1, 1)
    assert pane.blocked == []


def test_a_document_with_a_stored_picture_lays_it_out(pane: ReadingPane) -> None:
    data = encode("PNG", 200, 150)
    serve(pane, data)
    pane.setHtml("<p>before</p>")
    pane.document().setTextWidth(800)
    without = pane.document().size().height()
    pane.setHtml(f'<p>before</p><p class="picture"><img src="{address(sha_of(data))}"></p>')
    pane.document().setTextWidth(800)
    pane.grab()
    assert pane.document().size().height() >= without + 150
    cached = pane.document().resource(IMAGE, QUrl(address(sha_of(data))))
    assert isinstance(cached, QImage)
    assert (cached.width(), cached.height()) == (200, 150)
    assert pane.blocked == []


def test_a_wide_picture_is_scaled_to_the_text_column(pane: ReadingPane) -> None:
    widest = int(pane.measure())
    assert widest > 100
    data = encode("PNG", widest * 3, 300)
    serve(pane, data)
    image = load(pane, address(sha_of(data)))
    assert image.width() <= widest
    assert image.width() == widest
    assert abs(image.height() - 100) <= 1  # the proportions are kept


def test_a_picture_as_wide_as_the_column_is_left_alone(pane: ReadingPane) -> None:
    widest = int(pane.measure())
    data = encode("PNG", widest, 40)
    serve(pane, data)
    image = load(pane, address(sha_of(data)))
    assert (image.width(), image.height()) == (widest, 40)


def test_a_picture_is_scaled_to_the_zoomed_column(pane: ReadingPane) -> None:
    data = encode("PNG", 3000, 30)
    serve(pane, data)
    pane.zoomIn(4)
    widest = int(pane.measure())
    assert load(pane, address(sha_of(data))).width() <= widest


GOOD = encode("PNG", 10, 10)


@pytest.mark.parametrize(
    "name",
    [
        "file:///etc/passwd",
        "/etc/passwd",
        "../../../../etc/passwd",
        "http://127.0.0.1/x.png",
        "https://127.0.0.1:1/x.png",
        "qrc:/icons/app.png",
        "data:image/png;base64,iVBORw0KGgo=",
        sha_of(GOOD),  # the bare SHA, no scheme
        address("g" * 64),  # not hex
        address(sha_of(GOOD).upper()),
        address(sha_of(GOOD)[:-1]),  # wrong length
        address(sha_of(GOOD) + "0"),
        address(""),
        address("../../etc/passwd"),
        address(sha_of(GOOD)) + "?x=1",
        f"file:///{sha_of(GOOD)}",
    ],
)
def test_anything_else_gets_the_placeholder(pane: ReadingPane, name: str) -> None:
    asked = serve(pane, GOOD)
    image = load(pane, name)
    assert is_placeholder(image)
    assert pane.blocked == [QUrl(name).toString()]
    assert asked == []  # the library is not even asked


def test_no_picture_source_gives_the_placeholder(pane: ReadingPane) -> None:
    pane.pictures = None  # pictures are off
    name = address(sha_of(GOOD))
    assert is_placeholder(load(pane, name))
    assert pane.blocked == [name]


@pytest.mark.parametrize(
    "stored",
    [
        None,  # not in the library
        b"",
        b"<html>not a picture</html>",
        encode("PNG", 10, 10)[:30],  # cut short on disk
    ],
)
def test_a_missing_or_unreadable_copy_gives_the_placeholder(
    pane: ReadingPane, stored: bytes | None
) -> None:
    name = address(sha_of(GOOD))
    pane.pictures = lambda sha: stored
    assert is_placeholder(load(pane, name))
    assert pane.blocked == [name]


def test_refused_pictures_in_a_document_are_recorded(pane: ReadingPane) -> None:
    serve(pane, GOOD)
    sources = ["file:///etc/passwd", "http://127.0.0.1/x.png", address("z" * 64)]
    pane.setHtml("".join(f'<p><img src="{src}"></p>' for src in sources))
    pane.document().setTextWidth(600)
    pane.grab()
    assert pane.document().size().height() < 150  # placeholders take no room
    for src in sources:
        assert src in pane.blocked


def test_other_resource_types_are_refused(pane: ReadingPane) -> None:
    serve(pane, GOOD)
    name = address(sha_of(GOOD))
    for kind in (
        QTextDocument.ResourceType.StyleSheetResource,
        QTextDocument.ResourceType.HtmlResource,
    ):
        result = pane.loadResource(kind.value, QUrl(name))
        assert isinstance(result, QByteArray)
        assert result.isEmpty()
    assert pane.blocked == [name, name]


def test_the_placeholder_is_transparent(pane: ReadingPane) -> None:
    image = load(pane, "file:///etc/passwd")
    assert image.pixelColor(0, 0) == QColor(Qt.GlobalColor.transparent)
