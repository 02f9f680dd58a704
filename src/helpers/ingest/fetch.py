"""One small, polite fetcher for ``brief add URL``: http(s) only, robots.txt respected, a user
agent naming the project, a timeout, a size limit, an allowed list of content types and a pause
between two requests to one host. Nothing else in the toolkit touches the network."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

from .errors import IngestError


def _project_version() -> str:
    try:
        return version("analytic-brief")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0"


USER_AGENT = f"analytic-brief/{_project_version()} (brief add; one page per request)"
#: Media types ``brief add`` reads (a ``Content-Type`` outside them is refused unread).
ALLOWED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "application/pdf",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
TIMEOUT = 20.0  # seconds, for connecting and for each read, and for the whole body
MAX_BYTES = 50 * 1024 * 1024
DELAY = 1.0  # seconds between two requests to one host (robots.txt's Crawl-delay if longer)
MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 512 * 1024
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    media_type: str  # the Content-Type without its parameters, lower case


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most :data:`MAX_REDIRECTS` redirects, to http(s) URLs robots.txt allows."""

    max_redirections = MAX_REDIRECTS

    def __init__(self, fetcher: Fetcher) -> None:
        super().__init__()
        self.fetcher = fetcher

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urljoin(req.full_url, newurl)
        self.fetcher.check_allowed(target, via=req.full_url)
        return super().redirect_request(req, fp, code, msg, headers, target)


@dataclass
class Fetcher:
    """``get(url)`` -> :class:`Fetched`, or an :class:`IngestError` naming the URL.

    ``proxies``: None uses the environment's (``http_proxy`` ...), ``{}`` none."""

    timeout: float = TIMEOUT
    max_bytes: int = MAX_BYTES
    delay: float = DELAY
    user_agent: str = USER_AGENT
    proxies: dict[str, str] | None = None
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        handlers: list = [_Redirects(self)]
        if self.proxies is not None:
            handlers.append(urllib.request.ProxyHandler(self.proxies))
        self._opener = urllib.request.build_opener(*handlers)

    def get(self, url: str) -> Fetched:
        self.check_allowed(url)
        with self._open(url) as response:
            media_type = response.headers.get_content_type().lower()
            if media_type not in ALLOWED_TYPES:
                raise IngestError(
                    url,
                    f"content type {media_type} is not read (brief add reads web pages, PDF "
                    f"files, feeds and plain text: {', '.join(ALLOWED_TYPES)})",
                )
            body = self._read(url, response, self.max_bytes)
            return Fetched(response.geturl(), body, media_type)

    def check_allowed(self, url: str, via: str | None = None) -> None:
        """An :class:`IngestError` unless ``url`` is http(s) and its robots.txt allows it."""
        name = via or url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            what = f"redirected to {url}, " if via else ""
            raise IngestError(name, f"{what}not an http(s) URL: only web pages are fetched")
        try:
            robots = self._robots_for(f"{parts.scheme}://{parts.netloc}")
        except IngestError as exc:
            raise IngestError(name, f"not fetched: {exc}") from None
        if robots is not None and not robots.can_fetch(self.user_agent, url):
            what = f"redirected to {url}, which" if via else "it"
            raise IngestError(
                name,
                f"{what} is disallowed by {parts.scheme}://{parts.netloc}/robots.txt for user "
                f"agent {self.user_agent.split('/')[0]}: not fetched",
            )

    def _robots_for(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """The parsed robots.txt of ``origin``; None when it has none (everything allowed)."""
        if origin in self._robots:
            return self._robots[origin]
        robots_url = origin + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            with self._open(robots_url, robots=True) as response:
                body = self._read(robots_url, response, ROBOTS_MAX_BYTES)
            parser.parse(body.decode("utf-8", "replace").splitlines())
        except _Status as exc:
            if exc.code in (401, 403):  # as urllib.robotparser reads them: nothing allowed
                parser.disallow_all = True
            elif exc.code >= 500:
                raise IngestError(
                    robots_url, f"answered {exc.code}: robots.txt unknown, nothing fetched"
                ) from None
            else:  # 404 and other client errors: no robots.txt, everything allowed
                parser = None
        self._robots[origin] = parser
        return parser

    def _open(self, url: str, robots: bool = False):
        self._wait(urlsplit(url).netloc)
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": self.user_agent,
                "Accept-Encoding": "identity",
                "Accept": ", ".join(ALLOWED_TYPES) if not robots else "text/plain",
            },
        )
        try:
            return self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            exc.close()
            if robots:
                raise _Status(exc.code) from None
            raise IngestError(
                url, f"fetch failed: the server answered {exc.code} {exc.reason}"
            ) from None
        except IngestError:
            raise
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise IngestError(url, f"fetch failed: {reason}") from None

    def _wait(self, netloc: str) -> None:
        """Pause so two requests to one host are at least ``delay`` (or Crawl-delay) apart."""
        robots = self._robots.get(f"http://{netloc}") or self._robots.get(f"https://{netloc}")
        crawl_delay = robots.crawl_delay(self.user_agent) if robots is not None else None
        pause = max(self.delay, float(crawl_delay or 0))
        last = self._last.get(netloc)
        if last is not None and pause > 0:
            time.sleep(max(0.0, last + pause - time.monotonic()))
        self._last[netloc] = time.monotonic()

    def _read(self, url: str, response, limit: int) -> bytes:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise IngestError(url, f"is {_size(int(length))}, over the {_size(limit)} limit")
        deadline = time.monotonic() + self.timeout
        chunks, size = [], 0
        try:
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise IngestError(url, f"is over the {_size(limit)} limit; not read further")
                if time.monotonic() > deadline:
                    raise IngestError(url, f"fetch failed: body not read within {self.timeout:g} s")
                chunks.append(chunk)
        except (OSError, ValueError) as exc:
            raise IngestError(url, f"fetch failed while reading: {exc}") from None
        return b"".join(chunks)


class _Status(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"
