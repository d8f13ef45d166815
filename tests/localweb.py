"""A small local HTTP server for tests: routes registered per test, requests recorded.

`LocalWeb` serves on 127.0.0.1 at a free port from a daemon thread (the `web` fixture in
conftest.py starts it and shuts it down). A test registers what each path answers:

    web.route("/feed.xml", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    web.route("/old", status=301, headers={"Location": "/new"})
    web.route("/feed", body=data, etag='"v1"')        # 304 to a matching If-None-Match
    web.route("/page", body=html, gzip=True)          # sent gzip-compressed
    web.route("/slow", handler=lambda request: (200, {}, trickle(b"abc", delay=1.0)))

A handler gets the `Request` and returns (status, headers, body); a body is bytes or an
iterable whose items are bytes (sent as they come, chunked unless `Content-Length` is given
or `chunked=False`) or numbers (seconds to sleep first), so slow, trickling or endless
servers are easy. A generator is used up by one request: register it again (or use a
handler that makes a new one) to serve it twice. `web.requests` records every request (path
and headers) for assertions, `web.url(path)` gives the absolute URL. Nothing here reaches
beyond 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import gzip as gzip_module
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Body = bytes | Iterable[bytes | float]
Answer = tuple[int, dict[str, str], Body]


@dataclass(frozen=True)
class Request:
    """One request the server received. `headers` keys are lower case."""

    method: str
    path: str  # with its query, as sent
    headers: dict[str, str]

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Route:
    """What one path answers: fixed (status, headers, body) or a handler's answer."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: Body = b""
    handler: Callable[[Request], Answer] | None = None
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False
    chunked: bool = True

    def answer(self, request: Request) -> Answer:
        if self.handler is not None:
            return self.handler(request)
        headers = dict(self.headers)
        if self.etag is not None:
            headers["ETag"] = self.etag
            if request.header("If-None-Match") in (self.etag, "*"):
                return 304, headers, b""
        if self.last_modified is not None:
            headers["Last-Modified"] = self.last_modified
            if _not_modified_since(request.header("If-Modified-Since"), self.last_modified):
                return 304, headers, b""
        body = self.body
        if self.gzip:
            body = gzipped(body) if isinstance(body, bytes) else gzip_stream(body)
            headers["Content-Encoding"] = "gzip"
        return self.status, headers, body


def _not_modified_since(since: str | None, last_modified: str) -> bool:
    if not since:
        return False
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


class LocalWeb:
    """The server. Use `route()`, `url()`, `requests`; `start()` and `stop()` from the fixture."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(
        self,
        path: str,
        body: Body = b"",
        status: int = 200,
        headers: dict[str, str] | None = None,
        *,
        handler: Callable[[Request], Answer] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        gzip: bool = False,
        chunked: bool = True,
    ) -> None:
        """What `path` (with its query, if the request has one) answers from now on."""
        self.routes[path] = Route(
            status, dict(headers or {}), body, handler, etag, last_modified, gzip, chunked
        )

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def _find(self, path: str) -> Route | None:
        return self.routes.get(path) or self.routes.get(path.split("?", 1)[0])


def _handler_for(web: LocalWeb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            request = Request(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()}
            )
            web._record(request)
            route = web._find(self.path)
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                chunked = True
            else:
                status, headers, body = route.answer(request)
                chunked = route.chunked
            with contextlib.suppress(OSError):  # the client may hang up early: that's fine
                self._send(status, headers, body, chunked=chunked)

        do_HEAD = do_GET

        def _send(self, status: int, headers: dict[str, str], body: Body, *, chunked: bool) -> None:
            self.send_response_only(status)
            names = {k.lower() for k in headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Connection", "close")
            if isinstance(body, bytes):
                if "content-length" not in names:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            chunked = chunked and "content-length" not in names
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.flush()
            for item in body:
                if not isinstance(item, bytes):
                    time.sleep(item)
                elif chunked and item:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(item), item))
                elif item:
                    self.wfile.write(item)
                self.wfile.flush()
            if chunked:
                self.wfile.write(b"0\r\n\r\n")

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    return Handler


def gzipped(data: bytes) -> bytes:
    """`data` gzip-compressed (for a route's body with Content-Encoding: gzip)."""
    return gzip_module.compress(data, mtime=0)


def gzip_stream(chunks: Iterable[bytes | float]) -> Iterator[bytes | float]:
    """A gzip stream compressed as the chunks come (delays pass through)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    for chunk in chunks:
        if isinstance(chunk, bytes):
            out = compressor.compress(chunk)
            if out:
                yield out
        else:
            yield chunk
    yield compressor.flush()


def gzip_bomb(size: int, chunk: int = 1 << 20) -> bytes:
    """A small gzip body that decompresses to `size` zero bytes (never holding them all)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(chunk)
    parts = [compressor.compress(zeros) for _ in range(size // chunk)]
    parts.append(compressor.compress(bytes(size % chunk)))
    parts.append(compressor.flush())
    return b"".join(parts)


def trickle(data: bytes, delay: float) -> Iterator[bytes | float]:
    """`data` one byte at a time, `delay` seconds before each."""
    for i in range(len(data)):
        yield delay
        yield data[i : i + 1]


def endless(chunk: int = 64 * 1024, total: int | None = None) -> Iterator[bytes]:
    """Zero bytes, `chunk` at a time, for ever (or up to `total`), made lazily."""
    zeros = bytes(chunk)
    sent = 0
    while total is None or sent < total:
        piece = zeros if total is None else zeros[: total - sent]
        sent += len(piece)
        yield piece


def http_date(when: float | None = None) -> str:
    """An HTTP date (RFC 9110) for `when` (seconds since the epoch; now if None)."""
    import datetime as dt

    moment = dt.datetime.fromtimestamp(time.time() if when is None else when, dt.UTC)
    return format_datetime(moment, usegmt=True)
