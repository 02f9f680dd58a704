"""The estimative-language rules as data (ICD 203): the words of each level of the likelihood
scale, the words of confidence, the vague probability words, and which likelihood contradicts
which confidence. :mod:`helpers.facts.estimative` turns them into spaCy ``Matcher`` patterns and
applies them; there is no control flow here.

A pattern is a sequence of tokens, each a lower-case word or a tuple of alternatives; a word
written in upper case in :data:`CASED` is matched with its case (``may`` the verb, not ``May``
the month).
"""

from __future__ import annotations

#: Each level of the scale (the values of ``KeyJudgment.likelihood``) and the words that say it.
#: ICD 203 gives a synonym per level; "probable"/"probably" (its synonym of "likely") is counted
#: among the vague words instead, so that a judgment says "likely" itself.
SCALE_TERMS: dict[str, tuple[tuple, ...]] = {
    "almost no chance": (
        ("almost", "no", "chance"),
        ("remote", ("chance", "possibility", "prospect", "likelihood")),
        ("remotely",),
    ),
    "very unlikely": (
        ("very", "unlikely"),
        ("highly", "unlikely"),
        ("highly", "improbable"),
    ),
    "unlikely": (("unlikely",), ("improbable",), ("improbably",)),
    "roughly even chance": (
        ("roughly", "even", ("chance", "chances", "odds")),
        ("even", ("chance", "chances", "odds")),
    ),
    "likely": (("likely",),),
    "very likely": (("very", "likely"), ("highly", "likely"), ("highly", "probable")),
    "almost certain": ((("almost", "nearly", "virtually"), ("certain", "certainly")),),
}

#: Each confidence level (the values of ``KeyJudgment.confidence``) and the words that say it;
#: ``None``: a confidence word without a level ("we are confident").
CONFIDENCE_TERMS: dict[str | None, tuple[tuple, ...]] = {
    "low": (("low", "confidence"), ("low", "-", "confidence"), ("little", "confidence")),
    "moderate": (
        (("moderate", "medium"), "confidence"),
        (("moderate", "medium"), "-", "confidence"),
    ),
    "high": (("high", "confidence"), ("high", "-", "confidence"), ("highly", "confident")),
    None: (("confidence",), ("confident",), ("confidently",)),
}

#: Probability words that give no level of the scale: a sentence holding one and no scale term
#: leaves the reader to guess how likely the analyst thinks it is.
VAGUE_WORDS: tuple[str, ...] = (
    "may",
    "might",
    "could",
    "possibly",
    "possible",
    "perhaps",
    "maybe",
    "probably",
    "probable",
    "conceivably",
)
#: Words matched only as written: "may" the modal verb, never "May" the month (a sentence that
#: opens with the verb is rare in a judgment; a month is common).
CASED: frozenset[str] = frozenset({"may"})

#: A likelihood that the analyst's confidence contradicts: near-certainty either way cannot rest
#: on evidence the analyst has low confidence in.
CONTRADICTIONS: dict[str, frozenset[str]] = {
    "almost no chance": frozenset({"low"}),
    "almost certain": frozenset({"low"}),
}

#: What each rule's warning says (``{term}``, ``{level}``, ``{likelihood}``, ``{confidence}``
#: are filled in by the check).
MESSAGES: dict[str, str] = {
    "vague": "vague probability word {term!r} without a term of the estimative scale "
    "(almost no chance ... almost certain): say how likely",
    "mixed": "a likelihood term ({term!r}) and a confidence term ({confidence!r}) in one "
    "sentence: state the confidence apart (ICD 203)",
    "contradiction": "likelihood {likelihood!r} contradicts {confidence} confidence: a "
    "near-certainty cannot rest on evidence held with low confidence",
    "likelihood-mismatch": "the sentence says {term!r}{level} but the judgment's likelihood is "
    "{likelihood}",
    "confidence-mismatch": "the sentence says {term!r} but the judgment's confidence is "
    "{confidence}",
}
