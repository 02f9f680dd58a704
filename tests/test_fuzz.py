"""Property-based fuzzing of everything that reads outside input (hypothesis, derandomised).

The invariants are the ones ``benchmarks/fuzz.py`` checks on 100,000 inputs (imported from it, so
both agree on what "valid" means); here each property runs on a few dozen to a few hundred
examples drawn from hypothesis strategies and from the benchmark's mutators driven by
hypothesis' ``randoms`` (so failures shrink):

* loader: sidecars, texts and facts files built from strategies, and mutations of the real seed's
  facts file, sidecar and text: ``load_corpus`` loads, or raises ``InputError`` naming one of the
  input files or directories; never another exception;
* temporal tagger: any text (messy Unicode, long digit runs, clock times, relative dates), any
  publication date 0001-9999 and zone: spans inside the text and equal to their text, values
  well formed for their type;
* extractor: every span valid and equal to its quote, the dumped file accepted by the loader;
* normaliser: offset maps monotonic and local, output normalised, idempotent.

The explicit examples and the loader reproducers at the end are crashes these properties found
(fixed in ``extraction``, ``temporal`` and ``normalize``; the loader's in ``loading``/``schema``).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SEED_ID
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers.extract.normalize import normalize
from helpers.extract.pipeline import build_nlp, dump_facts, extract_document
from helpers.extract.temporal import tag
from helpers.facts.loading import InputError

ROOT = Path(__file__).resolve().parents[1]


def _load_bench():
    spec = importlib.util.spec_from_file_location(
        "benchmarks_fuzz", ROOT / "benchmarks" / "fuzz.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmarks_fuzz"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


fuzz = _load_bench()
TEXTS = fuzz.corpus_texts()
ZONES = fuzz.ZONES

#: Reproducible in CI: the same examples on every run, nothing read from a database.
FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---------------------------------------------------------------------------------------------
# Strategies

#: Characters the loader can hand on (UTF-8 text: no lone surrogates; read_text refuses NUL).
_FILE_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_FRAGMENTS = [*fuzz.MESSY, *fuzz.TIMEISH, *fuzz.NEWSY]


def news_text(chars=_FILE_CHARS, max_parts: int = 40):
    """News-like text: real fragments, messy Unicode, long digit runs and arbitrary characters."""
    part = st.one_of(
        st.sampled_from(_FRAGMENTS),
        st.sampled_from(_FRAGMENTS),
        st.text(chars, max_size=6),
        st.integers(1, 400).map(lambda n: "9" * n),
        st.sampled_from(["\u0663", "\u06f5", "\uff17"]).flatmap(
            lambda d: st.integers(1, 60).map(lambda n: d * n)
        ),
    )
    seps = st.sampled_from([" ", " ", "", "\n", ", ", ". ", "\r\n", "\u00a0"])
    return st.lists(st.tuples(part, seps), max_size=max_parts).map(
        lambda ps: "".join(p + s for p, s in ps)
    )


def _clean(text: str) -> str:
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text).replace("\x00", "")


days = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)
dcts = st.one_of(
    days,
    st.tuples(days, st.integers(0, 23), st.integers(0, 59)).map(
        lambda t: f"{t[0]}T{t[1]:02d}:{t[2]:02d}"
    ),
    st.sampled_from(["0001-01-01", "9999-12-31", "9999-12-31T23:59", "0001-01-01T00:00"]),
)
zones = st.one_of(st.none(), st.sampled_from(ZONES))


# ---------------------------------------------------------------------------------------------
# Normalisation


@settings(FUZZ, max_examples=300)
@given(news_text(chars=st.characters(), max_parts=30))
@example("a&#13;b")  # regression: a decoded CR stayed in the output (not idempotent)
@example("&#13;&#10;\r\n&#x0D;")
@example("&amp;amp;\u00ad&amp\u00ad;")  # decoded one level, by design
def test_normalize_offsets_are_local_and_output_idempotent(text):
    fuzz.check_normalize(text)


@settings(FUZZ, max_examples=150)
@given(news_text(chars=st.characters(), max_parts=30), st.data())
def test_normalized_spans_map_back_to_the_source(text, data):
    """Any span between two output positions that start a new original character quotes
    original characters that normalise to exactly that span (what extraction relies on)."""
    n = normalize(text)
    bounds = [i for i in range(len(n.text) + 1) if i == 0 or n.offsets[i] != n.offsets[i - 1]]
    a = data.draw(st.sampled_from(bounds))
    b = data.draw(st.sampled_from([x for x in bounds if x >= a]))
    start, end = n.span(a, b)
    assert 0 <= start <= end <= len(text)
    assert n.quote(a, b) == text[start:end]
    assert normalize(n.quote(a, b)).text == n.text[a:b]


# ---------------------------------------------------------------------------------------------
# Temporal tagger


@settings(FUZZ, max_examples=250)
@given(news_text(chars=st.characters()), dcts, zones)
@example("at 2:30 p.m. ET", "0001-01-01", None)  # regression: UTC value '1-01-01T19:26'
@example("at 2:30:15 ET", "0001-01-01", None)
@example("two hours ago", "0001-01-01T05:00", None)  # regression: value '1-01-01T03:00'
@example("last winter", "0001-01-01", None)  # regression: value '-001-WI'
@example("next winter, next January, last May", "9999-12-31", None)  # no year 10000
@example("last May", "0001-01-01", None)  # regression: value '0000-05'
@example("at 9 p.m. GMT-13", "2024-02-08", None)  # regression: ZoneInfoNotFoundError Etc/GMT+13
@example("at 9 p.m. GMT-12 and 9 p.m. GMT+14", "2024-02-08", "Asia/Baghdad")  # the extremes
@example(
    "\u200f9:30\u00a0p.m.\u200e last Tuesday \U0001f600 \u0669:\u0663\u0660", "2024-02-08", "UTC"
)
def test_tagger_spans_and_values_are_well_formed(text, dct, tz):
    fuzz.check_temporal(text, dct, tz)


@settings(FUZZ, max_examples=150)
@given(st.randoms(use_true_random=False))
def test_tagger_on_mutated_news(rng):
    gen = fuzz.TextGen(TEXTS, surrogates=True, nul=True, max_len=600)
    fuzz.check_temporal(gen(rng), fuzz.random_dct(rng), rng.choice([None, *ZONES[:50]]))


def test_tagger_never_raises_for_the_text_only_for_dct_and_zone():
    with pytest.raises(ValueError):
        tag("today", "2024-02-08T24:00")
    with pytest.raises(ValueError):
        tag("today", "0000-01-01")
    assert tag("\ud800 today \x00", "2024-02-08") != []


# ---------------------------------------------------------------------------------------------
# Extractor


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-extract")


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


_published = st.one_of(
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat),
    dcts,
)


@settings(FUZZ, max_examples=70)
@given(news_text(max_parts=30), _published, st.sampled_from(["UTC", *ZONES]))
@example("9pm.two day after", "0001-01-01", "Asia/Istanbul")  # regression: OverflowError
@example("A drone strike killed two at 9 p.m. Monday.", "9999-12-31T23:59", "UTC")  # _future
@example("A strike at midnight killed two, officials said.", "9999-12-31", "UTC")  # 24:00
@example(  # regression: OverflowError restating 4:30 p.m. ET in Baghdad time
    "The strikes began at 4:30 p.m. ET on Friday in Baghdad, officials said.",
    "9999-12-31T23:59",
    "UTC",
)
@example("The strike killed " + "8" * 400 + " people.", "2024-02-08", "UTC")  # inf count
@example("A U.S. drone strike\x85killed two, officials said.", "2024-02-08", "UTC")  # NEL quote
def test_extractor_spans_are_valid_and_its_file_loads(workdir, nlp, text, published, tz):
    fuzz.check_extract(fuzz.make_doc(text, "fuzz", published, tz), workdir, nlp)


@settings(FUZZ, max_examples=30)
@given(st.randoms(use_true_random=False))
def test_extractor_on_mutated_news(workdir, nlp, rng):
    gen = fuzz.TextGen(TEXTS, max_len=800)
    text = gen(rng)
    doc = fuzz.make_doc(text, rng.choice(["fuzz", "x" * 80]), fuzz.random_dct(rng), "UTC")
    fuzz.check_extract(doc, workdir, nlp)


def test_extractor_refuses_lone_surrogates_with_its_documented_error():
    with pytest.raises(ValueError, match="surrogate"):
        extract_document(fuzz.make_doc("a \ud800 strike"))


def test_a_time_restated_in_the_local_zone_keeps_a_four_digit_year():
    """'%Y' wrote the year 999 as '999': the start no longer sorted as a date and the event was
    dropped as lying after publication."""
    text = "The strikes began at 4:30 p.m. ET on Friday in Baghdad, officials said."
    facts = extract_document(fuzz.make_doc(text, published="0999-01-08"))
    starts = [(e.when.start, e.when.tz) for e in facts.events]
    assert len(starts) == 1 and starts[0][1] == "Asia/Baghdad", starts
    assert starts[0][0].startswith("0999-01-05T"), starts


def test_a_quarter_near_year_one_keeps_a_four_digit_year():
    """Found by benchmarks/fuzz.py (temporal #4017): 'the first quarter' published in year 1 was
    '1-Q1'; a quarter before year 1 is no date at all."""
    from helpers.extract.temporal import tag

    (found,) = tag("first quarter", "0001-01-01T00:00", "CST6CDT")
    assert found.value == "0001-Q1"
    (found,) = tag("the fourth quarter", "0002-05-01", None)
    assert found.value == "0001-Q4"
    assert tag("the last quarter", "0001-02-01", None) == []


def test_a_clock_after_the_same_day_said_twice_is_dated_once():
    """Found by benchmarks/fuzz.py (extract #6072, a paragraph's start repeated): the second
    "earlier the same day" removed the clock time the first had already re-dated (ValueError)."""
    from helpers.extract.dating import relative_timexes
    from helpers.extract.temporal import tag

    text = (
        "Forces struck a radar site on Jan. 18 at about 9 p.m.\n\nEarlier that day, at appro\n\n"
        "Earlier the same day, at about 8:30 p.m. (local time), a drone was shot down."
    )
    found = relative_timexes(text, tag(text, "2024-01-19", "Asia/Aden"))
    clocks = [t for t in found if t.text.startswith("8:30")]
    assert len(clocks) == 1 and clocks[0].value.startswith("2024-01-18T20:30"), found
    facts = extract_document(fuzz.make_doc(text, published="2024-01-19", tz="Asia/Aden"))
    assert facts.events


def test_dumped_quotes_round_trip_through_yaml():
    """A NEL (U+0085) in a quote was written raw and read back as a line break."""
    doc = fuzz.make_doc("A U.S. drone strike\x85killed two, officials said.")
    facts = extract_document(doc)
    loaded = yaml.safe_load(dump_facts(facts))
    quotes = [s["quote"] for e in loaded["events"] for s in e["spans"]]
    assert quotes and all(q in doc.text for q in quotes)


# ---------------------------------------------------------------------------------------------
# Loader


def assert_loads_or_names_a_file(ws, item) -> None:
    """Loads, or raises an InputError naming a workspace file (check_loader returns it)."""
    fuzz.check_loader(*ws.apply(item))


@pytest.fixture(scope="module")
def loader_gen():
    return fuzz.LoaderGen(fuzz.TextGen(TEXTS, max_len=400))


@pytest.fixture(scope="module")
def ws(loader_gen):
    workspace = fuzz.Workspace(loader_gen.base)
    yield workspace
    workspace.close()


_ids = st.one_of(
    st.just("doc"),
    st.from_regex(r"[a-z0-9][a-z0-9._-]{0,85}", fullmatch=True),
    st.text(_FILE_CHARS, min_size=1, max_size=10).filter(lambda s: "/" not in s),
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(_FILE_CHARS, max_size=20),
    st.sampled_from(["2024-02-08", "2024-02-30", "9999-12-31", "0001-01-01", "2024-02-08T10:15"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def fresh_workspaces(draw):
    """A document (text + sidecar) and a facts file, field by field from strategies: mostly
    valid values, sometimes anything at all."""
    text = _clean(draw(news_text(max_parts=15)))
    doc_id = draw(_ids)

    def maybe(valid):
        return draw(st.one_of(valid, valid, valid, _values))

    meta = {
        "id": maybe(st.just(doc_id)),
        "title": maybe(st.text(_FILE_CHARS, min_size=1, max_size=20)),
        "published": maybe(st.one_of(days, dcts)),
        "timezone": maybe(st.sampled_from(["UTC", "Asia/Baghdad", *ZONES[:40]])),
        "language": maybe(st.just("en")),
    }
    extra = draw(st.dictionaries(st.sampled_from(["sha256", "grading", "url", "x"]), _values))
    meta.update(extra)
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, len(text)))
        spans.append(
            {
                "doc": doc_id,
                "start": maybe(st.just(a)),
                "end": b,
                "quote": maybe(st.just(text[a:b])),
            }
        )
    actor = {"id": "a", "name": "A", "kind": maybe(st.just("state")), "spans": spans}
    event = {
        "id": "e",
        "kind": "strike",
        "summary": "s",
        "when": maybe(
            st.fixed_dictionaries(
                {"precision": st.sampled_from(["day", "period", "minute", "unknown"])},
                optional={"start": dcts, "end": dcts, "tz": zones, "expression": _values},
            )
        ),
        "status": "reported",
        "initiators": maybe(st.just(["a"])),
        "spans": spans,
    }
    facts = {
        "schema_version": maybe(st.just(1)),
        "reviewed_by": "fuzz",
        "review_status": "analyst-reviewed",
        "documents": maybe(st.just([doc_id])),
        "actors": [actor],
        "events": maybe(st.just([event])),
    }
    stem = doc_id if draw(st.booleans()) or "/" in doc_id else "other"
    files = {
        f"seeds/{stem}.txt": text.encode(),
        f"seeds/{stem}.meta.yaml": yaml.safe_dump(meta, allow_unicode=True).encode(),
        f"facts/{stem}.facts.yaml": yaml.safe_dump(facts, allow_unicode=True).encode(),
    }
    return fuzz.LoaderInput(files, fresh=True)


@settings(FUZZ, max_examples=80)
@given(fresh_workspaces())
def test_loader_on_documents_and_facts_from_strategies(ws, item):
    assert_loads_or_names_a_file(ws, item)


@settings(FUZZ, max_examples=80)
@given(
    st.sampled_from(["facts", "meta"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
)
@example("facts", "a: &x [*x]\n")
@example("meta", "timezone: America\n")
@example("facts", "schema_version: !!int abc\n")
def test_loader_on_arbitrary_yaml_text(ws, which, text):
    name = f"facts/{SEED_ID}.facts.yaml" if which == "facts" else f"seeds/{SEED_ID}.meta.yaml"
    assert_loads_or_names_a_file(ws, fuzz.LoaderInput({name: text.encode("utf-8")}))


@settings(FUZZ, max_examples=60)
@given(st.randoms(use_true_random=False))
def test_loader_on_mutations_of_the_seed_workspace(ws, loader_gen, rng):
    """Line, character and value mutations of the real facts file and sidecar, structural
    mutations re-dumped as YAML, raw byte damage, and small documents built from scratch."""
    assert_loads_or_names_a_file(ws, loader_gen(rng))


def test_loader_mutation_generator_is_deterministic(loader_gen):
    a = loader_gen(random.Random("x:1"))
    b = loader_gen(random.Random("x:1"))
    assert a == b


# Loader crashes found by fuzzing, one minimal reproducer each (all used to escape as something
# other than InputError: yaml.ReaderError, KeyError, ValueError, RecursionError, OSError,
# OverflowError; the alias bomb took 21 s at 330 bytes and grew tenfold per line).


def _facts(text: bytes) -> dict[str, bytes]:
    return {f"facts/{SEED_ID}.facts.yaml": text}


_SIDECAR = (ROOT / "seeds" / f"{SEED_ID}.meta.yaml").read_bytes()
_SEED_FACTS = (ROOT / "facts" / f"{SEED_ID}.facts.yaml").read_bytes()
_DAY = b"""      precision: day
      start: "2024-01-28"
"""
_PERIOD_TO_9999 = b"""      precision: period
      start: "2024-01-28"
      end: "9999-12-31"
"""
_ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 6)
)


@pytest.mark.parametrize(
    "files",
    [
        pytest.param(_facts(b"reviewed_by: a\x7fb\n"), id="control-character"),
        pytest.param(_facts(b"x: !!bool maybe\n"), id="bool-tag"),
        pytest.param(_facts(b"x: !!int abc\n"), id="int-tag"),
        pytest.param(_facts(b"x: !!float x\n"), id="float-tag"),
        pytest.param(_facts(b"x: !!timestamp 2024-13-45\n"), id="timestamp-tag"),
        pytest.param(_facts(b"x: !!timestamp yesterday\n"), id="timestamp-tag-not-a-date"),
        pytest.param(_facts(b"x: " + b"1" * 5000 + b"\n"), id="int-of-5000-digits"),
        pytest.param(_facts(b"a: &x [*x]\n"), id="recursive-alias"),
        pytest.param(_facts(_ALIAS_BOMB.encode()), id="alias-bomb"),
        pytest.param(
            {
                f"seeds/{SEED_ID}.meta.yaml": _SIDECAR.replace(
                    b"timezone: UTC", b"timezone: America"
                )
            },
            id="zone-is-a-directory",
        ),
        pytest.param(
            {
                f"seeds/{SEED_ID}.meta.yaml": _SIDECAR.replace(
                    b"timezone: UTC", b"timezone: " + b"a" * 300
                )
            },
            id="zone-name-too-long",
        ),
        pytest.param(_facts(_SEED_FACTS.replace(_DAY, _PERIOD_TO_9999)), id="period-to-9999-12-31"),
    ],
)
def test_loader_crashes_found_by_fuzzing_are_input_errors(ws, files):
    assert _DAY in _SEED_FACTS
    result = fuzz.check_loader(*ws.apply(fuzz.LoaderInput(files)))
    assert isinstance(result, InputError), result
