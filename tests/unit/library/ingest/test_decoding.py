"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, cp1252, and refusing binary files."""

from __future__ import annotations

import codecs
import gzip
import zlib

import pytest

from reader.library.ingest.decoding import NotText, decode


def test_utf8_with_and_without_bom() -> None:
    assert decode("Zürich – “quoted”".encode()) == "Zürich – “quoted”"
    assert decode(codecs.BOM_UTF8 + "TAIPEI – x".encode()) == "TAIPEI – x"


def test_utf16_with_bom_and_without() -> None:
    text = "BERLIN – The United States has extended an invitation."
    assert decode(text.encode("utf-16")) == text
    assert decode(text.encode("utf-16-le")) == text
    assert decode(text.encode("utf-16-be")) == text


def test_cp1252_smart_quotes_fall_back() -> None:
    data = "He said “hello” – it’s fine".encode("cp1252")
    assert decode(data) == "He said “hello” – it’s fine"


def test_zero_width_and_rtl_text_stays_utf8() -> None:
    text = "abc\u200bdef \u202eשלום\u202c مرحبا"
    assert decode(text.encode()) == text


def test_line_endings_and_control_characters_are_cleaned() -> None:
    assert decode(b"a\r\nb\rc\x07d\x1b[0m") == "a\nb\ncd[0m"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG"),
        (gzip.compress(b"hello"), "gzip"),
        (b"plain text\x00with a NUL", "NUL"),
        (zlib.compress(bytes(range(256)) * 40), "not a text file"),
    ],
)
def test_binary_files_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(NotText, match=reason):
        decode(data)
