"""`fetch()` against the local test server: statuses, redirects, limits, timeouts, refusals."""

from __future__ import annotations

import socket
import time
import tracemalloc
import zlib

import pytest
from localweb import LocalWeb, Request, endless, gzip_bomb, gzip_stream, http_date, trickle

from reader.library.web.fetch import MB, FetchError, Response, fetch, parse_retry_after

HTML = "<p>Grüße aus Köln</p>".encode("iso-8859-1")


def test_200_with_a_charset(web: LocalWeb) -> None:
    web.route("/page", HTML, headers={"Content-Type": 'Text/HTML; Charset="ISO-8859-1"'})
    response = fetch(web.url("/page"))
    assert response == Response(
        url=web.url("/page"),
        status=200,
        body=HTML,
        content_type="text/html",
        charset="ISO-8859-1",
        etag=None,
        last_modified=None,
        moved_to=None,
    )


def test_no_content_type_gives_an_empty_one(web: LocalWeb) -> None:
    web.route("/bare", b"x")
    response = fetch(web.url("/bare"))
    assert (response.content_type, response.charset) == ("", None)


def test_the_request_says_who_asks_and_what_it_takes(web: LocalWeb) -> None:
    web.route("/feed", b"<rss/>")
    fetch(web.url("/feed?page=2&q=a%20b"), accept="application/rss+xml")
    (request,) = web.requests
    assert request.path == "/feed?page=2&q=a%20b"
    user_agent = request.header("User-Agent") or ""
    assert user_agent.startswith("Reader/") and "(+https://example.invalid/reader)" in user_agent
    assert request.header("Accept") == "application/rss+xml"
    assert request.header("Accept-Encoding") == "gzip, deflate"
    assert request.header("Host") == f"127.0.0.1:{web.port}"
    assert request.header("If-None-Match") is None


def test_gzip_is_decompressed(web: LocalWeb) -> None:
    web.route("/page", b"hello " * 1000, gzip=True, headers={"Content-Type": "text/plain"})
    assert fetch(web.url("/page")).body == b"hello " * 1000


def test_gzip_streamed_in_chunks_is_decompressed(web: LocalWeb) -> None:
    chunks = [bytes([i]) * 10_000 for i in range(50)]
    web.route("/page", gzip_stream(chunks), headers={"Content-Encoding": "gzip"})
    assert fetch(web.url("/page")).body == b"".join(chunks)


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_deflate_is_decompressed_in_both_forms(web: LocalWeb, wbits: int) -> None:
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    data = compressor.compress(b"text " * 500) + compressor.flush()
    web.route("/page", data, headers={"Content-Encoding": "deflate"})
    assert fetch(web.url("/page")).body == b"text " * 500


def test_an_empty_gzip_body_is_empty(web: LocalWeb) -> None:
    web.route("/empty", b"", headers={"Content-Encoding": "gzip"})
    assert fetch(web.url("/empty")).body == b""


def test_truncated_gzip_is_refused(web: LocalWeb) -> None:
    web.route("/cut", gzip_bomb(MB)[:-20], headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="incomplete"):
        fetch(web.url("/cut"))


def test_damaged_gzip_is_refused(web: LocalWeb) -> None:
    web.route("/page", b"\x1f\x8b\x08\x00garbage" * 10, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="damaged"):
        fetch(web.url("/page"))


def test_304_by_etag(web: LocalWeb) -> None:
    web.route("/feed", b"<rss/>", etag='"v1"')
    first = fetch(web.url("/feed"))
    assert (first.status, first.body, first.etag) == (200, b"<rss/>", '"v1"')
    second = fetch(web.url("/feed"), etag=first.etag)
    assert (second.status, second.body, second.etag) == (304, b"", '"v1"')
    assert [r.header("If-None-Match") for r in web.requests] == [None, '"v1"']
    assert fetch(web.url("/feed"), etag='"v0"').status == 200


def test_304_by_last_modified(web: LocalWeb) -> None:
    stamp = "Wed, 21 Oct 2026 07:28:00 GMT"
    web.route("/feed", b"<rss/>", last_modified=stamp)
    first = fetch(web.url("/feed"))
    assert (first.status, first.last_modified) == (200, stamp)
    second = fetch(web.url("/feed"), last_modified=first.last_modified)
    assert (second.status, second.body, second.last_modified) == (304, b"", stamp)
    assert web.requests[1].header("If-Modified-Since") == stamp
    assert fetch(web.url("/feed"), last_modified="Tue, 20 Oct 2026 07:28:00 GMT").status == 200


def test_a_header_value_with_a_line_break_is_not_sent(web: LocalWeb) -> None:
    web.route("/feed", b"<rss/>")
    fetch(web.url("/feed"), etag='"v1"\r\nX-Evil: yes')
    assert web.requests[0].header("X-Evil") is None
    assert web.requests[0].header("If-None-Match") is None


def test_301_gives_moved_to(web: LocalWeb) -> None:
    web.route("/old", status=301, headers={"Location": "/new"})
    web.route("/new", b"<rss/>")
    response = fetch(web.url("/old"))
    assert (response.url, response.moved_to, response.body) == (
        web.url("/new"),
        web.url("/new"),
        b"<rss/>",
    )


def test_308_then_301_gives_moved_to(web: LocalWeb) -> None:
    web.route("/a", status=308, headers={"Location": web.url("/b")})
    web.route("/b", status=301, headers={"Location": "c"})
    web.route("/c", b"here")
    response = fetch(web.url("/a"))
    assert response.moved_to == web.url("/c") == response.url


def test_302_is_not_a_move(web: LocalWeb) -> None:
    web.route("/old", status=302, headers={"Location": "/new"})
    web.route("/new", b"<rss/>")
    response = fetch(web.url("/old"))
    assert (response.url, response.moved_to) == (web.url("/new"), None)


def test_one_temporary_redirect_on_the_way_is_not_a_move(web: LocalWeb) -> None:
    web.route("/a", status=301, headers={"Location": "/b"})
    web.route("/b", status=307, headers={"Location": "/c"})
    web.route("/c", b"here")
    assert fetch(web.url("/a")).moved_to is None


def test_304_after_a_permanent_redirect_says_where(web: LocalWeb) -> None:
    web.route("/old", status=301, headers={"Location": "/new"})
    web.route("/new", b"<rss/>", etag='"v2"')
    response = fetch(web.url("/old"), etag='"v2"')
    assert (response.status, response.moved_to) == (304, web.url("/new"))


def test_a_redirect_loop_is_refused(web: LocalWeb) -> None:
    web.route("/a", status=302, headers={"Location": "/b"})
    web.route("/b", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="loop"):
        fetch(web.url("/a"))
    assert len(web.requests) == 2


def test_more_than_ten_redirects_are_refused(web: LocalWeb) -> None:
    for i in range(12):
        web.route(f"/r{i}", status=302, headers={"Location": f"/r{i + 1}"})
    web.route("/r12", b"end")
    with pytest.raises(FetchError, match="more than 10 redirects"):
        fetch(web.url("/r0"))
    assert len(web.requests) == 11


def test_a_redirect_to_a_file_is_refused(web: LocalWeb) -> None:
    web.route("/evil", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError) as caught:
        fetch(web.url("/evil"))
    assert str(caught.value) == "refused: redirect to file:///etc/passwd (only http and https)"


@pytest.mark.parametrize("where", ["ftp://example.org/x", "data:text/plain,hi", "gopher://x"])
def test_a_redirect_to_another_scheme_is_refused(web: LocalWeb, where: str) -> None:
    web.route("/evil", status=301, headers={"Location": where})
    with pytest.raises(FetchError, match="only http and https"):
        fetch(web.url("/evil"))


def test_a_redirect_without_a_location_is_an_error(web: LocalWeb) -> None:
    web.route("/nowhere", status=302)
    with pytest.raises(FetchError, match=r"302 \(Found\) without saying where"):
        fetch(web.url("/nowhere"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "/etc/passwd", ""])
def test_a_start_url_that_is_not_http_is_refused(url: str) -> None:
    with pytest.raises(FetchError, match=r"^refused: .*\(only http and https\)$"):
        fetch(url)


def test_410_is_gone(web: LocalWeb) -> None:
    web.route("/feed", status=410)
    with pytest.raises(FetchError) as caught:
        fetch(web.url("/feed"))
    error = caught.value
    assert (error.gone, error.status, str(error)) == (True, 410, "the server answered 410 (Gone)")


def test_429_with_retry_after_in_seconds(web: LocalWeb) -> None:
    web.route("/feed", status=429, headers={"Retry-After": "120"})
    with pytest.raises(FetchError) as caught:
        fetch(web.url("/feed"))
    error = caught.value
    assert (error.status, error.retry_after, error.gone) == (429, 120.0, False)
    assert str(error) == "the server answered 429 (Too Many Requests)"


def test_429_with_retry_after_as_a_date(web: LocalWeb) -> None:
    web.route("/feed", status=429, headers={"Retry-After": http_date(time.time() + 600)})
    with pytest.raises(FetchError) as caught:
        fetch(web.url("/feed"))
    assert caught.value.retry_after is not None
    assert 590 <= caught.value.retry_after <= 601


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0.0), (" 30 ", 30.0), ("soon", None), ("-5", None), ("", None), (None, None)],
)
def test_retry_after_values(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_retry_after_in_the_past_is_zero() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_503_with_retry_after(web: LocalWeb) -> None:
    web.route("/feed", status=503, headers={"Retry-After": "5"})
    with pytest.raises(FetchError) as caught:
        fetch(web.url("/feed"))
    assert (caught.value.status, caught.value.retry_after) == (503, 5.0)
    assert str(caught.value) == "the server answered 503 (Service Unavailable)"


def test_503_without_retry_after(web: LocalWeb) -> None:
    web.route("/feed", status=503)
    with pytest.raises(FetchError) as caught:
        fetch(web.url("/feed"))
    assert caught.value.retry_after is None


def test_500_says_so(web: LocalWeb) -> None:
    web.route("/feed", b"oops", status=500, headers={"Retry-After": "5"})
    with pytest.raises(FetchError) as caught:
        fetch(web.url("/feed"))
    error = caught.value
    assert str(error) == "the server answered 500 (Internal Server Error)"
    assert (error.status, error.retry_after, error.gone) == (500, None, False)


def test_404_and_an_unknown_status(web: LocalWeb) -> None:
    web.route("/odd", status=599)
    with pytest.raises(FetchError, match=r"^the server answered 404 \(Not Found\)$"):
        fetch(web.url("/missing"))
    with pytest.raises(FetchError, match=r"^the server answered 599$"):
        fetch(web.url("/odd"))


def test_a_body_shorter_than_its_content_length_is_refused(web: LocalWeb) -> None:
    web.route("/short", [b"0123456789"], headers={"Content-Length": "100"})
    with pytest.raises(FetchError, match="closed too early"):
        fetch(web.url("/short"))


def test_a_trickling_server_times_out(web: LocalWeb) -> None:
    web.route("/slow", trickle(b"x" * 100, delay=0.2))
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^timed out after 1 s$"):
        fetch(web.url("/slow"), total_timeout=1)
    assert time.monotonic() - started < 1.8


def test_a_server_slow_to_answer_times_out(web: LocalWeb) -> None:
    def late(request: Request) -> tuple[int, dict[str, str], bytes]:
        time.sleep(2)
        return 200, {}, b"late"

    web.route("/late", handler=late)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^timed out after 0.5 s$"):
        fetch(web.url("/late"), total_timeout=0.5)
    assert time.monotonic() - started < 1.3


def test_a_handler_answers_with_a_slow_generator_in_time(web: LocalWeb) -> None:
    web.route("/ok", handler=lambda request: (200, {}, [b"a", 0.05, b"b", 0.05, b"c"]))
    assert fetch(web.url("/ok"), total_timeout=5).body == b"abc"


def test_a_50_mb_body_is_refused_fast(web: LocalWeb) -> None:
    web.route("/big", endless(total=50 * MB))
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(FetchError) as caught:
            fetch(web.url("/big"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == "larger than 10 MB"
    assert time.monotonic() - started < 10
    assert peak < 25 * MB


def test_a_declared_length_over_the_limit_is_refused_before_reading(web: LocalWeb) -> None:
    web.route("/big", endless(total=50 * MB), headers={"Content-Length": str(50 * MB)})
    with pytest.raises(FetchError, match=r"^larger than 10 MB$"):
        fetch(web.url("/big"))


def test_a_close_delimited_body_over_the_limit_is_refused(web: LocalWeb) -> None:
    web.route("/big", endless(total=3 * MB), chunked=False)
    with pytest.raises(FetchError, match=r"^larger than 2 MB$"):
        fetch(web.url("/big"), max_bytes=2 * MB)
    web.route("/big", endless(total=3 * MB), chunked=False)  # a generator serves once
    assert len(fetch(web.url("/big"), max_bytes=3 * MB).body) == 3 * MB


def test_a_body_of_exactly_the_limit_is_kept(web: LocalWeb) -> None:
    web.route("/page", b"x" * 1000, gzip=True)
    assert len(fetch(web.url("/page"), max_bytes=1000).body) == 1000
    with pytest.raises(FetchError, match=r"^larger than 999 bytes$"):
        fetch(web.url("/page"), max_bytes=999)


def test_a_gzip_bomb_is_refused(web: LocalWeb) -> None:
    bomb = gzip_bomb(256 * MB)
    assert len(bomb) < MB // 2
    web.route("/bomb", bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"})
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as caught:
            fetch(web.url("/bomb"), max_bytes=MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == "larger than 1 MB"
    assert peak < 4 * MB


def test_cancelled_between_chunks(web: LocalWeb) -> None:
    web.route("/big", endless(total=5 * MB))
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(FetchError, match=r"^cancelled$"):
        fetch(web.url("/big"), cancelled=cancelled)


def test_cancelled_while_the_server_is_silent(web: LocalWeb) -> None:
    web.route("/slow", trickle(b"x" * 10, delay=5))
    stop_at = time.monotonic() + 0.3
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^cancelled$"):
        fetch(web.url("/slow"), cancelled=lambda: time.monotonic() > stop_at)
    assert time.monotonic() - started < 1.5


def test_cancelled_before_it_starts(web: LocalWeb) -> None:
    web.route("/page", b"x")
    with pytest.raises(FetchError, match=r"^cancelled$"):
        fetch(web.url("/page"), cancelled=lambda: True)
    assert web.requests == []


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused() -> None:
    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{closed_port()}/feed")
    assert str(caught.value) == "could not connect to 127.0.0.1: connection refused"
    assert caught.value.status is None


def test_a_name_that_is_not_found(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_name(*args: object, **kwargs: object) -> socket.socket:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "create_connection", no_such_name)  # no real DNS in tests
    with pytest.raises(FetchError) as caught:
        fetch("http://feeds.example.org/rss")
    assert str(caught.value) == "could not connect to feeds.example.org: no such server"


def test_tls_to_a_server_that_speaks_plain_http(web: LocalWeb) -> None:
    web.route("/page", b"x")
    with pytest.raises(FetchError, match=r"^could not connect securely to 127\.0\.0\.1: "):
        fetch(f"https://127.0.0.1:{web.port}/page", total_timeout=5)


def test_a_server_that_does_not_speak_http() -> None:
    import threading

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()

        def serve() -> None:
            conn, _ = listener.accept()
            with conn:
                conn.recv(1024)
                conn.sendall(b"SSH-2.0-OpenSSH_9\r\n")

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        port = listener.getsockname()[1]
        with pytest.raises(FetchError, match="not HTTP"):
            fetch(f"http://127.0.0.1:{port}/", total_timeout=5)
        thread.join(timeout=5)
