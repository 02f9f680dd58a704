"""brief add: saved web pages, PDFs, feeds, texts, URL lists and URLs become seed documents.

Fixtures are our own texts in tests/fixtures/ingest (pages of two invented outlets reporting
one invented raid, an undated page, a section front, an RSS feed, a broken feed); PDFs are made
here with WeasyPrint and pypdf. URLs are fetched from an HTTP server on 127.0.0.1 started by the
test: nothing reaches the internet."""

from __future__ import annotations

import hashlib
import http.server
import io
import os
import threading
import time
from pathlib import Path

import pytest
import yaml

from helpers.cli import main
from helpers.facts.loading import load_corpus, load_document
from helpers.ingest import Fetcher, Given, add

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
COURIER = FIXTURES / "courier-mopti.html"
MERIDIAN = FIXTURES / "meridian-mopti.html"
COURIER_ID = "the-sahel-courier_2025-03-11_" + hashlib.sha256(COURIER.read_bytes()).hexdigest()[:12]

NOTE_HTML = """<html lang="en"><head><title>Displacement in the Mopti region: situation note</title>
<meta name="author" content="Regional Monitoring Unit">
<meta name="dcterms.created" content="2025-03-13"></head><body>
<h1>Displacement in the Mopti region</h1>
<p>About 2,300 people have fled villages around Bandiagara since the start of March, the
regional monitoring unit said in a note dated 13 March 2025.</p>
<p>Most of the displaced have reached S&eacute;var&eacute; and Mopti, where local authorities
opened two reception sites. The unit said access to some communes remained restricted.</p>
</body></html>"""


def _sidecar(seeds: Path, doc_id: str) -> dict:
    return yaml.safe_load((seeds / f"{doc_id}.meta.yaml").read_text(encoding="utf-8"))


def _notes(meta: dict) -> dict[str, str]:
    return {a["field"]: a["note"] for a in meta["assumptions"]}


def _failed(outcomes) -> list[str]:
    return [o.message for o in outcomes if o.status == "failed"]


@pytest.fixture(scope="module")
def note_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string=NOTE_HTML).write_pdf()


# --------------------------------------------------------------------------------------------
# Saved web pages


def test_a_saved_page_becomes_text_sidecar_and_raw_bytes(tmp_path):
    seeds = tmp_path / "seeds"
    [outcome] = add([str(COURIER)], seeds)
    assert (outcome.status, outcome.doc_id) == ("added", COURIER_ID)
    meta = _sidecar(seeds, COURIER_ID)
    assert meta["title"] == "Gunmen attack checkpoint near Mopti, four soldiers killed"
    assert meta["publisher"] == "The Sahel Courier"
    assert meta["author"] == "Awa Traoré"
    assert meta["url"] == "https://sahelcourier.example.ml/2025/03/11/mopti-checkpoint-attack"
    assert (meta["published"], meta["language"]) == ("2025-03-11", "en")
    # stated by the page: not assumptions; the zone is guessed from .ml (Mali has one zone)
    assert meta["timezone"] == "Africa/Bamako"
    assert set(_notes(meta)) == {"timezone"}
    assert "Mali" in _notes(meta)["timezone"]
    raw = (seeds / f"{COURIER_ID}.html").read_bytes()
    assert raw == COURIER.read_bytes()
    assert meta["original"]["sha256"] == hashlib.sha256(raw).hexdigest()
    assert meta["original"]["extractor"].startswith("trafilatura ")
    doc = load_document(seeds / f"{COURIER_ID}.txt")  # the loader accepts it, sha256 included
    assert "killing four soldiers and wounding six others" in doc.text
    assert "Most read" not in doc.text and "cookies" not in doc.text  # boilerplate left out
    assert doc.meta.original is not None and doc.meta.original.media_type == "text/html"


def test_same_bytes_twice_is_a_no_op_and_two_outlets_are_two_documents(tmp_path):
    seeds = tmp_path / "seeds"
    add([str(COURIER)], seeds)
    before = {p.name: p.read_bytes() for p in seeds.iterdir()}
    copy = tmp_path / "saved-again.html"
    copy.write_bytes(COURIER.read_bytes())
    [again] = add([str(copy)], seeds, Given(published="2025-03-20"))
    assert (again.status, again.doc_id) == ("present", COURIER_ID)
    assert {p.name: p.read_bytes() for p in seeds.iterdir()} == before
    [other] = add([str(MERIDIAN)], seeds)
    assert other.status == "added" and other.doc_id.startswith("daily-meridian_2025-03-12_")
    assert len(list(seeds.glob("*.txt"))) == 2
    meta = _sidecar(seeds, other.doc_id)
    assert meta["author"] and meta["timezone"] == "UTC"  # .example.com-less page: zone unknown
    assert "unknown" in _notes(meta)["timezone"]


def test_a_date_only_in_the_url_is_an_assumption(tmp_path):
    page = COURIER.read_bytes().replace(
        b'<meta property="article:published_time" content="2025-03-11T18:40:00+00:00">', b""
    )
    page = page.replace(b"&middot; 11 March 2025", b"")
    (tmp_path / "p.html").write_bytes(page)
    [outcome] = add([str(tmp_path / "p.html")], tmp_path / "seeds")
    meta = _sidecar(tmp_path / "seeds", outcome.doc_id)
    assert meta["published"] == "2025-03-11"
    assert "read from the URL" in _notes(meta)["published"]


def test_a_page_without_a_date_fails_saying_how_to_give_it(tmp_path):
    seeds = tmp_path / "seeds"
    [outcome] = add([str(FIXTURES / "undated-market-fire.html")], seeds)
    assert outcome.status == "failed"
    assert outcome.message.startswith(f"{FIXTURES / 'undated-market-fire.html'}: no publication")
    assert "--published YYYY-MM-DD" in outcome.message
    assert not seeds.exists()
    [outcome] = add(
        [str(FIXTURES / "undated-market-fire.html")], seeds, Given(published="2025-03-09")
    )
    meta = _sidecar(seeds, outcome.doc_id)
    assert meta["published"] == "2025-03-09"
    assert "given by the analyst" in _notes(meta)["published"]
    assert "language" in _notes(meta)  # the page declares none


def test_a_page_with_no_article_text_is_refused(tmp_path):
    [outcome] = add([str(FIXTURES / "section-front.html")], tmp_path / "seeds")
    assert outcome.status == "failed"
    assert outcome.message.startswith(f"{FIXTURES / 'section-front.html'}: no article text")
    assert not (tmp_path / "seeds").exists()


# --------------------------------------------------------------------------------------------
# PDF, text, junk, size


def test_a_pdf_with_a_text_layer_is_added_and_one_without_is_refused(tmp_path, note_pdf):
    from pypdf import PdfWriter

    (tmp_path / "note.pdf").write_bytes(note_pdf)
    writer = PdfWriter()
    writer.add_blank_page(300, 300)  # what a scan without OCR gives: no text layer
    with open(tmp_path / "scan.pdf", "wb") as fh:
        writer.write(fh)
    seeds = tmp_path / "seeds"
    added, refused = add([str(tmp_path / "note.pdf"), str(tmp_path / "scan.pdf")], seeds)
    assert added.status == "added" and added.doc_id.startswith("unknown_2025-03-13_")
    meta = _sidecar(seeds, added.doc_id)
    assert meta["title"] == "Displacement in the Mopti region: situation note"
    assert meta["author"] == "Regional Monitoring Unit"
    assert meta["language"] == "en"
    assert "creation date" in _notes(meta)["published"]
    assert (seeds / f"{added.doc_id}.pdf").read_bytes() == note_pdf
    assert "2,300 people have fled" in (seeds / f"{added.doc_id}.txt").read_text(encoding="utf-8")
    assert refused.status == "failed"
    assert refused.message.startswith(f"{tmp_path / 'scan.pdf'}: is a PDF with no text layer")
    assert "OCR" in refused.message
    assert sorted(p.suffix for p in seeds.iterdir()) == [".pdf", ".txt", ".yaml"]


def test_plain_text_needs_a_date_and_takes_its_first_line_as_title(tmp_path):
    text = "Road reopened after flooding\r\nThe road between Mopti and Djenné reopened on Monday.\n"
    (tmp_path / "road.txt").write_bytes(text.encode("utf-8"))
    [outcome] = add([str(tmp_path / "road.txt")], tmp_path / "seeds")
    assert "--published" in outcome.message
    given = Given(published="2025-03-17", publisher="Radio Kayes", timezone="Africa/Bamako")
    [outcome] = add([str(tmp_path / "road.txt")], tmp_path / "seeds", given)
    seeds = tmp_path / "seeds"
    assert outcome.doc_id.startswith("radio-kayes_2025-03-17_")
    assert (seeds / f"{outcome.doc_id}.txt").read_bytes() == text.encode()  # byte for byte
    meta = _sidecar(seeds, outcome.doc_id)
    assert meta["title"] == "Road reopened after flooding"
    assert set(_notes(meta)) == {"published", "title", "language"}
    assert "original" not in meta  # the text is the raw bytes
    assert [p.suffix for p in seeds.iterdir() if p.suffix not in (".txt", ".yaml")] == []


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)), "is a JPEG image"),
        ("story.docx", b"PK\x03\x04\x14\x00\x06\x00" + b"x" * 50, "is a ZIP archive"),
        ("junk.bin", bytes([7, 0, 200, 13]) * 64, "is binary data (NUL bytes"),
        ("latin1.txt", "Sévaré market fire".encode("latin-1"), "is not UTF-8"),
        ("empty.txt", b"  \n\n", "is empty"),
    ],
)
def test_binary_junk_is_refused_naming_the_source(tmp_path, name, data, expected):
    (tmp_path / name).write_bytes(data)
    [outcome] = add([str(tmp_path / name)], tmp_path / "seeds", Given(published="2025-01-01"))
    assert outcome.status == "failed"
    assert outcome.message.startswith(f"{tmp_path / name}: ")
    assert expected in outcome.message
    assert not (tmp_path / "seeds").exists()


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "huge.html"
    with open(big, "wb") as fh:  # sparse: 51 MB on paper, nothing on disk
        fh.truncate(51 * 1024 * 1024)
    [outcome] = add([str(big)], tmp_path / "seeds")
    assert outcome.status == "failed"
    assert "is 51.0 MB, over the 50 MB limit" in outcome.message
    assert "--max-size" in outcome.message


def test_a_missing_file_is_named(tmp_path):
    [outcome] = add([str(tmp_path / "nope.html")], tmp_path / "seeds")
    assert outcome.message == f"{tmp_path / 'nope.html'}: cannot read: No such file or directory"


# --------------------------------------------------------------------------------------------
# Feeds


def test_a_feed_gives_one_document_per_entry(tmp_path):
    seeds = tmp_path / "seeds"
    outcomes = add([str(FIXTURES / "courier-feed.xml")], seeds)
    assert [o.status for o in outcomes] == ["added", "added"]
    first = _sidecar(seeds, outcomes[0].doc_id)
    assert first["title"] == "Convoy ambushed on the road to Douentza"
    assert (first["published"], first["author"]) == ("2025-03-14", "Awa Traoré")
    assert first["url"] == "https://sahelcourier.example.ml/2025/03/14/douentza-convoy"
    assert "feed's title" in _notes(first)["publisher"]
    text = (seeds / f"{outcomes[0].doc_id}.txt").read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("The army said its escort “repelled the attackers”")
    again = add([str(FIXTURES / "courier-feed.xml")], seeds)
    assert [o.status for o in again] == ["present", "present"]


def test_a_feed_that_does_not_parse_is_refused(tmp_path):
    [outcome] = add([str(FIXTURES / "broken-feed.xml")], tmp_path / "seeds")
    assert outcome.message.startswith(f"{FIXTURES / 'broken-feed.xml'}: is not a usable RSS/Atom")
    assert "does not parse" in outcome.message


# --------------------------------------------------------------------------------------------
# Nothing half-written


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst).endswith(".txt"):  # the last file: raw and sidecar are already in place
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    [outcome] = add([str(COURIER)], seeds)
    assert outcome.status == "failed" and "No space left on device" in outcome.message
    assert list(seeds.iterdir()) == []
    monkeypatch.setattr(os, "replace", real_replace)
    [outcome] = add([str(COURIER)], seeds)
    assert outcome.status == "added"


# --------------------------------------------------------------------------------------------
# URLs through the polite fetcher, against a local server


class _Site(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}
    seen: list[tuple[str, str]] = []

    def do_GET(self):
        self.seen.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/slow":
            time.sleep(2)
        status, media_type, body = self.routes.get(self.path, (404, "text/plain", b"not here"))
        try:
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", body.decode())
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def site(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    server.block_on_close = False
    base = f"http://127.0.0.1:{server.server_address[1]}"
    feed = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Meridian</title>'
        f'<entry><title>Raid on Mopti post</title><link href="{base}/meridian/raid"/>'
        "<updated>2025-03-12T07:15:00Z</updated><summary>Four soldiers dead.</summary></entry>"
        "</feed>"
    ).encode()
    _Site.routes = {
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/2025/03/11/mopti": (200, "text/html; charset=utf-8", COURIER.read_bytes()),
        "/meridian/raid": (200, "text/html", MERIDIAN.read_bytes()),
        "/private/memo": (200, "text/html", COURIER.read_bytes()),
        "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        "/big": (200, "text/html", b"<html>" + b"x" * 20_000),
        "/slow": (200, "text/html", COURIER.read_bytes()),
        "/gone": (410, "text/plain", b"gone"),
        "/feed.atom": (200, "application/atom+xml", feed),
        "/moved": (302, "text/plain", b"/private/memo"),
        "/away": (302, "text/plain", b"file:///etc/passwd"),
    }
    _Site.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def _fetcher(**kwargs) -> Fetcher:
    return Fetcher(delay=0, proxies={}, **{"timeout": 5, **kwargs})


def test_a_url_is_fetched_politely_and_added(site, tmp_path):
    seeds = tmp_path / "seeds"
    [outcome] = add([f"{site}/2025/03/11/mopti"], seeds, fetcher=_fetcher())
    assert outcome.status == "added"
    meta = _sidecar(seeds, outcome.doc_id)
    assert meta["original"]["source"] == f"{site}/2025/03/11/mopti"
    assert meta["publisher"] == "The Sahel Courier"
    paths = [path for path, _ in _Site.seen]
    assert paths == ["/robots.txt", "/2025/03/11/mopti"]
    assert all(agent.startswith("analytic-brief/") for _, agent in _Site.seen)


def test_a_feed_url_and_a_list_of_urls_fetch_their_pages(site, tmp_path):
    seeds = tmp_path / "seeds"
    [outcome] = add([f"{site}/feed.atom"], seeds, fetcher=_fetcher())
    assert outcome.status == "added" and outcome.doc_id.startswith("daily-meridian_2025-03-12_")
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# to add\n{site}/2025/03/11/mopti\n\n{site}/gone\n", encoding="utf-8")
    outcomes = add([str(listing)], seeds, fetcher=_fetcher())
    assert [o.status for o in outcomes] == ["added", "failed"]
    assert outcomes[1].message == (
        f"{site}/gone (from {listing}): fetch failed: the server answered 410 Gone"
    )


@pytest.mark.parametrize(
    ("path", "kwargs", "expected"),
    [
        ("/private/memo", {}, "is disallowed by"),
        ("/logo.png", {}, "content type image/png is not read"),
        ("/big", {"max_bytes": 10_000}, "over the 10,000 bytes limit"),
        ("/slow", {"timeout": 0.5}, "fetch failed"),
        ("/moved", {}, "redirected to {site}/private/memo, which is disallowed by"),
        ("/away", {}, "Redirection to url 'file:///etc/passwd' is not allowed"),
    ],
)
def test_the_fetcher_refuses_what_it_must(site, tmp_path, path, kwargs, expected):
    [outcome] = add([site + path], tmp_path / "seeds", fetcher=_fetcher(**kwargs))
    assert outcome.status == "failed"
    assert outcome.message.startswith(site + path + ": ")
    assert expected.format(site=site) in outcome.message
    assert not (tmp_path / "seeds").exists()


def test_a_robots_txt_that_fails_means_nothing_is_fetched(site, tmp_path):
    _Site.routes["/robots.txt"] = (503, "text/plain", b"busy")
    [outcome] = add([f"{site}/2025/03/11/mopti"], tmp_path / "seeds", fetcher=_fetcher())
    assert "robots.txt: answered 503" in outcome.message
    assert [path for path, _ in _Site.seen] == ["/robots.txt"]


def test_only_http_urls_are_fetched():
    from helpers.ingest import IngestError

    with pytest.raises(IngestError, match="not an http"):
        _fetcher().check_allowed("file:///etc/passwd")


# --------------------------------------------------------------------------------------------
# End to end: brief add, then brief extract and brief validate accept the folder


def test_brief_add_then_extract_and_validate(tmp_path, note_pdf, capsys):
    (tmp_path / "note.pdf").write_bytes(note_pdf)
    seeds, extracted = tmp_path / "seeds", tmp_path / "extracted"
    sources = [str(COURIER), str(MERIDIAN), str(tmp_path / "note.pdf")]
    sources.append(str(FIXTURES / "courier-feed.xml"))
    assert main(["add", *sources, "--seeds", str(seeds)]) == 0
    out = capsys.readouterr().out
    assert out.count("added ") == 5
    assert main(["add", str(FIXTURES / "section-front.html"), "--seeds", str(seeds)]) == 2
    assert "section-front.html: no article text" in capsys.readouterr().err
    assert main(["extract", str(seeds), "-o", str(extracted)]) == 0
    capsys.readouterr()
    assert main(["validate", "--seeds", str(seeds), "--facts", str(extracted)]) == 0
    assert "ok: 5 document(s)" in capsys.readouterr().out
    corpus = load_corpus(seeds, extracted)
    assert any(e.kind for e in corpus.facts.events)


def test_bad_given_values_are_refused_before_any_source_is_read(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    for option, expected in [
        (["--published", "2025-02-30"], "error: --published: '2025-02-30' is not a real day"),
        (["--published", "2025-03"], "error: --published: publication date '2025-03' must give"),
        (["--timezone", "Mars/Base"], "error: --timezone: unknown time zone 'Mars/Base'"),
    ]:
        assert main(["add", str(COURIER), "--seeds", str(seeds), *option]) == 2
        assert capsys.readouterr().err.startswith(expected)
    assert not seeds.exists()


def test_raw_bytes_sit_beside_the_text_in_the_sidecar_format(tmp_path):
    add([str(COURIER)], tmp_path)
    text = (tmp_path / f"{COURIER_ID}.meta.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Sidecar of ")
    assert not list(tmp_path.glob(".*.tmp"))
    assert io.StringIO(text).read().count("published: '2025-03-11'") == 1


def test_a_page_in_another_charset_is_decoded_and_kept_as_saved(tmp_path):
    page = MERIDIAN.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="windows-1252"')
    raw = page.replace("Mali&#39;s", "Mali’s café").encode("cp1252")
    (tmp_path / "cp.html").write_bytes(raw)
    [outcome] = add([str(tmp_path / "cp.html")], tmp_path / "seeds")
    seeds = tmp_path / "seeds"
    assert "Mali’s café armed forces" in (seeds / f"{outcome.doc_id}.txt").read_text("utf-8")
    assert (seeds / f"{outcome.doc_id}.html").read_bytes() == raw
