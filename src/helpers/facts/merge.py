"""One merge of per-document facts files into one :class:`~helpers.facts.loading.Facts`, and one
check that every id a fact refers to exists: what the YAML loader
(:func:`helpers.facts.loading.load_facts`) and the facts store
(:meth:`helpers.facts.store.FactsStore.corpus`) both do.

The rules: an actor described in several files (one per document) is one actor whose aliases and
spans are pooled (the first copy's order, then what each later copy adds), and its kind must
agree; any other id defined twice is an error; every id an item refers to must be defined in
some merged file. The problems are found here and worded by the caller (a :class:`Wording`): the
loader names a YAML file, line and field, the store names itself and the document.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, Protocol, TypeVar

from .schema import Actor, FactsFile, Span

if TYPE_CHECKING:
    from .loading import Facts

#: The sections of a facts file that hold items, in the order they are merged.
SECTIONS = ("actors", "events", "relations", "claims", "judgments", "gaps", "key_judgments")
#: The sections whose items cite spans (a key judgment is the analyst's own: it cites none).
CITING = SECTIONS[:-1]
#: The sections a key judgment's basis may name items of.
BASIS_SECTIONS = ("events", "claims", "gaps")

#: What a caller adds a facts file as, and gets back in :class:`Place`: a YAML document, an id.
Source = TypeVar("Source")


# --------------------------------------------------------------------------------------------
# References


class Reference(NamedTuple):
    """One id an item refers to: ``kind`` is ``actor``, ``event``, ``item`` (a gap may concern
    an item of any section) or ``basis item`` (an event, claim or gap a key judgment rests on); ``field`` is where the id stands inside the item, e.g.
    ``("outcomes", 0, "victims", 2)``."""

    section: str
    index: int
    item_id: str
    field: tuple
    kind: str
    refers_to: str

    @property
    def path(self) -> tuple:
        """Where the id stands in its facts file: ``("events", 3, "targets", 0)``."""
        return (self.section, self.index, *self.field)


#: The fields of each section's items that hold ids, with the kind of id they hold (besides an
#: event's outcomes' victims and links, which :func:`_item_references` walks into).
_ID_FIELDS = {
    "events": (("initiators", "actor"), ("targets", "actor"), ("asserted_by", "actor")),
    "relations": (("subject", "actor"), ("object", "actor"), ("event", "event")),
    "claims": (("speaker", "actor"), ("about", "event")),
    "judgments": (("holder", "actor"),),
    "gaps": (("about", "item"),),
    "key_judgments": (("basis", "basis item"),),
}


def _item_references(section: str, item: Any) -> list[tuple[str, tuple, str]]:
    """``(kind, field, id)`` of every id one item refers to, in the order of its fields."""
    found = []
    for name, kind in _ID_FIELDS[section]:
        value = getattr(item, name)
        if isinstance(value, list):
            found += [(kind, (name, i), ref) for i, ref in enumerate(value)]
        elif value is not None:
            found.append((kind, (name,), value))
    if section == "events":
        for j, outcome in enumerate(item.outcomes):
            found += [
                ("actor", ("outcomes", j, "victims", k), v) for k, v in enumerate(outcome.victims)
            ]
        found += [("event", ("links", j, "event"), link.event) for j, link in enumerate(item.links)]
    return found


def iter_references(facts: FactsFile) -> Iterator[Reference]:
    """Every id a facts file refers to, section by section, item by item."""
    return unknown_references(facts, None)


def unknown_references(
    facts: FactsFile, known: Mapping[str, Container[str]] | None
) -> Iterator[Reference]:
    """The references of ``facts`` to an id not in ``known[kind]``, in file order (every
    reference where ``known`` is ``None``)."""
    for section in _ID_FIELDS:  # actors refer to nothing
        for index, item in enumerate(getattr(facts, section)):
            for kind, at, ref in _item_references(section, item):
                if known is None or ref not in known[kind]:
                    yield Reference(section, index, item.id, at, kind, ref)


def defined_ids(facts: FactsFile) -> dict[str, set[str]]:
    """The ids one facts file defines, per reference kind (what it may refer to on its own)."""
    items = {item.id for section in SECTIONS for item in getattr(facts, section)}
    return {
        "actor": {a.id for a in facts.actors},
        "event": {e.id for e in facts.events},
        "item": items,
        "basis item": _basis_ids(facts),
    }


def _basis_ids(facts: FactsFile | Facts) -> set[str]:
    """The ids a key judgment's basis may name: events, claims and gaps."""
    return {item.id for section in BASIS_SECTIONS for item in getattr(facts, section)}


# --------------------------------------------------------------------------------------------
# Merging


class Place(NamedTuple, Generic[Source]):
    """Where the merge met an item: the facts file (``file``, its number in the order added, and
    ``source``, what the caller added it as) and the item's ``(section, index)`` in it."""

    file: int
    source: Source
    path: tuple[str, int]


class Wording(Protocol[Source]):
    """How a caller words each problem the merge finds, as the exception to raise."""

    def duplicate_id(self, item_id: str, here: Place[Source], there: Place[Source]) -> Exception:
        """``item_id`` at ``here`` was already defined at ``there``."""
        ...

    def kind_conflict(
        self, actor: Actor, first: Actor, here: Place[Source], there: Place[Source]
    ) -> Exception:
        """``actor`` at ``here`` is of another kind than ``first``, the copy at ``there``."""
        ...

    def unknown_reference(
        self, source: Source, ref: Reference, known: Collection[str]
    ) -> Exception:
        """``ref`` in the file added as ``source`` names no id of ``known``."""
        ...


#: Called with an item's ``(section, index)`` and the item once the merge has taken it.
ItemCheck = Callable[[tuple[str, int], Any], None]


@dataclass
class FactsMerge(Generic[Source]):
    """Merges facts files, one :meth:`add` at a time, into ``facts``; :meth:`finish` pools the
    actors met more than once and checks every reference. A problem raises what ``wording``
    makes of it."""

    facts: Facts
    wording: Wording[Source]
    _files: list[tuple[Source, FactsFile]] = field(default_factory=list)
    #: item id -> where it was last defined: (file number, section, index)
    _origin: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    _pooled: dict[str, tuple[dict[str, None], dict[Span, None]]] = field(default_factory=dict)

    def add(
        self, facts_file: FactsFile, source: Source, check_item: ItemCheck | None = None
    ) -> None:
        """Merge one facts file; ``check_item`` sees each item it takes (after its id is
        checked), a later copy of an actor included."""
        file = len(self._files)
        self._files.append((source, facts_file))
        for covered in facts_file.documents:
            self.facts.review_status[covered] = facts_file.review_status
        for section in SECTIONS:
            for index, item in enumerate(getattr(facts_file, section)):
                here = (file, section, index)
                if section == "actors" and self._is_later_copy(item, file):
                    self._pool_actor(item, here)
                else:
                    self._define(item.id, here)
                if check_item is not None:
                    check_item((section, index), item)
            if section == "actors":
                for actor in facts_file.actors:
                    self.facts.actors.setdefault(actor.id, actor)
            else:
                getattr(self.facts, section).extend(getattr(facts_file, section))

    def _place(self, at: tuple[int, str, int]) -> Place[Source]:
        """The :class:`Place` of ``(file number, section, index)``, for a problem's wording
        (built only then: the merge keeps plain tuples, one per item)."""
        file, section, index = at
        return Place(file, self._files[file][0], (section, index))

    def _is_later_copy(self, actor: Actor, file: int) -> bool:
        """Whether ``actor`` repeats an actor that an earlier file defined."""
        return actor.id in self.facts.actors and self._origin[actor.id][0] != file

    def _define(self, item_id: str, here: tuple[int, str, int]) -> None:
        there = self._origin.get(item_id)
        if there is not None:
            raise self.wording.duplicate_id(item_id, self._place(here), self._place(there))
        self._origin[item_id] = here

    def _pool_actor(self, actor: Actor, here: tuple[int, str, int]) -> None:
        """Pool a later copy's aliases and spans into the actor (the merged actors are built once,
        in :meth:`finish`: merging copy by copy would be quadratic)."""
        first = self.facts.actors[actor.id]
        if first.kind != actor.kind:
            there = self._place(self._origin[actor.id])
            raise self.wording.kind_conflict(actor, first, self._place(here), there)
        aliases, spans = self._pooled.setdefault(
            actor.id, (dict.fromkeys(first.aliases), dict.fromkeys(first.spans))
        )
        aliases.update(dict.fromkeys(actor.aliases))
        spans.update(dict.fromkeys(actor.spans))
        self._origin[actor.id] = here  # a second copy in this same file is a duplicate

    def finish(self) -> Facts:
        """The merged facts, once every reference of every added file is known to exist."""
        actors = self.facts.actors
        for actor_id, (aliases, spans) in self._pooled.items():
            actors[actor_id] = actors[actor_id].model_copy(
                update={"aliases": list(aliases), "spans": list(spans)}
            )
        self._pooled.clear()
        known = {
            "actor": actors,
            "event": {e.id for e in self.facts.events},
            "item": self._origin,
            "basis item": _basis_ids(self.facts),
        }
        for source, facts_file in self._files:
            for ref in unknown_references(facts_file, known):
                raise self.wording.unknown_reference(source, ref, known[ref.kind])
        return self.facts
