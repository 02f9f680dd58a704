"""The estimative-language check of the analyst's key judgments (ICD 203).

Each sentence of a key judgment's statement and of its outlook is read with a blank English
spaCy pipeline (tokenizer and rule-based sentencizer, nothing trained, nothing downloaded) and
the patterns of :mod:`helpers.facts.estimative_rules`. A sentence gets a warning when it

- uses a vague probability word ("may", "could", "possibly", "perhaps", "probably" ...) and no
  term of the estimative scale (``vague``);
- mixes a likelihood term and a confidence term (``mixed``);
- says a likelihood other than the judgment's own (``likelihood-mismatch``, the statement only:
  an outlook may weigh other outcomes), or a confidence other than the judgment's
  (``confidence-mismatch``);

and a judgment gets one when its likelihood contradicts its confidence, e.g. "almost certain"
with low confidence (``contradiction``; from its fields or from the words of a sentence).

Warnings are advice, not errors: the loader accepts the file; ``brief validate`` and ``brief
check`` print them, the brief lists them in its methodology appendix, and ``brief check
--strict`` fails on them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import estimative_rules as rules
from .schema import KeyJudgment


@dataclass(frozen=True)
class EstimativeWarning:
    """One warning: the judgment, the field (``statement``, ``outlook.text``), the sentence, the
    rule broken and what is wrong; ``where`` is the file and line of the judgment, if known."""

    judgment: str
    field: str
    sentence: str
    rule: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return (
            f"{place}key judgment {self.judgment!r}: {self.field}: warning: {self.message}: "
            f'"{self.sentence}"'
        )


@dataclass(frozen=True)
class Term:
    """A matched term: ``kind`` is ``scale``, ``confidence`` or ``vague``; ``level`` the scale
    level or confidence level it says (``None`` for a vague word or a bare "confidence")."""

    kind: str
    level: str | None
    text: str


def _token(word: str | tuple) -> dict:
    if isinstance(word, tuple):
        return {"LOWER": {"IN": list(word)}}
    return {"ORTH": word} if word in rules.CASED else {"LOWER": word}


def _patterns() -> Iterator[tuple[str, list[list[dict]]]]:
    """``(label, patterns)`` for the Matcher: ``scale|<level>``, ``confidence|<level>``,
    ``vague|``."""
    for level, terms in rules.SCALE_TERMS.items():
        yield f"scale|{level}", [[_token(w) for w in term] for term in terms]
    for level, terms in rules.CONFIDENCE_TERMS.items():
        yield f"confidence|{level or ''}", [[_token(w) for w in term] for term in terms]
    yield "vague|", [[_token(w)] for w in rules.VAGUE_WORDS]


@functools.lru_cache(maxsize=1)
def _pipeline() -> tuple[Any, Any]:
    """A blank English pipeline with a sentencizer, and the Matcher of the rules (built once)."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = Matcher(nlp.vocab)
    for label, patterns in _patterns():
        matcher.add(label, patterns)
    return nlp, matcher


def sentences(text: str) -> list[tuple[str, list[Term]]]:
    """The sentences of ``text``, each with the terms it holds (longest match first, no overlap)."""
    from spacy.util import filter_spans

    nlp, matcher = _pipeline()
    doc = nlp(text)
    spans = []
    for match_id, start, end in matcher(doc):
        span = doc[start:end]
        span.label_ = nlp.vocab.strings[match_id]
        spans.append(span)
    kept = filter_spans(spans)
    out = []
    for sent in doc.sents:
        terms = []
        for s in kept:
            if sent.start <= s.start and s.end <= sent.end:
                kind, level = s.label_.split("|", 1)
                terms.append(Term(kind, level or None, s.text))
        out.append((sent.text.strip(), terms))
    return out


def _sentence_warnings(
    sentence: str, terms: list[Term], judgment: KeyJudgment, statement: bool
) -> Iterator[tuple[str, dict]]:
    """``(rule, fields for its message)`` of each rule one sentence breaks."""
    scale = [t for t in terms if t.kind == "scale"]
    confidence = [t for t in terms if t.kind == "confidence"]
    vague = [t for t in terms if t.kind == "vague"]
    if vague and not scale:
        yield "vague", {"term": vague[0].text}
    if scale and confidence:
        yield "mixed", {"term": scale[0].text, "confidence": confidence[0].text}
    for t in scale:
        if statement and t.level != judgment.likelihood:
            declared = repr(judgment.likelihood) if judgment.likelihood else "none"
            level = "" if t.text.lower() == t.level else f" (= {t.level})"
            yield "likelihood-mismatch", {"term": t.text, "level": level, "likelihood": declared}
    for t in confidence:
        if t.level and t.level != judgment.confidence:
            yield "confidence-mismatch", {"term": t.text, "confidence": judgment.confidence}
    contradiction = _contradiction(scale, confidence, judgment)
    if contradiction is not None:
        yield "contradiction", contradiction


def _contradiction(scale: list[Term], confidence: list[Term], judgment: KeyJudgment) -> dict | None:
    """A likelihood said in a sentence against a confidence said there or the judgment's own,
    or the judgment's own likelihood against a confidence said there, that
    :data:`~helpers.facts.estimative_rules.CONTRADICTIONS` lists (the first such pair)."""
    held = [t.level for t in confidence if t.level]
    pairs = [(t.text, t.level, c) for t in scale for c in [*held, judgment.confidence]]
    if judgment.likelihood:
        pairs += [(judgment.likelihood, judgment.likelihood, c) for c in held]
    for words, level, conf in pairs:
        if conf in rules.CONTRADICTIONS.get(level or "", ()):
            return {"likelihood": words, "confidence": conf}
    return None


def _texts(judgment: KeyJudgment) -> Iterator[tuple[str, str]]:
    yield "statement", judgment.statement
    if judgment.outlook is not None and judgment.outlook.text:
        yield "outlook.text", judgment.outlook.text


def check_judgment(judgment: KeyJudgment, where: str = "") -> list[EstimativeWarning]:
    """The warnings of one key judgment, in the order of its sentences (each rule once per
    sentence; a contradiction of its fields once, on its statement)."""
    found: list[EstimativeWarning] = []
    seen: set[tuple[str, str, str]] = set()

    def warn(field: str, sentence: str, rule: str, values: dict) -> None:
        if (field, sentence, rule) in seen:
            return
        seen.add((field, sentence, rule))
        message = rules.MESSAGES[rule].format(**values)
        found.append(EstimativeWarning(judgment.id, field, sentence, rule, message, where))

    contradicts = rules.CONTRADICTIONS.get(judgment.likelihood or "", frozenset())
    if judgment.confidence in contradicts:
        values = {"likelihood": judgment.likelihood, "confidence": judgment.confidence}
        warn("statement", judgment.statement.strip(), "contradiction", values)
    for field, text in _texts(judgment):
        for sentence, terms in sentences(text):
            for rule, values in _sentence_warnings(sentence, terms, judgment, field == "statement"):
                if rule == "contradiction" and any(w.rule == rule for w in found):
                    continue  # one contradiction per judgment
                warn(field, sentence, rule, values)
    return found


def check_judgments(
    judgments: Iterable[KeyJudgment], written_at: Mapping[str, str] | None = None
) -> list[EstimativeWarning]:
    """The warnings of every key judgment, in their order (``written_at``: judgment id ->
    ``file:line``, as :class:`helpers.facts.loading.Facts` records it)."""
    where = written_at or {}
    return [w for j in judgments for w in check_judgment(j, where.get(j.id, ""))]
