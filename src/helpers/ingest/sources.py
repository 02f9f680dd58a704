"""Text and metadata out of a source's bytes: a web page (trafilatura, htmldate), a PDF (pypdf),
an RSS/Atom feed (feedparser), plain UTF-8 text, or a list of URLs. Each gives :class:`Found`
documents, feeds and URL lists also the URLs still to fetch (:class:`Link`). Only what the
source states is filled in here; :mod:`helpers.ingest.adding` infers the rest and marks it."""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
import xml.sax
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .errors import IngestError
from .metadata import host

#: Fewest words of main text a web page must give to be an article (a section front, a page
#: that needs JavaScript or a cookie wall gives a handful of menu words).
MIN_WORDS = 30
#: Longest title taken from a text's first line.
TITLE_CHARS = 200

#: Leading bytes of files that are none of the sources read, and what to call them.
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image, WAV or AVI)"),
    (b"PK\x03\x04", "a ZIP archive (.docx, .odt and .epub are ZIP archives: save it as PDF)"),
    (b"\x1f\x8b", "a gzip archive (decompress it first)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (save it as PDF)"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"{\\rtf", "an RTF document (save it as PDF or plain text)"),
)
READS = "brief add reads saved web pages (HTML), PDF files, RSS/Atom feeds, UTF-8 text and lists of URLs"
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
HTML_TYPES = ("text/html", "application/xhtml+xml")
URL_LINE = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Found:
    """One document found in a source: its text, the bytes it came from and what they state."""

    source: str  # the file name or URL it came from, for messages and the sidecar
    text: str
    raw: bytes  # the bytes the text was extracted from (the text's own for plain text)
    media_type: str
    suffix: str  # of the raw file kept beside the text; "" when the text is the raw
    extractor: str | None
    fields: dict[str, str | None]  # title, publisher, author, url, published, language
    assumptions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Link:
    """A URL still to fetch, from a feed or a list; ``fields`` are what the feed said of it,
    used where the page itself is silent."""

    url: str
    origin: str
    fields: dict[str, str | None] = field(default_factory=dict)


def kind_of(raw: bytes, name: str, media_type: str | None = None) -> str:
    """``pdf``, ``feed``, ``html``, ``urls`` or ``text``; an :class:`IngestError` for anything
    else, naming what it looks like."""
    if raw.startswith(b"%PDF-") or media_type == "application/pdf":
        return "pdf"
    for magic, what in MAGIC:
        if raw.startswith(magic):
            raise IngestError(name, f"is {what}, not a document: {READS}")
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if media_type in FEED_TYPES or re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head):
        return "feed"
    suffix = PurePosixPath(urlsplit(name).path if "://" in name else name).suffix.lower()
    if (
        media_type in HTML_TYPES
        or suffix in (".html", ".htm", ".xhtml")
        or re.match(
            rb"(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype html|html|head|body)[\s>]", head, re.S
        )
    ):
        return "html"
    if media_type in ("application/xml", "text/xml"):
        return "feed"
    text = _utf8(raw, name)
    lines = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    if lines and all(URL_LINE.match(line) for line in lines):
        return "urls"
    return "text"


def _utf8(raw: bytes, name: str) -> str:
    if b"\x00" in raw:
        raise IngestError(
            name,
            f"is binary data (NUL bytes; starts with {raw[:8].hex(' ')}), not a document: {READS}",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(
            name,
            f"is neither a web page, a PDF nor UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start} is not UTF-8): {READS}; save text as UTF-8",
        ) from None


def _version(package: str) -> str:
    return f"{package} {version(package)}"


def first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if len(line) <= TITLE_CHARS:
        return line
    return line[:TITLE_CHARS].rsplit(" ", 1)[0] + " ..."


# --------------------------------------------------------------------------------------------
# Plain text and URL lists


def from_text(raw: bytes, name: str) -> Found:
    text = _utf8(raw, name)
    if not text.strip():
        raise IngestError(name, "is empty (only white space): no text to add")
    return Found(name, text, raw, "text/plain", "", None, {})


def url_list(raw: bytes, name: str) -> list[Link]:
    lines = _utf8(raw, name).splitlines()
    return [Link(line.strip(), name) for line in lines if URL_LINE.match(line.strip())]


# --------------------------------------------------------------------------------------------
# Web pages


def from_html(raw: bytes, name: str, url: str | None = None) -> Found:
    """Main text by trafilatura; title, outlet, author and canonical URL from its metadata;
    the date from htmldate reading the page's own markup (meta tags, JSON-LD, time elements,
    the byline), never its URL (:mod:`helpers.ingest.adding` reads that, as an assumption)."""
    import trafilatura

    text = trafilatura.extract(
        raw,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        deduplicate=False,
    )
    words = len((text or "").split())
    if words < MIN_WORDS:
        shown = f": {' '.join(text.split())[:80]!r}" if text else ""
        raise IngestError(
            name,
            f"no article text: the page's main text has {words} word(s){shown}, an article has at "
            f"least {MIN_WORDS}; is it a section front, a cookie wall or a page that needs "
            "JavaScript? Save the article's own page, or its text as .txt",
        )
    meta = trafilatura.extract_metadata(raw, default_url=url, extensive=False)
    tree = trafilatura.load_html(raw)
    fields = {
        "title": meta.title or None,
        "publisher": meta.sitename or None,
        "author": meta.author or None,
        "url": meta.url or url,
        "published": _markup_date(raw),
        "language": _language(tree),
    }
    assumptions = []
    site = fields["publisher"]
    if site and site.lower().removeprefix("www.") == host(fields["url"]):
        assumptions.append(("publisher", f"the page names no outlet; its host name {site} is used"))
    extractor = f"{_version('trafilatura')}, {_version('htmldate')}"
    return Found(name, text, raw, "text/html", ".html", extractor, fields, tuple(assumptions))


def _markup_date(raw: bytes) -> str | None:
    """The publication day the page's markup states, with its URLs (canonical link, og:url)
    taken out so a date in a URL is not read as one the page states."""
    import htmldate
    import trafilatura

    tree = trafilatura.load_html(raw)
    if tree is None:
        return None
    for element in tree.xpath('//link[@rel="canonical"] | //meta[@property="og:url"]'):
        element.getparent().remove(element)
    return htmldate.find_date(tree, extensive_search=False, original_date=True)


def _language(tree) -> str | None:
    """The primary language subtag the page declares (``<html lang="en-GB">`` -> ``en``)."""
    if tree is None:
        return None
    declared = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not declared:
        found = tree.xpath('//meta[@http-equiv="content-language"]/@content')
        declared = found[0] if found else None
    return _language_code(declared)


def _language_code(declared: str | None) -> str | None:
    """``en-GB`` -> ``en``; None for anything that is not a language tag."""
    code = (declared or "").strip().split("-")[0].split("_")[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


# --------------------------------------------------------------------------------------------
# PDF files


def from_pdf(raw: bytes, name: str) -> Found:
    """The text layer of every page (pypdf), pages apart by a blank line; title and author from
    the document information; its creation date as the publication date, an assumption."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(name, "is an encrypted PDF: save an unprotected copy first")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(name, f"is not a readable PDF ({exc})") from None
    text = "\n\n".join(page.strip("\n") for page in pages if page.strip())
    if not text.strip():
        raise IngestError(
            name,
            f"is a PDF with no text layer ({len(pages)} page(s), no text to extract): a scanned "
            "image? Run OCR on it (e.g. ocrmypdf) and add the result",
        )
    fields: dict[str, str | None] = {
        "title": _info(info, "title"),
        "author": _info(info, "author"),
        "published": None,
        "language": _language_code(str(_catalog(reader, "/Lang") or "")),
    }
    assumptions = []
    created = getattr(info, "creation_date", None) if info else None
    if isinstance(created, dt.datetime):
        fields["published"] = created.date().isoformat()
        assumptions.append(
            (
                "published",
                "the PDF file's creation date (its document information), taken as "
                "the publication date",
            )
        )
    return Found(
        name, text, raw, "application/pdf", ".pdf", _version("pypdf"), fields, tuple(assumptions)
    )


def _catalog(reader, key: str):
    try:
        return reader.trailer["/Root"].get(key)
    except (KeyError, ValueError, TypeError, AttributeError):
        return None


def _info(info, attribute: str) -> str | None:
    try:
        value = getattr(info, attribute, None) if info else None
    except (KeyError, ValueError, TypeError):
        return None
    return str(value).strip() or None if value else None


# --------------------------------------------------------------------------------------------
# Feeds


def from_feed(raw: bytes, name: str) -> list[Found | Link | IngestError]:
    """One document per entry that carries its full content; the link of an entry that carries
    only a summary, to fetch."""
    import feedparser

    # a stream, never a string: feedparser fetches a string that looks like a URL
    parsed = feedparser.parse(io.BytesIO(raw), sanitize_html=False, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception")
    if isinstance(problem, xml.sax.SAXException) or not parsed.entries:
        why = f"it does not parse ({problem})" if problem else "it has no entries"
        raise IngestError(name, f"is not a usable RSS/Atom feed: {why}")
    channel = (parsed.feed.get("title") or "").strip() or None
    language = _language_code(parsed.feed.get("language"))
    out: list[Found | Link | IngestError] = []
    for number, entry in enumerate(parsed.entries, 1):
        fields = {
            "title": (entry.get("title") or "").strip() or None,
            "author": (entry.get("author") or "").strip() or None,
            "url": entry.get("link") or None,
            "published": _entry_date(entry),
            "language": language,
        }
        content = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
        if content:
            out.append(_entry_document(content[0], f"{name} entry {number}", fields, channel))
        elif fields["url"]:
            out.append(Link(fields["url"], f"{name} entry {number}", fields))
        else:
            out.append(
                IngestError(f"{name} entry {number}", "has neither content nor a link: skipped")
            )
    return out


def _entry_document(content: dict, source: str, fields: dict, channel: str | None) -> Found:
    value = content["value"]
    raw = value.encode("utf-8")
    assumptions = []
    if channel:
        fields = {**fields, "publisher": channel}
        assumptions.append(("publisher", f"the feed's title {channel!r}, taken as the outlet"))
    if "html" in (content.get("type") or ""):
        text = _fragment_text(value)
        suffix, media_type = ".html", "text/html"
    else:
        text, suffix, media_type = value, "", "text/plain"
    if not text.strip():
        raise IngestError(source, "its content holds no text")
    extractor = f"{_version('feedparser')}, lxml {version('lxml')}"
    return Found(source, text, raw, media_type, suffix, extractor, fields, tuple(assumptions))


#: Elements whose text starts on a new line when an entry's HTML content becomes text.
BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "br", "tr")


def _fragment_text(html: str) -> str:
    """The text of a feed entry's HTML content: one line per paragraph (or other block)."""
    import lxml.html

    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter(*BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _entry_date(entry) -> str | None:
    """The day an entry was published, as written in the feed (its own offset), else as
    feedparser read it (UTC)."""
    for key in ("published", "updated"):
        written = entry.get(key)
        if not written:
            continue
        for parse in (email.utils.parsedate_to_datetime, dt.datetime.fromisoformat):
            try:
                return parse(written.strip()).date().isoformat()
            except (TypeError, ValueError, IndexError):
                continue
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    return None
