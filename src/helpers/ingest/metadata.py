"""What a source does not state, inferred from what it does (and marked as inferred by the
caller): a publication date read from a URL, an outlet's time zone from its country's web domain,
an outlet named by its host; and the stable document id built from outlet, date and content."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import re
import unicodedata
from urllib.parse import urlsplit

#: Dates in URLs, most specific layout first: /2025/03/11/, 2025-03-11, /20250311/.
URL_DATES = (
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:[/_.-]|$)"),
    re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?:[/_.-]|$)"),
)

#: Country-code web domains that are not the country's ISO 3166 code.
DOMAIN_COUNTRY = {"uk": "GB"}

#: Longest outlet part of a document id.
SLUG_CHARS = 30
#: Hex digits of the content hash in a document id.
HASH_CHARS = 12


def host(url: str | None) -> str | None:
    """The host name of ``url`` without a leading ``www.``, or None."""
    if not url:
        return None
    name = (urlsplit(url).hostname or "").lower()
    return name.removeprefix("www.") or None


def date_from_url(url: str | None) -> str | None:
    """``YYYY-MM-DD`` of a real day written in the path of ``url``, or None."""
    if not url:
        return None
    path = urlsplit(url).path
    for pattern in URL_DATES:
        for match in pattern.finditer(path):
            try:
                day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
            return day.isoformat()
    return None


@functools.cache
def _zones_by_country() -> dict[str, list[str]]:
    """ISO country code -> its IANA zones, from the tz database's ``zone.tab`` (tzdata)."""
    table = importlib.resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text("utf-8")
    zones: dict[str, list[str]] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _, zone = line.split("\t")[:3]
            zones.setdefault(code, []).append(zone)
    return zones


@functools.cache
def _country_names() -> dict[str, str]:
    """ISO country code -> its name, from the tz database's ``iso3166.tab`` (tzdata)."""
    table = importlib.resources.files("tzdata").joinpath("zoneinfo/iso3166.tab").read_text("utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return {row[0]: row[1] for row in rows if len(row) >= 2}


def zone_from_url(url: str | None) -> tuple[str, str] | None:
    """``(zone, country name)`` when the host of ``url`` ends in a country's web domain and that
    country has a single time zone; None otherwise (``.com``, or a country with several)."""
    name = host(url)
    if not name or "." not in name:
        return None
    domain = name.rsplit(".", 1)[1]
    if len(domain) != 2 or not domain.isalpha():
        return None
    country = DOMAIN_COUNTRY.get(domain, domain.upper())
    zones = _zones_by_country().get(country, [])
    return (zones[0], _country_names().get(country, country)) if len(zones) == 1 else None


def slug(text: str | None) -> str:
    """Lower-case ASCII letters, digits and hyphens of ``text`` (accents dropped), at most
    :data:`SLUG_CHARS`; ``""`` when nothing is left (a name in another script)."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:SLUG_CHARS].rstrip("-")


def document_id(outlet: str | None, url: str | None, published: str, digest: str) -> str:
    """``<outlet>_<YYYY-MM-DD>_<hash>``: the outlet's slug (else the host's, else ``unknown``),
    the publication day and the first :data:`HASH_CHARS` hex digits of the content's sha256."""
    name = slug(outlet) or slug(host(url)) or "unknown"
    return f"{name}_{published[:10]}_{digest[:HASH_CHARS]}"
