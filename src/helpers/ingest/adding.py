"""``brief add``: sources (files, URLs, feeds, lists of URLs) become documents of a seeds
directory, each a ``.txt`` with its sidecar and the raw bytes beside it.

What the source states goes into the sidecar as it is; what the analyst gives on the command
line (:class:`Given`) wins over it; what is inferred (a date read from the URL, a zone guessed from
the outlet's country, a language assumed) is filled in and listed under ``assumptions``. The id
is ``<outlet>_<date>_<hash of the bytes>``: adding the same bytes again is a no-op, the same
story from two outlets is two documents."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from pydantic import ValidationError

from .. import config
from ..facts.loading import InputError, read_bytes
from ..facts.schema import Document, date_out_of_range
from .errors import IngestError
from .fetch import MAX_BYTES, Fetcher
from .metadata import date_from_url, document_id, host, zone_from_url
from .sources import Found, Link, first_line, from_feed, from_html, from_pdf, from_text, kind_of
from .sources import url_list as read_url_list
from .writing import existing, sidecar_text, write_document

DEFAULT_LANGUAGE = "en"
DEFAULT_ZONE = "UTC"


@dataclass(frozen=True)
class Given:
    """Metadata the analyst gives (``brief add --published ...``), for every source added."""

    published: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    timezone: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of one document: ``added``, ``present`` (same bytes added before) or
    ``failed`` (``message`` says why, naming the source)."""

    source: str
    status: str
    doc_id: str | None = None
    message: str = ""


def add(
    sources: Sequence[str],
    seeds_dir: Path | str,
    given: Given = Given(),
    fetcher: Fetcher | None = None,
    max_bytes: int = MAX_BYTES,
) -> list[Outcome]:
    """Add every source to ``seeds_dir`` (created if missing); one :class:`Outcome` per
    document found, or per source that failed. A bad source never stops the others."""
    seeds_dir = Path(seeds_dir)
    fetcher = fetcher or Fetcher(max_bytes=max_bytes)
    outcomes = []
    for source in sources:
        for item in _documents(str(source), fetcher, max_bytes):
            if isinstance(item, IngestError):
                outcomes.append(Outcome(item.source, "failed", message=str(item)))
                continue
            try:
                outcomes.append(_store(item, seeds_dir, given))
            except IngestError as exc:
                outcomes.append(Outcome(item.source, "failed", message=str(exc)))
    return outcomes


# --------------------------------------------------------------------------------------------
# Sources -> documents


def _documents(source: str, fetcher: Fetcher, max_bytes: int) -> Iterator[Found | IngestError]:
    try:
        if source.startswith(("http://", "https://")):
            yield from _from_url(Link(source, source), fetcher, nested=False)
            return
        raw = _read_file(source, max_bytes)
        yield from _from_bytes(raw, source, None, None, fetcher, nested=False)
    except IngestError as exc:
        yield exc


def _read_file(source: str, max_bytes: int) -> bytes:
    path = Path(source)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise IngestError(source, f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise IngestError(
            source,
            f"is {info.st_size / 1024 / 1024:.1f} MB, over the {max_bytes / 1024 / 1024:g} MB "
            "limit (brief add --max-size MB raises it)",
        )
    try:
        return read_bytes(path)
    except InputError as exc:
        raise IngestError(source, exc.message) from None


def _from_url(link: Link, fetcher: Fetcher, nested: bool) -> Iterator[Found | IngestError]:
    try:
        got = fetcher.get(link.url)
    except IngestError as exc:
        where = f" (from {link.origin})" if link.origin != link.url else ""
        yield IngestError(exc.source + where, exc.message)
        return
    yield from _from_bytes(got.body, got.url, got.media_type, link, fetcher, nested)


def _from_bytes(
    raw: bytes, name: str, media_type: str | None, link: Link | None, fetcher: Fetcher, nested: bool
) -> Iterator[Found | IngestError]:
    """The documents in ``raw``: one for a page, a PDF or a text; one per entry of a feed and
    per URL of a list (a feed or list met through one is not followed further)."""
    url = link.url if link else None
    try:
        kind = kind_of(raw, name, media_type)
        if kind in ("feed", "urls") and nested:
            raise IngestError(
                name,
                f"is a {'feed' if kind == 'feed' else 'list of URLs'} inside "
                f"a feed or list: not followed further",
            )
        if kind == "html":
            yield _with_hints(from_html(raw, name, url), link)
        elif kind == "pdf":
            yield _with_hints(from_pdf(raw, name), link)
        elif kind == "text":
            yield _with_hints(from_text(raw, name), link)
        else:
            items = from_feed(raw, name) if kind == "feed" else read_url_list(raw, name)
            for item in items:
                if isinstance(item, Link):
                    yield from _from_url(item, fetcher, nested=True)
                else:
                    yield item
    except IngestError as exc:
        yield exc


def _with_hints(found: Found, link: Link | None) -> Found:
    """A fetched document: its URL, and what its feed said of it where the page says nothing."""
    if link is None:
        return found
    merged = {**link.fields, "url": link.url}
    merged.update({k: v for k, v in found.fields.items() if v})
    return Found(
        found.source,
        found.text,
        found.raw,
        found.media_type,
        found.suffix,
        found.extractor,
        merged,
        found.assumptions,
    )


# --------------------------------------------------------------------------------------------
# Documents -> seeds directory


def _store(found: Found, seeds_dir: Path, given: Given) -> Outcome:
    digest = hashlib.sha256(found.raw).hexdigest()
    present = existing(seeds_dir, digest) if seeds_dir.is_dir() else None
    if present:
        return Outcome(found.source, "present", present, "the same bytes were added before")
    data = _sidecar(found, given, digest)
    doc_id = data["id"]
    files = []
    if found.suffix:
        files.append((doc_id + found.suffix, found.raw))
    label = data["original"]["source"] if found.suffix else Path(found.source).name
    files.append((doc_id + config.SEED_META_SUFFIX, sidecar_text(data, label).encode()))
    files.append((doc_id + config.SEED_TEXT_SUFFIX, found.text.encode("utf-8")))
    try:
        write_document(seeds_dir, files)
    except OSError as exc:
        raise IngestError(found.source, f"not written to {seeds_dir}: {exc}") from None
    return Outcome(found.source, "added", doc_id)


def _sidecar(found: Found, given: Given, digest: str) -> dict:
    """The sidecar's fields, validated as the loader will (so what is written loads)."""
    values, notes = _complete(found, given)
    doc_id = document_id(values["publisher"], values["url"], values["published"], digest)
    data = {
        "id": doc_id,
        "title": values["title"],
        **({"title_supplied_by_analyst": True} if given.title else {}),
        "publisher": values["publisher"],
        "author": values["author"],
        "url": values["url"],
        "published": values["published"],
        "timezone": values["timezone"],
        "language": values["language"],
        "sha256": hashlib.sha256(found.text.encode("utf-8")).hexdigest(),
        "assumptions": [{"field": f, "note": n} for f, n in notes],
    }
    if found.suffix:
        data["original"] = {
            "file": doc_id + found.suffix,
            "sha256": digest,
            "media_type": found.media_type,
            "source": found.source if "://" in found.source else Path(found.source).name,
            "extractor": found.extractor,
        }
    problem = _invalid(data)
    if problem:
        raise IngestError(found.source, problem)
    return data


def _invalid(data: dict) -> str | None:
    """Why ``data`` would not load as a sidecar (``field: what is wrong``), or None."""
    try:
        Document.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg'].removeprefix('Value error, ')}"
    problem = date_out_of_range(data["published"])
    return f"published: {problem}" if problem else None


def check_given(given: Given) -> str | None:
    """Why a value the analyst gives cannot be used (``--published: ...``), or None; checked
    before any source is read."""
    probe = {
        "id": "probe",
        "title": given.title or "probe",
        "publisher": given.publisher,
        "published": given.published or "2000-01-01",
        "timezone": given.timezone or DEFAULT_ZONE,
        "language": given.language or DEFAULT_LANGUAGE,
    }
    problem = _invalid(probe)
    return f"--{problem}" if problem else None


def _complete(found: Found, given: Given) -> tuple[dict, list[tuple[str, str]]]:
    """Every sidecar value: the analyst's (:class:`Given`), else the source's, else inferred
    and noted; ``(values, [(field, note), ...])``. No date at all is an error."""
    values = {name: found.fields.get(name) for name in (f.name for f in fields(Given))}
    values["url"] = found.fields.get("url")
    notes = [(f, n) for f, n in found.assumptions if not getattr(given, f, None)]
    for name in ("title", "publisher", "author", "timezone", "language"):
        if getattr(given, name):
            values[name] = getattr(given, name)
    _complete_published(found, given, values, notes)
    if not values["title"]:
        values["title"] = first_line(found.text)
        notes.append(("title", "the source gives no title: its text's first line is used"))
    if not values["timezone"]:
        values["timezone"], note = _zone(values["url"])
        notes.append(("timezone", note))
    if not values["language"]:
        values["language"] = DEFAULT_LANGUAGE
        notes.append(
            (
                "language",
                f"the source declares no language: {DEFAULT_LANGUAGE} is assumed (give --language)",
            )
        )
    return values, notes


def _complete_published(found: Found, given: Given, values: dict, notes: list) -> None:
    stated = found.fields.get("published")
    if given.published:
        values["published"] = given.published
        notes[:] = [(f, n) for f, n in notes if f != "published"]
        also = (
            f"; the source's own date is {stated}" if stated and stated != given.published else ""
        )
        notes.append(("published", f"given by the analyst (--published){also}"))
        return
    if stated:
        values["published"] = stated
        return
    from_url = date_from_url(values["url"])
    if from_url:
        values["published"] = from_url
        notes.append(("published", f"read from the URL {values['url']}: the page states no date"))
        return
    raise IngestError(
        found.source,
        "no publication date: the source states none (no date in its metadata, byline or URL); "
        "give it with --published YYYY-MM-DD",
    )


def _zone(url: str | None) -> tuple[str, str]:
    guessed = zone_from_url(url)
    if guessed:
        zone, country = guessed
        return zone, (
            f"guessed from the outlet's web domain .{host(url).rsplit('.', 1)[1]} "
            f"({country}, a country with one time zone); --timezone sets it"
        )
    return DEFAULT_ZONE, (
        "the outlet's time zone is unknown; UTC anchors relative dates (give --timezone)"
    )
