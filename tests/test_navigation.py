"""Navigation without rendering: anchors, paragraph numbers from offsets, readable citations and
the Source texts appendix's excerpts (helpers.brief.navigation).

The fixture texts are written here in the shapes real news text comes in: CRLF line ends, blank
lines (some holding spaces, a no-break space or a zero-width space), a dateline on its own line,
a headline and a byline, a text wrapped at a fixed width, old Mac CR line ends, Unicode line
separators, a byte-order mark."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.brief.navigation import (
    FULL_TEXT_MAX_CHARS,
    UNKNOWN_OUTLET,
    Mark,
    Navigation,
    Paragraphs,
    anchor,
    excerpt,
    flatten,
    outlet,
    paragraph_label,
    short_date,
    source_labels,
)
from helpers.facts.loading import SourceDoc
from helpers.facts.schema import Document, Span

WIRE = (
    "BAGHDAD, Feb. 8 (Wire) —\r\n"
    "\r\n"
    "A drone struck a car in eastern Baghdad late on Wednesday, killing two men, police said.\r\n"
    "\r\n"
    "The U.S. military said it carried out the strike.\r\n"
)

PAGE = (
    "\ufeffMilitia commander killed in Baghdad strike\n"
    "By Jane Roe\n"
    "  \t\n"
    "\u00a0\n"
    "\u200b\n"
    "A U.S. drone strike on Wednesday night killed a commander of Kata’ib Hezbollah in the "
    "Mashtal district of eastern Baghdad, two security officials said on condition of anonymity.\n"
    "Photo: a burnt-out car on a Baghdad street. / File\n"
    "\n"
    "\n"
    "The Pentagon did not comment."
)

WRAPPED = (
    "HODEIDAH, Yemen - Strikes hit the port city overnight, residents said,\n"
    "and the group's television station reported three people killed.\n"
    "\n"
    "A spokesman for the group said the strikes would not go unanswered\n"
    "and that its forces would respond at a time of their choosing.\n"
    "\n"
    "No group claimed the attack.\n"
)


def find(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def para(text: str, words: str) -> tuple[int, int]:
    return Paragraphs.of(text).covering(*find(text, words))


# ------------------------------------------------------------------------------------------------
# Paragraphs


def test_crlf_text_with_a_dateline_line_counts_the_dateline_and_not_the_blank_lines():
    paragraphs = Paragraphs.of(WIRE)
    assert len(paragraphs) == 3
    assert [WIRE[a:b] for a, b in paragraphs.spans] == [
        "BAGHDAD, Feb. 8 (Wire) —",
        "A drone struck a car in eastern Baghdad late on Wednesday, killing two men, police said.",
        "The U.S. military said it carried out the strike.",
    ]  # no CR left at a line's end
    assert para(WIRE, "killing two men") == (2, 2)
    assert para(WIRE, "carried out the strike") == (3, 3)
    assert para(WIRE, "BAGHDAD") == (1, 1)


def test_headline_byline_caption_count_and_white_space_lines_do_not():
    paragraphs = Paragraphs.of(PAGE)
    texts = [PAGE[a:b] for a, b in paragraphs.spans]
    assert texts[0] == "\ufeffMilitia commander killed in Baghdad strike"
    assert texts[1] == "By Jane Roe"
    assert texts[2].startswith("A U.S. drone strike")
    assert texts[3] == "Photo: a burnt-out car on a Baghdad street. / File"
    assert texts[4] == "The Pentagon did not comment."  # no line break at the end of the text
    assert len(paragraphs) == 5
    assert para(PAGE, "Mashtal district") == (3, 3)
    assert para(PAGE, "did not comment") == (5, 5)


def test_text_wrapped_at_a_fixed_width_counts_blocks():
    paragraphs = Paragraphs.of(WRAPPED)
    assert len(paragraphs) == 3
    # a quote across the wrap is in one paragraph; one across a blank line in two
    assert para(WRAPPED, "residents said,\nand the group") == (1, 1)
    assert para(WRAPPED, "three people killed.\n\nA spokesman") == (1, 2)
    assert para(WRAPPED, "No group claimed") == (3, 3)


def test_short_lines_over_blank_lines_are_not_taken_for_wrapped_text():
    text = "WORLD\n2 MIN READ\n\nStrikes hit the port.\n\nNo group claimed it.\n"
    assert len(Paragraphs.of(text)) == 4


def test_old_mac_line_ends_and_unicode_separators_end_lines():
    assert len(Paragraphs.of("One.\rTwo.\r\rThree.")) == 3
    assert len(Paragraphs.of("One.\u2028Two.\u2029Three.")) == 3
    # CRLF is one line break, not a line break and an empty line
    assert Paragraphs.of("One.\r\nTwo.").spans == ((0, 4), (6, 10))


def test_offsets_between_paragraphs_belong_to_the_next_and_past_the_end_to_the_last():
    paragraphs = Paragraphs.of(WIRE)
    blank = WIRE.index("\r\n\r\n") + 2  # the empty line after the dateline
    assert paragraphs.number(blank) == 2
    assert paragraphs.number(len(WIRE)) == 3
    assert paragraphs.number(0) == 1
    # a span of only line breaks is cited at the paragraph after it
    assert paragraphs.covering(blank, blank + 2) == (2, 2)
    assert Paragraphs.of("").number(0) == 0 and Paragraphs.of("").covering(0, 1) == (0, 0)
    assert Paragraphs.of(" \n\n").covering(0, 1) == (1, 1)  # only blank: one paragraph


def test_paragraph_labels():
    assert paragraph_label(3, 3) == "para\u00a03"
    assert paragraph_label(3, 4) == "paras\u00a03–4"
    assert paragraph_label(0, 0) == ""


# ------------------------------------------------------------------------------------------------
# Anchors and labels


def test_anchor_keeps_safe_ids_and_hashes_anything_else():
    assert anchor("event", "e-strike-2024-02-07") == "event-e-strike-2024-02-07"
    assert anchor("actor", "000009_tv_hezboll-dc270e5e.unresolved-3") == (
        "actor-000009_tv_hezboll-dc270e5e.unresolved-3"
    )
    hostile = ['" onmouseover="x', "a b", "A", "a#b", "ä", "", "<script>", "a/../b"]
    made = [anchor("x", k) for k in hostile]
    assert len(set(made)) == len(made)  # two keys never share an anchor
    for name in made:
        assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name), name
    assert anchor("x", "A") != anchor("x", "a")


def meta(doc: str, publisher: str | None = "Wire Agency", published: str = "2024-02-08", **kw):
    return Document(
        id=doc,
        title=f"Title of {doc}",
        publisher=publisher,
        published=published,
        timezone="UTC",
        language="en",
        **kw,
    )


def source(doc: str, text: str, **kw) -> SourceDoc:
    return SourceDoc(meta(doc, **kw), text, Path(f"/nonexistent/{doc}.txt"))


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_short_date_and_outlet_labels_tell_apart_one_outlets_documents_of_a_day():
    assert plain(short_date("2024-02-08")) == "8 Feb 2024"
    assert plain(short_date("2024-12-31T23:59")) == "31 Dec 2024"
    docs = [
        source("b", "x"),
        source("a", "x"),
        source("c", "x", publisher=None),
        source("d", "x", published="2024-02-09"),
    ]
    labels = {k: plain(v) for k, v in source_labels(docs).items()}
    assert labels == {
        "a": "Wire Agency, 8 Feb 2024a",
        "b": "Wire Agency, 8 Feb 2024b",
        "c": f"{UNKNOWN_OUTLET}, 8 Feb 2024",
        "d": "Wire Agency, 9 Feb 2024",
    }


def span(doc: SourceDoc, words: str) -> Span:
    start, end = find(doc.text, words)
    return Span(doc=doc.id, start=start, end=end, quote=words)


def navigation(*docs: SourceDoc, **kw) -> Navigation:
    return Navigation({d.id: d for d in docs}, **kw)


def test_citation_reads_outlet_date_paragraph_and_keeps_the_offsets_in_the_tooltip():
    wire = source("wire", WIRE)
    s = span(wire, "killing two men")
    nav = navigation(wire)
    nav.cite([s], 3, "event-e1", "timeline")
    c = nav.citation([s], 3)
    (d,) = c["docs"]
    (link,) = d["links"]
    assert plain(link["text"]) == "Wire Agency, 8 Feb 2024, para 2"
    assert link["href"] == f"#src-wire-{s.start}-{s.end}"
    assert link["title"] == f"wire: characters {s.start}-{s.end}"
    assert c["more"] == 0 and d["extra"] == 0


def test_citation_of_several_spans_links_each_paragraph_once():
    page = source("page", PAGE, publisher=None)
    spans = [span(page, "drone strike"), span(page, "Mashtal district"), span(page, "Pentagon")]
    nav = navigation(page)
    nav.cite(spans, 3, "event-e1", "timeline")
    (d,) = nav.citation(spans, 3)["docs"]
    assert [plain(x["text"]) for x in d["links"]] == [
        f"{UNKNOWN_OUTLET}, 8 Feb 2024, para 3",
        "para 5",
    ]
    # one link for the paragraph, to its first span; the tooltip has both spans' offsets
    assert d["links"][0]["href"] == f"#src-page-{spans[0].start}-{spans[0].end}"
    assert d["links"][0]["title"] == (
        f"page: characters {spans[0].start}-{spans[0].end}, {spans[1].start}-{spans[1].end}"
    )


def test_a_citation_links_only_to_words_the_appendix_holds():
    """A span no row recorded (:meth:`Navigation.cite`) is not in the Source texts: its
    citation is text with the offsets in the tooltip, never a link to an id the page lacks."""
    wire = source("wire", WIRE)
    shown, other = span(wire, "killing two men"), span(wire, "carried out")
    nav = navigation(wire)
    nav.cite([shown], 1, "event-e1", "timeline")
    (link,) = nav.citation([other], 1)["docs"][0]["links"]
    assert link["href"] is None
    assert link["title"] == f"wire: characters {other.start}-{other.end}"
    assert plain(link["text"]).startswith("Wire Agency, 8 Feb 2024")


def test_outlet_is_the_best_honest_name_and_says_where_it_comes_from():
    """The sidecar's publisher, else the host of the document's web address, else the outlet
    part of an id ``brief add`` wrote, else no name at all (never a guess)."""
    named = meta("x", publisher="The Sahel Courier", url="https://www.other.example/a")
    assert outlet("x", named) == ("The Sahel Courier", "publisher")
    by_url = meta("x", publisher=None, url="https://www.courier.example/2025/03/11/story")
    assert outlet("x", by_url) == ("courier.example", "url")
    no_name = meta("x", publisher=None)
    assert outlet("the-sahel-courier_2025-03-11_4ce8934a7973", no_name) == (
        "the-sahel-courier",
        "id",
    )
    assert outlet("unknown_2025-03-11_4ce8934a7973", no_name) == (UNKNOWN_OUTLET, "")
    assert outlet("000_30fe353d1ee95435", no_name) == (UNKNOWN_OUTLET, "")
    assert outlet("x", meta("x", publisher="  ", url="not a url")) == (UNKNOWN_OUTLET, "")
    docs = [source("courier_2025-03-11_4ce8934a7973", "x", publisher=None)]
    assert plain(source_labels(docs)["courier_2025-03-11_4ce8934a7973"]) == ("courier, 8 Feb 2024")


def test_citation_of_many_documents_shows_the_first_and_counts_the_rest():
    docs = [source(f"d{i}", WIRE, publisher=f"Outlet {i}") for i in range(5)]
    spans = [Span(doc=d.id, start=0, end=7, quote="BAGHDAD") for d in docs]
    spans.insert(1, span(docs[0], "carried out"))  # a second span of the first document
    c = navigation(*docs).citation(spans, 2)
    assert [plain(d["links"][0]["text"]) for d in c["docs"]] == [
        "Outlet 0, 8 Feb 2024, para 1",
        "Outlet 1, 8 Feb 2024, para 1",
    ]
    assert [d["extra"] for d in c["docs"]] == [1, 0]
    assert c["more"] == 3


def test_an_assumed_publication_date_is_said_in_the_tooltip():
    from helpers.facts.schema import Assumption

    doc = source("x", WIRE, assumptions=[Assumption(field="published", note="n")])
    (d,) = navigation(doc).citation([span(doc, "BAGHDAD")], 1)["docs"]
    assert d["links"][0]["title"].endswith("publication date assumed by the analyst")


def test_cite_records_the_spans_shown_and_each_row_once():
    wire = source("wire", WIRE)
    nav = navigation(wire)
    s1, s2 = span(wire, "killing two men"), span(wire, "carried out")
    nav.cite([s1, s2], 3, nav.row("event", "e1"), "timeline")
    nav.cite([s1], 1, nav.row("claim", "c1"), "claims")
    nav.cite([s1], 1, "claim-c1", "claims")  # again: recorded once
    assert nav.row("event", "e1") is None  # shown again: no second anchor
    assert nav.href("e1", ("claim", "event")) == "#event-e1"
    assert nav.href("nope", ("event",)) is None
    key = (s1.doc, s1.start, s1.end)
    assert [c["href"] for c in nav.cited[key]] == ["#event-e1", "#claim-c1"]
    assert nav.is_cited("wire")


# ------------------------------------------------------------------------------------------------
# The appendix: marks and excerpts


def marks(text: str, *quotes: str) -> list[Mark]:
    out = []
    for i, q in enumerate(quotes):
        start, end = find(text, q)
        out.append(Mark(start, end, f"m{i}", "t", ({"href": f"#row{i}"},)))
    return out


def walk(nodes: list[dict]):
    for n in nodes:
        yield n
        if n["mark"]:
            yield from walk(n["children"])


def test_every_paragraph_is_shown_unaltered_with_nested_and_crossing_marks():
    text = WIRE
    ms = marks(
        text,
        "A drone struck a car in eastern Baghdad",  # outer
        "eastern Baghdad",  # inside it
        "Baghdad late on Wednesday",  # crosses the outer one's end
        "two men",
    )
    blocks = excerpt(text, Paragraphs.of(text), ms, full=True)
    assert [b["kind"] for b in blocks] == ["para"] * 3
    for block, (a, b) in zip(blocks, Paragraphs.of(text).spans, strict=True):
        assert flatten(block["nodes"]) == text[a:b]  # the publisher's characters, in order
    nodes = list(walk(blocks[1]["nodes"]))
    ids = [n["id"] for n in nodes if n["mark"] and n["id"]]
    assert sorted(ids) == ["m0", "m1", "m2", "m3"]  # each span's id once
    # the crossing span is cut at the outer one's end: the first part carries the id and
    # the last part the link back
    parts = [n for n in nodes if n["mark"] and n["title"] == "t" and n["back"]]
    assert len(parts) == 4
    crossing = [n for n in nodes if n["mark"] and flatten(n["children"]) == "Baghdad"]
    assert crossing and crossing[0]["id"] == "m2" and crossing[0]["back"] == []
    rest = [n for n in nodes if n["mark"] and flatten(n["children"]) == " late on Wednesday"]
    assert rest[0]["id"] is None and rest[0]["back"] == [{"href": "#row2"}]


def test_a_span_across_paragraphs_is_marked_in_each_with_one_id():
    text = WRAPPED
    ms = marks(text, "three people killed.\n\nA spokesman")
    blocks = excerpt(text, Paragraphs.of(text), ms, full=True)
    first = [n for n in walk(blocks[0]["nodes"]) if n["mark"]]
    second = [n for n in walk(blocks[1]["nodes"]) if n["mark"]]
    assert flatten(first) == "three people killed." and first[0]["id"] == "m0"
    assert flatten(second) == "A spokesman" and second[0]["id"] is None
    assert second[0]["back"] == [{"href": "#row0"}]


def test_a_span_of_blank_lines_only_gets_an_empty_mark_where_the_next_text_begins():
    text = WIRE
    start = text.index("\r\n\r\n")
    blocks = excerpt(text, Paragraphs.of(text), [Mark(start, start + 4, "m", "t")], full=True)
    (mark,) = [n for n in walk(blocks[1]["nodes"]) if n["mark"]]
    assert mark["id"] == "m" and flatten(mark["children"]) == ""
    a, b = Paragraphs.of(text).spans[1]
    assert flatten(blocks[1]["nodes"]) == text[a:b]


def long_text(n: int) -> str:
    return "".join(
        f"Paragraph {i} of the long report, with its own words.\r\n\r\n" for i in range(1, n + 1)
    )


def test_a_long_document_is_excerpted_to_cited_paragraphs_and_one_either_side():
    text = long_text(60)
    ms = marks(text, "Paragraph 10 of", "Paragraph 30 of", "Paragraph 31 of")
    blocks = excerpt(text, Paragraphs.of(text), ms, full=False)
    shown = [b["n"] for b in blocks if b["kind"] == "para"]
    assert shown == [9, 10, 11, 29, 30, 31, 32]
    gaps = [(b["first"], b["last"]) for b in blocks if b["kind"] == "gap"]
    assert gaps == [(1, 8), (12, 28), (33, 60)]
    kinds = [b["kind"] for b in blocks]
    assert kinds[0] == "gap" and kinds[-1] == "gap"  # what is left out at both ends is said
    for b in blocks:
        if b["kind"] == "para":
            assert flatten(b["nodes"]).startswith(f"Paragraph {b['n']} of")


def test_excerpt_at_the_edges_and_adjacent_cited_paragraphs():
    text = long_text(5)
    blocks = excerpt(text, Paragraphs.of(text), marks(text, "Paragraph 1 of"), full=False)
    assert [b["kind"] for b in blocks] == ["para", "para", "gap"]
    assert blocks[-1] == {"kind": "gap", "first": 3, "last": 5}
    blocks = excerpt(text, Paragraphs.of(text), marks(text, "Paragraph 5 of"), full=False)
    assert [b.get("n") for b in blocks] == [None, 4, 5] and blocks[0]["last"] == 3


@pytest.mark.parametrize("excerpt_all", [False, True])
def test_appendix_lists_only_cited_documents_and_excerpts_long_ones(excerpt_all):
    short = source("a-short", long_text(10))
    long = source("b-long", long_text(400))
    uncited = source("c-uncited", PAGE)
    assert len(long.text) > FULL_TEXT_MAX_CHARS
    nav = navigation(short, long, uncited, excerpt_all=excerpt_all)
    nav.cite([span(short, "Paragraph 5 of")], 1, nav.row("event", "e1"), "timeline")
    nav.cite([span(long, "Paragraph 200 of")], 1, nav.row("event", "e2"), "timeline")
    docs = nav.appendix()
    assert [d["doc"] for d in docs] == ["a-short", "b-long"]
    by_doc = {d["doc"]: d for d in docs}
    # a short document is shown in full, unless every document is excerpted
    assert by_doc["a-short"]["full"] is (not excerpt_all)
    # a large brief (every document excerpted) shows the cited paragraphs only
    assert by_doc["a-short"]["n_shown"] == (1 if excerpt_all else 10)
    assert by_doc["b-long"]["full"] is False
    assert by_doc["b-long"]["n_shown"] == (1 if excerpt_all else 3)
    assert by_doc["b-long"]["n_paragraphs"] == 400
    assert by_doc["b-long"]["id"] == "text-b-long"
    (cited,) = by_doc["a-short"]["spans"]
    start, end = find(short.text, "Paragraph 5 of")
    assert cited == {
        "href": f"#src-a-short-{start}-{end}",
        "text": f"{start}-{end}",
        "title": "para\u00a05",
    }
    marked = [
        n
        for b in by_doc["a-short"]["blocks"]
        if b["kind"] == "para"
        for n in walk(b["nodes"])
        if n["mark"]
    ]
    assert marked[0]["id"] == f"src-a-short-{start}-{end}"
    assert marked[0]["back"] == [{"href": "#event-e1", "text": "timeline", "title": "event-e1"}]
