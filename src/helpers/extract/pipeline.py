"""Automatic fact extraction with provenance: article text -> a facts file in the curated schema.

Pipeline, per document (every span it emits is an exact stretch of the ORIGINAL text):

1. :mod:`helpers.extract.normalize` makes a normalised copy (quotes, spaces, CRLF, BOM, entities) with an
   offset map back to the original.
2. spaCy: the tokenizer and a sentencizer (or a trained pipeline's parser and NER, when one is
   installed: ``en_core_web_sm`` is used if present, never downloaded), an ``EntityRuler`` built
   from the packaged actor gazetteer (:mod:`helpers.facts.gazetteer`), and patterns for role
   phrases ("a senior leader of X", "three U.S. soldiers", "Iran-backed militants") that become
   *unresolved* actors instead of being dropped (:mod:`.actors`).
3. :func:`helpers.extract.temporal.tag` finds and normalises time expressions against the publication
   date and zone (:mod:`.dating`). Photo captions, file-photo credits and datelines are set aside
   first, so their dates never become events (:mod:`.text`).
4. Events come from a trigger lexicon (strike, attack, killing, announcement, attribution,
   designation, talks, arrest, protest, deployment), with initiators and targets from the
   sentence's actors and voice, outcomes with numbers, the time of the sentence, and a status
   from hedges and attribution ("suspected", "reportedly", "X claimed", "denied")
   (:mod:`.triggers`, :mod:`.events`).
5. Claims come from attribution verbs (said, stated, confirmed, announced, vowed, claimed,
   denied, ...) with the speaker, the content span and the date (:mod:`.claims`).
6. Relations come from patterns (X-backed Y, X-designated Y, "attributed ... to Y", "a leader of
   Y", "groups, including Y", "supporting Y", "talks between X and Y") (:mod:`.relations`).

The rules themselves are data: word tables in :mod:`.lexicon`, patterns in the per-layer rule
modules. The layers share the document's and the sentence's state explicitly
(:mod:`.context`). The result is a :class:`~helpers.facts.schema.FactsFile` with
``review_status: machine-extracted``, validated like a curated file.
"""

from __future__ import annotations

import functools
import os
import warnings
from collections.abc import Iterable
from pathlib import Path

from .. import config
from ..facts.gazetteer import Gazetteer, load_gazetteer
from ..facts.loading import SourceDoc
from ..facts.schema import Claim, FactsFile
from .actor_rules import PHRASE_RULERS
from .actors import add_victims_groups, find_actors, merge_descriptions
from .claims import claim_of, unattributed
from .confidence import with_confidence
from .context import RECENT, DocState, Mention, Sentence, has_span
from .dating import future, relative_timexes
from .events import events_of, fold_undated, refine_places
from .mentions import merge_mentions
from .normalize import normalize
from .parse_roles import parse_budget
from .relations import relations
from .temporal import Timex, tag
from .text import masked, sentence_ranges, within
from .text_rules import HEADING, LONG_RUN_TEXT, SIMPLE_TOKEN, SURROGATE

REVIEWER = "helpers.extraction (rule-based, spaCy)"
LAYERS = ("actors", "events", "relations", "claims")

# --------------------------------------------------------------------------------------------
# spaCy


#: How far before the end of a string spaCy's tokenizer looks for a suffix (a closing bracket, a
#: quote, a full stop, a unit such as "km/h"; a run of full stops is a suffix of any length).
SUFFIX_WINDOW = 10


class TailSearch:
    """spaCy's suffix search on the end of a string only.

    The tokenizer strips suffixes one by one off a run without spaces and searched the whole run
    again for each (its 261 rules end in ``$``, and ``re`` tries them at every position): a run
    of n closing brackets took time growing with n cubed (10,000 characters: 39 s). Searching
    from ``len - WINDOW`` (``pos``: look-behinds still see the characters before it; a trailing
    run of full stops widens the window by its length) finds the same suffix in constant time.
    """

    def __init__(self, search, window: int = SUFFIX_WINDOW):
        self.search, self.window = search, window

    def __call__(self, string: str):
        dots = len(string) - len(string.rstrip("."))
        start = len(string) - self.window - dots
        return self.search(string) if start <= 0 else self.search(string, start)


class BoundedTokenizer:
    """spaCy's tokenizer, except on runs of more than :data:`~helpers.extract.text_rules.LONG_RUN` characters without a
    space: those are cut into words and single other characters (``\\w+|[^\\w\\s]``).

    spaCy strips a run's prefixes and suffixes one at a time, copying the rest of the run each
    time: thousands of brackets or quotes in a row took time growing with the square of their
    number. No sentence of news text has a thousand characters without a space; a pasted blob
    that does is still split where it has punctuation. The text, and so every offset, is the
    same: the pieces are tokenised apart and joined (``Doc.from_docs``)."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)

    def __call__(self, text: str):
        runs = list(LONG_RUN_TEXT.finditer(text))
        if not runs:
            return self.tokenizer(text)
        from spacy.tokens import Doc

        docs, at = [], 0
        for run in runs:
            if run.start() > at:
                docs.append(self.tokenizer(text[at : run.start()]))
            words = SIMPLE_TOKEN.findall(run.group(0))
            spaces = [False] * len(words)
            at = run.end()
            if text[at : at + 1] == " ":  # the space after the run trails its last token
                spaces[-1], at = True, at + 1
            docs.append(Doc(self.vocab, words=words, spaces=spaces))
        if at < len(text):
            docs.append(self.tokenizer(text[at:]))
        return Doc.from_docs(docs, ensure_whitespace=False)


@functools.lru_cache(maxsize=2)
def build_nlp(model: str | None = "en_core_web_sm"):
    """A spaCy pipeline: the trained ``model`` if it is installed, else a blank English one with a
    rule-based sentencizer. Nothing is downloaded. The gazetteer is added as an EntityRuler."""
    import spacy

    nlp = None
    if model:
        try:
            nlp = spacy.load(model, exclude=["lemmatizer"])
        except OSError:
            nlp = None
    if nlp is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000  # rule-based components only: long texts are fine
    nlp.tokenizer.suffix_search = TailSearch(nlp.tokenizer.suffix_search)
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    gaz = load_gazetteer()
    # Two phrase rulers (PhraseMatcher, ~10x faster than token patterns): names longer than three
    # characters match case-insensitively, abbreviations ("KH", "IS", "US") only as written.
    forms = sorted(gaz.surface_forms().items())
    before = "ner" if "ner" in nlp.pipe_names else None
    for name, attr, keep in PHRASE_RULERS:
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=name,
            before=before,
            config={"overwrite_ents": keep, "phrase_matcher_attr": attr},
        )
        ruler.add_patterns(
            [
                {"label": "ACTOR", "id": actor_id, "pattern": surface}
                for surface, actor_id in forms
                if (len(surface) > 3) == (attr == "LOWER")
            ]
        )
    return nlp


def has_trained_model() -> bool:
    return "ner" in build_nlp().pipe_names


# --------------------------------------------------------------------------------------------
# A document


def extract_document(doc: SourceDoc, nlp=None, gazetteer: Gazetteer | None = None) -> FactsFile:
    """Extract a validated facts file from one document."""
    if SURROGATE.search(doc.text):
        raise ValueError(
            f"{doc.id}: text holds lone surrogate code points (not Unicode text); decode files as "
            "UTF-8 (helpers.facts.loading.read_text does)"
        )
    nlp = nlp or build_nlp()
    gaz = gazetteer or load_gazetteer()
    norm = normalize(doc.text)
    state = DocState(doc=doc, norm=norm, gaz=gaz)
    text, _skipped = masked(norm.text)
    pub = doc.meta.published[:10]
    timexes = relative_timexes(text, tag(text, doc.meta.published, doc.meta.timezone))
    nlp_doc = nlp(text)
    mentions = find_actors(state, text, nlp_doc)
    with parse_budget():  # the dependency parser's reading of this document is bounded
        _read_sentences(state, text, nlp_doc, mentions, timexes, pub)
        merge_descriptions(state)
        add_victims_groups(state)
        refine_places(state)
        fold_undated(state)
        return _facts_file(state, pub)


def _read_sentences(
    state: DocState,
    text: str,
    nlp_doc,
    mentions: list[Mention],
    timexes: list[Timex],
    pub: str,
) -> None:
    """Each sentence through the layers (a headline, byline or letterhead is skipped: its facts
    are told in the body). A rule that cannot build a valid item leaves its sentence out, with a
    warning."""
    mention_starts = [m.start for m in mentions]
    timex_starts = [t.start for t in timexes]
    for s0, s1 in sentence_ranges(text, nlp_doc):
        sentence = text[s0:s1]
        if HEADING.fullmatch(sentence):
            continue  # a headline, byline or letterhead: its facts are told in the body
        span = state.span(s0, s1)
        state.sentences[(span.start, span.end)] = (s0, sentence)
        sent = Sentence(
            text=sentence,
            s0=s0,
            span=span,
            mentions=within(mentions, mention_starts, s0, s1),
            timexes=within(timexes, timex_starts, s0, s1),
            pub=pub,
        )
        state.claim_verb = None
        try:
            claim = _read_sentence(state, sent)
        except ValueError as exc:  # a rule that cannot build a valid item: say so, keep going
            warnings.warn(
                f"{state.doc.id}: sentence at {span.start}-{span.end} left out of the extraction: "
                f"{exc}",
                stacklevel=3,  # the caller of extract_document
            )
            continue
        if claim is not None:  # the claim is about the events its sentence reports or refers to
            about = [e.id for e in state.events[-RECENT:] if has_span(e.spans, span)]
            state.claims[-1] = claim.model_copy(update={"about": about})  # claims append it last


def _read_sentence(state: DocState, sent: Sentence) -> Claim | None:
    """The claim, relations and events of one sentence (the claim: the attributed one, else the
    source's own assertion, if any)."""
    claim = claim_of(state, sent)
    relations(state, sent, claim)
    events_of(state, sent, claim)
    if claim is None:
        claim = unattributed(state, sent)
    return claim


def _facts_file(state: DocState, pub: str) -> FactsFile:
    """The document's facts: events dated after publication (plans, deadlines) left out, the
    mentions of one event merged, each fact with its confidence."""
    kept_ids = {e.id for e in state.events if not future(e.when, pub)}
    state.events = [e for e in state.events if e.id in kept_ids]
    state.claims = [
        c.model_copy(update={"about": [a for a in c.about if a in kept_ids]})
        if any(a not in kept_ids for a in c.about)
        else c
        for c in state.claims
    ]
    actors = [
        a.model_copy(
            update={"aliases": sorted(state.actor_surfaces[a.id]), "spans": state.actor_spans[a.id]}
        )
        for a in sorted(state.actors.values(), key=lambda a: a.id)
    ]
    merged = merge_mentions(
        FactsFile(
            schema_version=1,
            reviewed_by=REVIEWER,
            review_status="machine-extracted",
            documents=[state.doc.id],
            actors=actors,
            events=state.events,
            relations=state.relations,
            claims=state.claims,
        )
    )
    return with_confidence(merged)


# --------------------------------------------------------------------------------------------
# Files

HEADER = (
    "# Machine-extracted by helpers.extraction: NOT reviewed by an analyst.\n"
    "# Every span quotes the source; statuses and roles are the extractor's reading.\n"
    "# To curate: copy this file into facts/, correct it, set review_status: analyst-reviewed.\n"
)


@functools.cache
def _facts_dumper():
    """A SafeDumper whose output loads back to the same strings. PyYAML writes a NEL (U+0085)
    as it is in plain and single-quoted scalars, and reads it back as a line break, so a quote
    holding one would no longer match its text: such strings are double-quoted (escaped)."""
    import yaml

    class FactsDumper(yaml.SafeDumper):
        pass

    def represent_str(dumper, value: str):
        style = '"' if "\x85" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    FactsDumper.add_representer(str, represent_str)
    return FactsDumper


def dump_facts(facts: FactsFile) -> str:
    import yaml

    data = facts.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": 1, **data}
    text = yaml.dump(data, Dumper=_facts_dumper(), sort_keys=False, allow_unicode=True, width=100)
    return HEADER + text


def extract_to(
    seeds_dir: Path | str | None,
    out_dir: Path | str,
    documents: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> list[Path]:
    """Extract every selected document not in ``skip`` into ``out_dir/<id>.facts.yaml``.

    Each file is written atomically and then loaded back through the same validation as a
    curated file (every quote checked against the text), so a bug in the extractor cannot
    produce a facts file the brief would accept silently.
    """
    from ..facts.loading import load_documents, load_facts, writable_directory

    docs = load_documents(Path(seeds_dir or config.SEEDS_DIR), documents)
    out = Path(out_dir)
    writable_directory(out, "output directory")
    out.mkdir(parents=True, exist_ok=True)
    skip = set(skip)
    nlp = build_nlp()
    written = []
    for doc in docs.values():
        if doc.id in skip:
            continue
        target = out / f"{doc.id}{config.FACTS_SUFFIX}"
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(dump_facts(extract_document(doc, nlp)), encoding="utf-8")
        os.replace(tmp, target)
        written.append(target)
    if written:
        load_facts([out], {d: docs[d] for d in docs if d not in skip})
    return written


def summary_table(written: list[Path], skipped: Iterable[str]):
    """What the extraction step wrote, one row per facts file, and the documents it skipped
    because an analyst-reviewed file covers them (a DataFrame, for the notebook)."""
    import pandas as pd
    import yaml

    rows = []
    for path in written:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows.append(
            {
                "document": ", ".join(data["documents"]),
                **{layer: len(data.get(layer, [])) for layer in LAYERS},
                "file": path.name,
            }
        )
    rows += [{"document": doc, "file": "(covered by reviewed facts)"} for doc in sorted(skipped)]
    return pd.DataFrame(rows, columns=["document", *LAYERS, "file"])
