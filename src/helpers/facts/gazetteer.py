"""The actor gazetteer: a maintained list of the region's actors, their names and codes.

The data lives in ``helpers/data/gazetteer.yaml`` (one entry per actor: canonical name, kind,
country, aliases, affiliations, designations, ACLED actor type, CAMEO code). This module loads
and validates it, generates spelling variants of every name and finds actor names in text::

    gaz = load_gazetteer()
    gaz.lookup("Kataib Hizballah")        # 'kh'
    gaz.find("Kata’ib Hezbollah and Hezbollah of Lebanon")
    # [(0, 17, 'Kata’ib Hezbollah', 'kh'), (22, 42, 'Hezbollah of Lebanon', 'hezbollah')]

**Variants.** The data file lists each name once; :func:`variants` generates the spellings news
text uses for it: apostrophes (``’ ' ` ʼ``, none, or a hyphen: Kata’ib / Kata'ib / Kataib /
Kata-ib), hyphen or space (al-Saadi / al Saadi), en/em dash or hyphen, dotted or plain
initialisms (U.S. / US, U.N. / UN) and the usual transliterations of Arabic and Persian name
parts (:data:`TRANSLITERATIONS`: Hezbollah / Hizballah / Hizbollah / Hizbullah / Hizbu'llah;
Kata'ib / Kataib / Kataeb; al- / el-; Qassem / Qasim; Muhammad / Mohammed ...). Generation is
bounded (at most :data:`MAX_VARIANTS` per name, the fewest changes first) and deterministic.

**Matching.** Apostrophe-like characters and dashes are folded before matching, so a form found
with one apostrophe is found with any. :meth:`Gazetteer.lookup` is exact first, then
case-insensitive for forms longer than three characters (``KH``, ``IS``, ``US``, ``PMF`` stay
case-sensitive). :meth:`Gazetteer.find` matches whole words, longest match first, so
"Kata’ib Hezbollah" is Kata'ib Hezbollah and never the Lebanese Hezbollah. A form claimed by two
actors (declared under ``ambiguous:`` in the data file) resolves to no actor.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from .loading import InputError, YamlDoc, listed, read_yaml, validate_model
from .schema import ActorKind, Id, Model, NonEmpty

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "gazetteer.yaml"
#: Every country's government and armed forces, generated (scripts/build_countries.py); merged
#: into the default gazetteer, the hand-written entries winning.
COUNTRIES_PATH = DEFAULT_PATH.parent / "countries.yaml"

#: At most this many spellings are generated per name (the original and the fewest changes).
MAX_VARIANTS = 64
#: Forms of at most this many characters are matched case-sensitively only (KH, IS, US, PMF).
CASE_SENSITIVE_MAX = 3

AffiliationRelation = Literal["member-of", "part-of", "backed-by", "leads", "commands"]

#: Equivalent spellings of one name part (compared without apostrophes, case-insensitively).
TRANSLITERATIONS: tuple[tuple[str, ...], ...] = (
    ("Hezbollah", "Hizballah", "Hizbollah", "Hizbullah", "Hizbu'llah"),
    ("Kata'ib", "Kataib", "Kataeb"),
    ("al", "el"),  # only as a prefix: al-Saadi / el-Saadi
    ("Muhammad", "Mohammed", "Mohammad", "Muhammed", "Mohamed"),
    ("Qassem", "Qasim", "Qassim", "Qasem"),
    ("Saadi", "Sa'adi"),
    ("Baqir", "Baqer"),
    ("Hassan", "Hasan"),
    ("Sayyid", "Sayyed", "Sayed"),
    ("Shuhada", "Shuhadaa"),
    ("Nujaba", "Nujabaa"),
    ("Haq", "Haqq"),
    ("Shaabi", "Sha'abi"),
    ("Shia", "Shi'a"),
    ("Qais", "Qays"),
    ("Kaabi", "Ka'bi"),
    ("Quds", "Qods"),
    ("Esmail", "Ismail"),
    ("Soleimani", "Suleimani", "Sulaimani"),
    ("Houthi", "Huthi"),
    ("Houthis", "Huthis"),
    ("Mobilization", "Mobilisation"),
    ("Organization", "Organisation"),
    ("Defense", "Defence"),
)
#: Plain initialisms that are also written with dots (US / U.S.).
DOTTABLE = frozenset({"US", "UK", "UN", "EU"})

_APOSTROPHES = "'’`ʼ"  # the ones variants are generated with; the first is the canonical one
_APOSTROPHE_LIKE = "'’‘`´ʼʹ′"  # folded to ' before matching
_DASHES = "‐‑‒–—"  # folded to - before matching
_FOLD = str.maketrans(
    {
        **{c: "'" for c in _APOSTROPHE_LIKE},
        **{c: "-" for c in _DASHES},
        **{c: " " for c in "\t\n\r\f\v\u00a0\u2007\u202f"},
    }
)

_TOKEN = re.compile(
    r"(?P<dots>(?<![\w.])(?:[A-Z]\.){2,}(?!\w))"  # U.S.
    r"|(?P<word>[^\W\d_](?:[\w'’`ʼ]*\w)?)"  # Kata'ib, Hizbu'llah
    r"|(?P<hyphen>(?<=\w)-(?=\w))"  # al-Saadi
    r"|(?P<dash>[–—])"
)


def _key(token: str) -> str:
    return "".join(c for c in token if c not in _APOSTROPHE_LIKE).lower()


_CLASSES: dict[str, tuple[str, ...]] = {}
for _group in TRANSLITERATIONS:
    for _spelling in _group:
        if _CLASSES.setdefault(_key(_spelling), _group) is not _group:
            raise ValueError(f"{_spelling!r} is in two transliteration groups")


def _like(template: str, word: str) -> str:
    """``word`` in the letter case of ``template`` (lower, UPPER or Capitalised)."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


def _slots(name: str) -> list[str | list[str]]:
    """``name`` cut into fixed text and slots (lists of spellings, the original first)."""
    parts: list[str | list[str]] = []
    at = 0
    for m in _TOKEN.finditer(name):
        parts.append(name[at : m.start()])
        at = m.end()
        text = m.group()
        options = [text]
        if m.lastgroup == "dots":
            options.append(text.replace(".", ""))
        elif m.lastgroup == "hyphen":
            options.append(" ")
        elif m.lastgroup == "dash":
            options.append("-")
        elif text in DOTTABLE:
            options.append(".".join(text) + ".")
        else:
            group = _CLASSES.get(_key(text))
            if group and (_key(text) not in ("al", "el") or name[m.end() : m.end() + 1] == "-"):
                options += [_like(text, g) for g in group if _key(g) != _key(text)]
                options += [_like(text, g) for g in group if _key(g) == _key(text)]
        parts.append(list(dict.fromkeys(options)))
    parts.append(name[at:])
    return [p for p in parts if p != ""]


def _apostrophe_styles(text: str) -> list[str]:
    """Every apostrophe in ``text`` written one way: ' ’ ` ʼ, none, or (inside a word) -."""
    if not any(c in _APOSTROPHES for c in text):
        return [text]
    inside = all(  # Kata-ib, but not Iraq-s
        0 < i < len(text) - 1
        and text[i - 1].isalpha()
        and text[i + 1].isalpha()
        and not re.match(r"s\b", text[i + 1 :])
        for i, c in enumerate(text)
        if c in _APOSTROPHES
    )
    out = [text]
    for style in (*_APOSTROPHES, "", *(["-"] if inside else [])):
        out.append("".join(style if c in _APOSTROPHES else c for c in text))
    return list(dict.fromkeys(out))


@functools.lru_cache(maxsize=4096)
def variants(name: str, limit: int = MAX_VARIANTS) -> tuple[str, ...]:
    """Spelling variants of ``name`` (itself included), sorted; at most ``limit``.

    Variants are generated in order of how many parts they change (every combination of one
    change, then of two ...), and the ``limit`` with the fewest changes are kept, so the cap
    drops the least likely spellings first.
    """
    parts = _slots(name)
    slots = [i for i, p in enumerate(parts) if isinstance(p, list) and len(p) > 1]
    cost: dict[str, int] = {}

    def spell(choice: dict[int, str], base: int) -> None:
        text = "".join(
            choice.get(i, p if isinstance(p, str) else p[0]) for i, p in enumerate(parts)
        )
        for j, styled in enumerate(_apostrophe_styles(text)):
            c = base + (j > 0)
            if c < cost.get(styled, 1 << 30):
                cost[styled] = c

    for changes in range(len(slots) + 1):
        for chosen in itertools.combinations(slots, changes):
            alternatives = [parts[i][1:] for i in chosen]  # type: ignore[index]
            for picks in itertools.product(*alternatives):
                spell(dict(zip(chosen, picks, strict=True)), changes)
        if len(cost) >= limit:
            break
    kept = sorted(cost, key=lambda v: (cost[v], v))[:limit]
    return tuple(sorted(kept))


def fold(text: str) -> str:
    """Fold apostrophe-like characters to ``'``, dashes to ``-`` and blanks to a space.

    Every character maps to exactly one character, so offsets into the folded text are offsets
    into the original.
    """
    return text.translate(_FOLD)


def _lower(text: str) -> str:
    """Lower case, one character for one (offsets are kept)."""
    lowered = text.lower()
    if len(lowered) == len(text):  # no character expanded (lower() never shrinks one)
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _first_run(text: str, start: int = 0) -> str:
    """The run of word characters at ``start``."""
    end = start
    while end < len(text) and _is_word(text[end]):
        end += 1
    return text[start:end]


# --------------------------------------------------------------------------------------------
# The data model


PartialDate = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


def _check_date(value: str | None) -> str | None:
    if value is not None:
        fmt = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}[len(value)]
        try:
            dt.datetime.strptime(value, fmt)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date ({exc})") from None
    return value


class Affiliation(Model):
    """``relation`` reads from the entry to ``id``: ``kh`` *part-of* ``pmf``."""

    id: Id
    relation: AffiliationRelation


class Designation(Model):
    """A public designation of the entry by another entry (``by``), e.g. an FTO listing."""

    by: Id
    label: NonEmpty


class GazetteerActor(Model):
    id: Id
    name: NonEmpty
    kind: ActorKind
    country: NonEmpty | None
    aliases: list[NonEmpty] = []
    affiliations: list[Affiliation] = []
    designations: list[Designation] = []
    #: ACLED actor type: 1 state forces, 2 rebels, 3 political militias, 4 identity militias,
    #: 5 rioters, 6 protesters, 7 civilians, 8 external/other forces; None where it does not apply.
    acled_inter: Annotated[int, Field(ge=1, le=8)] | None
    #: CAMEO actor code (country + role codes, e.g. USAMIL); None where there is none.
    cameo: Annotated[str, Field(pattern=r"^(?:[A-Z]{3})+$")] | None
    note: NonEmpty | None = None
    #: generated country entries: the adjective of the country ("Malian") and its main zone
    demonym: NonEmpty | None = None
    zone: NonEmpty | None = None
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None

    @field_validator("name", "aliases")
    @classmethod
    def _names_are_trimmed(cls, value):
        for name in [value] if isinstance(value, str) else value:
            if name != " ".join(name.split()):
                raise ValueError(f"{name!r} has leading, trailing or repeated blanks")
            if not _is_word(name[0]):
                raise ValueError(f"{name!r} must start with a letter or a digit")
        return value

    @field_validator("valid_from", "valid_to")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        return _check_date(value)

    @model_validator(mode="after")
    def _ordered(self) -> GazetteerActor:
        lo, hi = self.valid_from, self.valid_to
        if lo and hi and lo[: min(len(lo), len(hi))] > hi[: min(len(lo), len(hi))]:
            raise ValueError(f"valid_from {lo} is after valid_to {hi}")
        return self

    @property
    def names(self) -> list[str]:
        """The canonical name, then the aliases."""
        return [self.name, *self.aliases]


class AmbiguousForm(Model):
    """A name two or more actors go by; it resolves to none of them."""

    form: NonEmpty
    actors: list[Id] = Field(min_length=2)
    reason: NonEmpty


class GazetteerFile(Model):
    schema_version: Literal[1]
    actors: list[GazetteerActor] = Field(min_length=1)
    ambiguous: list[AmbiguousForm] = []


# --------------------------------------------------------------------------------------------
# The gazetteer

_AMBIGUOUS = None  # marks a form claimed by several actors in the match indexes


@dataclass
class Gazetteer:
    """Validated actors, every form of their names, and lookup/find over them.

    Built by :func:`load_gazetteer`, which caches it: treat it as read-only.
    """

    actors: dict[str, GazetteerActor]
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # form -> actor ids
    path: Path | None = None
    _forms: dict[str, str] = field(default_factory=dict, repr=False)
    _exact: dict[str, str | None] = field(default_factory=dict, repr=False)
    _folded: dict[str, str | None] = field(default_factory=dict, repr=False)
    _upper: set[str] = field(default_factory=set, repr=False)
    _starts: dict[str, list[str]] = field(default_factory=dict, repr=False)
    #: "Malian" -> the id of Mali's armed forces: who "a Malian strike" names
    demonyms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls, actors: dict[str, GazetteerActor], ambiguous: dict[str, list[str]], path=None
    ) -> Gazetteer:
        """Index ``actors``; forms in ``ambiguous`` (already checked) resolve to no actor."""
        owners: dict[str, set[str]] = {}
        for actor in actors.values():
            for name in actor.names:
                for form in variants(name):
                    owners.setdefault(form, set()).add(actor.id)
        gaz = cls(actors=actors, path=path)
        for form, ids in sorted(owners.items()):
            if len(ids) > 1 or form in ambiguous:
                gaz.ambiguous[form] = sorted(ids | set(ambiguous.get(form, ())))
            else:
                gaz._forms[form] = next(iter(ids))
        for form in sorted(gaz.ambiguous):
            gaz._index(form, _AMBIGUOUS)
        for form, actor_id in gaz._forms.items():
            gaz._index(form, actor_id)
        for key, forms in gaz._starts.items():
            gaz._starts[key] = sorted(set(forms), key=lambda f: (-len(f), f))
        return gaz

    def _index(self, form: str, actor_id: str | None) -> None:
        exact = fold(form)
        if self._exact.get(exact, actor_id) != actor_id:
            actor_id = _AMBIGUOUS
        self._exact[exact] = actor_id
        lowered = _lower(exact)
        if len(exact) > CASE_SENSITIVE_MAX:
            if self._folded.get(lowered, actor_id) != actor_id:
                actor_id = _AMBIGUOUS
            self._folded[lowered] = actor_id
            if lowered != exact:
                self._upper.add(lowered)
        self._starts.setdefault(_first_run(lowered), []).append(lowered)

    def surface_forms(self) -> dict[str, str]:
        """Every name, alias and generated variant -> actor id (ambiguous forms left out)."""
        return dict(self._forms)

    def lookup(self, surface: str) -> str | None:
        """The actor a name denotes: exact, then with apostrophes, dashes and blanks folded, then
        case-insensitively for forms longer than three characters; None if unknown or ambiguous.
        """
        text = " ".join(surface.split())
        if text in self._forms:
            return self._forms[text]
        folded = fold(text)
        if folded in self._exact:
            return self._exact[folded]
        if len(folded) > CASE_SENSITIVE_MAX:
            return self._folded.get(_lower(folded))
        return None

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """Actor names in ``text``: ``(start, end, surface, actor_id)``, in text order.

        Whole words only; overlapping candidates are resolved longest first (then leftmost), so
        "U.S. Central Command" is CENTCOM, not the United States. Forms of up to three characters
        match in their exact case; longer forms match in any case except all-lowercase text for
        a capitalised name ("turkey" is not Turkey, "TURKEY" is). A form claimed by several
        actors still takes its place in the text but is not reported.
        """
        folded = fold(text)
        lowered = _lower(folded)
        n = len(text)
        candidates: list[tuple[int, int, str | None]] = []
        for start in range(n):
            if not _is_word(lowered[start]) or (start and _is_word(lowered[start - 1])):
                continue
            for form in self._starts.get(_first_run(lowered, start), ()):
                end = start + len(form)
                if not lowered.startswith(form, start) or (end < n and _is_word(lowered[end])):
                    continue
                piece = folded[start:end]
                if piece in self._exact:
                    candidates.append((start, end, self._exact[piece]))
                elif (
                    len(form) > CASE_SENSITIVE_MAX
                    and form in self._folded
                    and not (form in self._upper and piece == _lower(piece))
                ):
                    candidates.append((start, end, self._folded[form]))
        taken = [False] * n
        found: list[tuple[int, int, str, str]] = []
        for start, end, actor_id in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            if actor_id is not None:
                found.append((start, end, text[start:end], actor_id))
        return sorted(found)


# --------------------------------------------------------------------------------------------
# Loading


def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """Load and validate a gazetteer file (default: the packaged ``data/gazetteer.yaml``).

    Cached per file (and its modification time). Every problem is an :class:`InputError` that
    names the file, the line and the field.
    """
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        stat = path.stat()
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from None
    return _load(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load(path: str, _mtime_ns: int, _size: int) -> Gazetteer:
    doc = read_yaml(Path(path))
    data: GazetteerFile = validate_model(GazetteerFile, doc)
    actors = _check_actors(doc, data)
    ambiguous = _check_ambiguous(doc, data, actors)
    demonyms: dict[str, str] = {}
    if Path(path) == DEFAULT_PATH and COUNTRIES_PATH.is_file():
        actors, demonyms = with_countries(actors, ambiguous, _read_countries())
    gaz = Gazetteer.build(actors, ambiguous, Path(path))
    gaz.demonyms = demonyms
    return gaz


def _read_countries() -> list[GazetteerActor]:
    doc = read_yaml(COUNTRIES_PATH)
    return validate_model(GazetteerFile, doc).actors


def _forms(name: str) -> set[str]:
    return {_lower(fold(form)) for form in variants(name)}


def with_countries(
    actors: dict[str, GazetteerActor],
    ambiguous: dict[str, list[str]],
    generated: list[GazetteerActor],
) -> tuple[dict[str, GazetteerActor], dict[str, str]]:
    """``actors`` with the generated country entries merged in, and the demonym table.

    A hand-written government (or state) or armed force of a country takes the generated
    entry's place and gains the generated names nobody else goes by; a generated name that a
    hand-written actor (or an ambiguous form) already uses is left out, and so is an entry whose
    own name is taken.
    """
    taken = {f for a in actors.values() for n in a.names for f in _forms(n)}
    taken |= {_lower(fold(f)) for f in ambiguous}
    merged = dict(actors)
    replaced: dict[str, str] = {}  # generated id -> the hand-written id standing for it
    demonyms: dict[str, str] = {}
    for entry in generated:
        hand = _hand_counterpart(actors, entry)
        names = [n for n in entry.names if not _forms(n) & taken]
        taken |= {f for n in names for f in _forms(n)}
        if hand is not None:
            replaced[entry.id] = hand.id
            extra = [n for n in names if n != entry.name]
            merged[hand.id] = merged[hand.id].model_copy(
                update={"aliases": [*merged[hand.id].aliases, *extra]}
            )
        elif entry.name in names:
            merged[entry.id] = entry.model_copy(update={"aliases": names[1:]})
        else:
            continue
        if entry.demonym and entry.kind == "military":
            demonyms.setdefault(entry.demonym, replaced.get(entry.id, entry.id))
    for actor_id, actor in list(merged.items()):
        if actor_id in actors:
            continue
        affiliations = [
            a.model_copy(update={"id": replaced.get(a.id, a.id)})
            for a in actor.affiliations
            if replaced.get(a.id, a.id) in merged
        ]
        merged[actor_id] = actor.model_copy(update={"affiliations": affiliations})
    return merged, demonyms


#: The kinds of a hand-written entry that stand for a generated country entry of a kind.
_STANDS_FOR = {"government": ("government", "state"), "military": ("military",)}


def _hand_counterpart(
    actors: dict[str, GazetteerActor], entry: GazetteerActor
) -> GazetteerActor | None:
    """The hand-written actor that stands for a generated entry: one of its kinds, of its
    country, and going by one of its names (so a country's military intelligence service, also
    'military' of that country, is not taken for its armed forces)."""
    kinds = _STANDS_FOR.get(entry.kind, (entry.kind,))
    country = (entry.country or "").lower()
    generated = {f for n in entry.names for f in _forms(n)}
    for kind in kinds:  # a government before a state
        for actor in actors.values():
            if actor.kind != kind or (actor.country or "").lower() != country:
                continue
            if any(_forms(n) & generated for n in actor.names) or _national_forces(actor, entry):
                return actor
    return None


def _national_forces(actor: GazetteerActor, entry: GazetteerActor) -> bool:
    """A hand-written country's forces ("U.S. forces", "Israel Defense Forces"), not one of its
    services: named as forces, troops or army."""
    short = [re.findall(r"[A-Za-z]+", n.lower()) for n in actor.names]
    return entry.kind == "military" and any(
        w and len(w) <= 3 and w[-1] in {"forces", "troops", "army"} for w in short
    )


def _check_actors(doc: YamlDoc, data: GazetteerFile) -> dict[str, GazetteerActor]:
    actors: dict[str, GazetteerActor] = {}
    where: dict[str, int] = {}
    for i, actor in enumerate(data.actors):
        if actor.id in actors:
            line = doc.line(("actors", where[actor.id], "id"))
            raise doc.error(("actors", i, "id"), f"duplicate id {actor.id!r} (also at line {line})")
        actors[actor.id] = actor
        where[actor.id] = i

    def need(ref: str, path: tuple, owner: str) -> None:
        if ref == owner:
            raise doc.error(path, f"{owner!r} refers to itself")
        if ref not in actors:
            raise doc.error(
                path, f"unknown actor id {ref!r}; known ids: {listed(sorted(actors), 'ids')}"
            )

    for i, actor in enumerate(data.actors):
        for j, aff in enumerate(actor.affiliations):
            need(aff.id, ("actors", i, "affiliations", j, "id"), actor.id)
        for j, des in enumerate(actor.designations):
            need(des.by, ("actors", i, "designations", j, "by"), actor.id)
        seen: dict[str, str] = {}  # every form of this actor's earlier names -> that name
        for j, name in enumerate(actor.names):
            path = ("actors", i, "name") if j == 0 else ("actors", i, "aliases", j - 1)
            lowered = _lower(fold(name))
            if name in seen or (len(name) > CASE_SENSITIVE_MAX and lowered in seen):
                origin = seen.get(name) or seen[lowered]
                how = "listed twice" if origin == name else f"generated from {origin!r}"
                raise doc.error(path, f"redundant alias {name!r}: {how}; drop it")
            for form in variants(name):
                seen.setdefault(form, name)
                if len(form) > CASE_SENSITIVE_MAX:
                    seen.setdefault(_lower(fold(form)), name)
    return actors


def _check_ambiguous(
    doc: YamlDoc, data: GazetteerFile, actors: dict[str, GazetteerActor]
) -> dict[str, list[str]]:
    """Every form two actors share must be declared under ``ambiguous:``, and every declared
    form must be a name of each actor it lists. Returns the declared forms and variants."""
    declared: dict[str, set[str]] = {}
    for k, amb in enumerate(data.ambiguous):
        for m, actor_id in enumerate(amb.actors):
            if actor_id not in actors:
                known = listed(sorted(actors), "ids")
                raise doc.error(
                    ("ambiguous", k, "actors", m),
                    f"unknown actor id {actor_id!r}; known ids: {known}",
                )
            forms = {fold(f) for name in actors[actor_id].names for f in variants(name)}
            if fold(amb.form) not in forms:
                raise doc.error(
                    ("ambiguous", k, "form"),
                    f"{amb.form!r} is not a name or alias of {actor_id!r}; add it there or drop "
                    "this declaration",
                )
        for form in variants(amb.form):
            declared.setdefault(fold(form), set()).update(amb.actors)

    owner: dict[str, tuple[str, tuple, str]] = {}  # form -> (actor id, path, name it came from)
    for i, actor in enumerate(data.actors):
        for j, name in enumerate(actor.names):
            path = ("actors", i, "name") if j == 0 else ("actors", i, "aliases", j - 1)
            for form in variants(name):
                other = owner.setdefault(form, (actor.id, path, name))
                if other[0] == actor.id:
                    continue
                if {actor.id, other[0]} <= declared.get(fold(form), set()):
                    continue
                how = "" if form == name else f" (a variant of {name!r})"
                raise doc.error(
                    path,
                    f"{form!r}{how} is also a name of {other[0]!r} (line {doc.line(other[1])}: "
                    f"{other[2]!r}); list it under 'ambiguous:' with a reason, or drop one",
                )
    result: dict[str, list[str]] = {}
    for form in owner:
        ids = declared.get(fold(form))
        if ids is not None:
            result[form] = sorted(ids)
    return result
