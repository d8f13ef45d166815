"""`fetch()`: one GET over HTTP(S), careful about what it lets in.

Only http and https, for the first address and for every redirect (followed here, at most
10), so a page can never point Reader at a local file. The body is read in chunks, gzip and
deflate decompressed as it arrives, and refused once it (decompressed) passes `max_bytes`, so
a huge page or a compression bomb costs little memory. `total_timeout` bounds the whole
exchange (a server that trickles a byte a second is cut off), `cancelled` is asked between
chunks. Conditional requests (ETag, Last-Modified) give a 304 with an empty body.

Every failure is a `FetchError` whose text is one sentence for the user; it carries the HTTP
status if one came, `retry_after` (429 and 503) and `gone` (410). Standard library only;
environment proxies are not used.
"""

from __future__ import annotations

import datetime as dt
import email.message
import email.utils
import functools
import http
import http.client
import io
import socket
import ssl
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

MB = 1 << 20
MAX_REDIRECTS = 10
CHUNK = 64 * 1024
SCHEMES = ("http", "https")
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
DAMAGED = "the page arrived damaged (it could not be decompressed)"
_POLL = 0.25  # longest wait on the socket before asking `cancelled` again
_SAFE_PATH = "/%:@!$&'()*+,;=-._~?"


@dataclass(frozen=True, slots=True)
class Response:
    """What a successful fetch gave: a 2xx with its body, or a 304 (not modified, body b"").

    On a 304 `etag` and `last_modified` are the server's new ones, else the ones sent."""

    url: str  # the final URL, after redirects
    status: int
    body: bytes  # decoded from gzip/deflate; at most max_bytes
    content_type: str  # media type, lower case, no parameters ("" if none)
    charset: str | None  # from the Content-Type header, if any
    etag: str | None
    last_modified: str | None
    moved_to: str | None  # the final URL if every redirect on the way was permanent (301/308)


class FetchError(Exception):
    """A fetch that failed; `str(error)` is one sentence for the user."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        gone: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status, if one was received
        self.retry_after = retry_after  # seconds to wait, from Retry-After on 429/503
        self.gone = gone  # True for 410


class _TimedOut(Exception):
    """The whole exchange ran past its deadline."""


class _Cancelled(Exception):
    """The caller asked to stop."""


@functools.cache
def user_agent() -> str:
    """The User-Agent Reader sends."""
    try:
        number = version("reader-desktop")
    except PackageNotFoundError:  # a source tree that was never installed
        number = "0.0.0+source"
    return f"Reader/{number} (+https://example.invalid/reader)"


@functools.cache
def _tls() -> ssl.SSLContext:
    return ssl.create_default_context()


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = 10 * MB,
    connect_timeout: float = 10.0,
    total_timeout: float = 30.0,
    accept: str = "*/*",
    cancelled: Callable[[], bool] | None = None,
) -> Response:
    """GET `url`, following redirects; raise `FetchError` for anything but a 2xx or a 304."""
    _check_scheme(url, redirect=False)
    deadline = time.monotonic() + total_timeout
    ask: Callable[[], bool] = cancelled or (lambda: False)
    headers = {"Accept": accept if _header_safe(accept) else "*/*"}
    if etag and _header_safe(etag):
        headers["If-None-Match"] = etag
    if last_modified and _header_safe(last_modified):
        headers["If-Modified-Since"] = last_modified
    seen = {_defragment(url)}
    current = _defragment(url)
    permanent = True
    try:
        for _ in range(MAX_REDIRECTS + 1):
            if ask():
                raise _Cancelled
            exchange = _Exchange(current, headers, deadline, connect_timeout, ask)
            try:
                status = exchange.start()
                if status not in REDIRECTS:
                    response = exchange.finish(max_bytes, etag, last_modified)
                    moved = current if permanent and current != _defragment(url) else None
                    return _with_moved(response, moved)
                target = exchange.location()
            finally:
                exchange.close()
            permanent = permanent and status in PERMANENT
            _check_scheme(target, redirect=True)
            target = _defragment(target)
            if target in seen:
                raise FetchError(f"refused: the redirects from {url} go round in a loop")
            seen.add(target)
            current = target
        raise FetchError(f"refused: more than {MAX_REDIRECTS} redirects from {url}")
    except _TimedOut:
        raise FetchError(f"timed out after {total_timeout:g} s") from None
    except _Cancelled:
        raise FetchError("cancelled") from None


def _with_moved(response: Response, moved: str | None) -> Response:
    return Response(
        url=response.url,
        status=response.status,
        body=response.body,
        content_type=response.content_type,
        charset=response.charset,
        etag=response.etag,
        last_modified=response.last_modified,
        moved_to=moved,
    )


class _Exchange:
    """One request and its response on a connection of its own."""

    def __init__(
        self,
        url: str,
        headers: dict[str, str],
        deadline: float,
        connect_timeout: float,
        cancelled: Callable[[], bool],
    ) -> None:
        self.url = url
        self.headers = headers
        self.deadline = deadline
        self.connect_timeout = connect_timeout
        self.cancelled = cancelled
        self.sock: socket.socket | None = None
        self.response: http.client.HTTPResponse | None = None
        parts = urlsplit(url)
        self.https = parts.scheme.lower() == "https"
        try:
            port = parts.port
        except ValueError:
            raise FetchError(f"not a web address: {url}") from None
        if not parts.hostname:
            raise FetchError(f"not a web address: {url}")
        self.host = parts.hostname
        self.port = port or (443 if self.https else 80)
        self.target = quote(urlunsplit(("", "", parts.path or "/", parts.query, "")), _SAFE_PATH)

    def start(self) -> int:
        """Connect, send the request, read the status line and headers; the status."""
        self.sock = self._connect()
        try:
            self.sock.sendall(self._request())
        except OSError as exc:
            raise FetchError(f"the connection to {self.host} broke: {_reason(exc)}") from None
        source = _Source(_DeadlineReader(self.sock, self.deadline, self.cancelled))
        response = http.client.HTTPResponse(source, method="GET")  # type: ignore[arg-type]
        self.response = response
        try:
            response.begin()
        except (http.client.HTTPException, ValueError) as exc:
            raise FetchError(f"{self.host} sent an answer that is not HTTP ({exc})") from None
        except OSError as exc:
            raise FetchError(f"the connection to {self.host} broke: {_reason(exc)}") from None
        return response.status

    def location(self) -> str:
        """The absolute address a redirect points to."""
        assert self.response is not None
        status = self.response.status
        where = self.response.getheader("Location")
        if not where or not where.strip():
            raise FetchError(f"the server answered {_status_words(status)} without saying where")
        return urljoin(self.url, where.strip())

    def finish(self, max_bytes: int, etag: str | None, last_modified: str | None) -> Response:
        """The response for a status that is not a redirect: a Response or a FetchError."""
        assert self.response is not None
        response = self.response
        status = response.status
        if status == 304:
            return Response(
                url=self.url,
                status=304,
                body=b"",
                content_type="",
                charset=None,
                etag=response.getheader("ETag") or etag,
                last_modified=response.getheader("Last-Modified") or last_modified,
                moved_to=None,
            )
        if not 200 <= status < 300:
            raise _status_error(status, response.getheader("Retry-After"))
        content_type, charset = _content_type(response.getheader("Content-Type"))
        return Response(
            url=self.url,
            status=status,
            body=self._body(max_bytes),
            content_type=content_type,
            charset=charset,
            etag=response.getheader("ETag"),
            last_modified=response.getheader("Last-Modified"),
            moved_to=None,
        )

    def close(self) -> None:
        if self.response is not None:
            self.response.close()
        if self.sock is not None:
            self.sock.close()

    def _connect(self) -> socket.socket:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _TimedOut
        timeout = min(self.connect_timeout, left)
        try:
            sock = socket.create_connection((self.host, self.port), timeout=timeout)
        except TimeoutError:
            if time.monotonic() >= self.deadline:
                raise _TimedOut from None
            raise FetchError(
                f"could not connect to {self.host}: no answer within {timeout:g} s"
            ) from None
        except socket.gaierror:
            raise FetchError(f"could not connect to {self.host}: no such server") from None
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"could not connect to {self.host}: {_reason(exc)}") from None
        if not self.https:
            return sock
        try:
            return _tls().wrap_socket(sock, server_hostname=self.host)
        except ssl.SSLCertVerificationError as exc:
            sock.close()
            why = exc.verify_message or "it could not be verified"
            raise FetchError(
                f"could not connect securely to {self.host}: its certificate is not valid ({why})"
            ) from None
        except TimeoutError:
            sock.close()
            raise FetchError(
                f"could not connect securely to {self.host}: no answer within {timeout:g} s"
            ) from None
        except (ssl.SSLError, OSError) as exc:
            sock.close()
            why = getattr(exc, "reason", None) or _reason(exc)
            why = str(why).replace("_", " ").lower()
            raise FetchError(f"could not connect securely to {self.host}: {why}") from None

    def _request(self) -> bytes:
        host = self.host.encode("idna").decode("ascii") if not self.host.isascii() else self.host
        if ":" in host:
            host = f"[{host}]"
        if self.port != (443 if self.https else 80):
            host = f"{host}:{self.port}"
        lines = [
            f"GET {self.target} HTTP/1.1",
            f"Host: {host}",
            f"User-Agent: {user_agent()}",
            "Accept-Encoding: gzip, deflate",
            "Connection: close",
            *(f"{name}: {value}" for name, value in self.headers.items()),
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")

    def _body(self, max_bytes: int) -> bytes:
        assert self.response is not None
        response = self.response
        limit = _size(max_bytes)
        length = response.getheader("Content-Length", "")
        encoding = response.getheader("Content-Encoding", "").strip().lower()
        if not encoding and length.strip().isdigit() and int(length) > max_bytes:
            raise FetchError(f"larger than {limit}")
        decoder = _Decoder(encoding, max_bytes, limit)
        while True:
            if self.cancelled():
                raise _Cancelled
            try:
                data = response.read1(CHUNK)
            except http.client.IncompleteRead:
                raise FetchError(f"the connection to {self.host} closed too early") from None
            except http.client.HTTPException as exc:
                raise FetchError(f"{self.host} sent a damaged answer ({exc})") from None
            except OSError as exc:
                raise FetchError(f"the connection to {self.host} broke: {_reason(exc)}") from None
            if not data:
                if response.length:  # the Content-Length promised more
                    raise FetchError(f"the connection to {self.host} closed too early")
                return decoder.end()
            decoder.feed(data)


class _DeadlineReader(io.RawIOBase):
    """The socket as a raw stream that gives up at the deadline or when cancelled."""

    def __init__(self, sock: socket.socket, deadline: float, cancelled: Callable[[], bool]) -> None:
        super().__init__()
        self._sock = sock
        self._deadline = deadline
        self._cancelled = cancelled

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while True:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise _TimedOut
            if self._cancelled():
                raise _Cancelled
            self._sock.settimeout(min(left, _POLL))
            try:
                return self._sock.recv_into(buffer)
            except TimeoutError:
                continue


class _Source:
    """What `http.client.HTTPResponse` takes for a socket: something with `makefile`."""

    def __init__(self, raw: _DeadlineReader) -> None:
        self._raw = raw

    def makefile(self, mode: str, *args: object, **kwargs: object) -> io.BufferedReader:
        return io.BufferedReader(self._raw, CHUNK)


class _Decoder:
    """Decompresses gzip or deflate as it arrives, refusing more than `max_bytes` of output."""

    def __init__(self, encoding: str, max_bytes: int, limit: str) -> None:
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise FetchError(f"the server sent the page compressed as {encoding!r}, unreadable")
        self._encoding = encoding
        self._started = False  # any compressed data came
        self._max = max_bytes
        self._limit = limit
        self._body = io.BytesIO()  # getvalue() hands over its buffer without a copy
        self._size = 0

    def feed(self, data: bytes) -> None:
        if self._zlib is None:
            self._keep(data)
            return
        if not self._started:
            self._started = True
            # many servers send raw deflate (no zlib header) for "deflate"
            if self._encoding == "deflate" and not _looks_like_zlib(data):
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        self._inflate(data)

    def end(self) -> bytes:
        if self._zlib is not None and self._started:  # an empty body is simply empty
            try:
                self._keep(self._zlib.flush(self._max - self._size + 1))
            except zlib.error:
                raise FetchError(DAMAGED) from None
            if not self._zlib.eof:
                raise FetchError("the page arrived incomplete (its compressed data stops short)")
        return self._body.getvalue()

    def _inflate(self, data: bytes) -> None:
        assert self._zlib is not None
        while data:
            try:
                out = self._zlib.decompress(data, self._max - self._size + 1)
            except zlib.error:
                raise FetchError(DAMAGED) from None
            self._keep(out)
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                rest = self._zlib.unused_data
                if rest[:2] == b"\x1f\x8b" and self._encoding != "deflate":  # another member
                    self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    data = rest
                else:
                    return

    def _keep(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._max:
            raise FetchError(f"larger than {self._limit}")
        if data:
            self._body.write(data)


def _looks_like_zlib(data: bytes) -> bool:
    """A zlib header (RFC 1950): deflate method, and the check bits right."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _check_scheme(url: str, *, redirect: bool) -> None:
    if not url.strip():
        raise FetchError("refused: an empty address (only http and https)")
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SCHEMES:
        what = f"redirect to {url}" if redirect else url
        raise FetchError(f"refused: {what} (only http and https)")


def _defragment(url: str) -> str:
    return url.split("#", 1)[0]


def _header_safe(value: str) -> bool:
    return all(" " <= ch <= "~" or ch == "\t" for ch in value)


def _status_words(status: int) -> str:
    try:
        return f"{status} ({http.HTTPStatus(status).phrase})"
    except ValueError:
        return str(status)


def _status_error(status: int, retry_after: str | None) -> FetchError:
    wait = parse_retry_after(retry_after) if status in (429, 503) else None
    return FetchError(
        f"the server answered {_status_words(status)}",
        status=status,
        retry_after=wait,
        gone=status == 410,
    )


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date), else None."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _content_type(value: str | None) -> tuple[str, str | None]:
    """(media type lower case without parameters, charset or None) from a Content-Type."""
    if not value:
        return "", None
    media = value.split(";", 1)[0].strip().lower()
    message = email.message.Message()
    message["Content-Type"] = value
    charset = message.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[2]
    charset = str(charset).strip().strip("'\"").strip() if charset else None
    return media, charset or None


def _size(n: int) -> str:
    if n >= MB:
        return f"{round(n / MB, 1):g} MB"
    if n >= 1024:
        return f"{round(n / 1024, 1):g} KB"
    return f"{n} bytes"


def _reason(exc: BaseException) -> str:
    """An OS error in a few lower-case words: "connection refused"."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__
