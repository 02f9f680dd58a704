"""The bad-input matrix: one row per way an input can be wrong.

Every row breaks a private copy of ``seeds/`` and ``facts/`` (or passes a bad parameter, or a bad
output directory, or fills the disk), runs what a user runs (``brief render`` through
``helpers.cli.main``, or ``helpers.render`` for what the command line cannot express) into an
output directory that already holds a good brief, and asserts

* the exact message on stderr (file, line, field, what is wrong, what is valid) and exit status,
* that every file of the previous brief is byte-identical afterwards, that nothing was added
  (no ``.brief-tmp-*`` directory, no ``failed/``), and nothing stray was left anywhere.

Rows that fail on input never start a kernel and cost milliseconds; only the two disk-full rows
execute the notebook (``--format html``: the PDF is not the point here).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FACTS_NAME, SEED_ID, line_of, replace_in

from helpers import PARAMETERS, config, render
from helpers.cli import main

pytestmark = pytest.mark.execution  # the module fixture renders the previous brief once

RENDER_FAILED = "render failed, previous brief left in place: "
IDS = (
    "anti-is-coalition, biden, centcom, iran, iran-backed-militants, iraq-gov, "
    "iraq-war-coalition, islamic-state, kh, kh-gaza-allies, kh-leader, us-forces, us-gov"
)
PARAMETER_NAMES = ", ".join(PARAMETERS)  # the parameter table grows; the message lists it
EVENT_FIELDS = (
    "id, kind, summary, when, location, initiators, targets, outcomes, status, asserted_by, "
    "hedge, lead, background, links, spans, confidence, confidence_basis, review"
)
DATE_RANGE = "dates must lie between 0002-01-01 and 9998-12-31"


@dataclass
class Env:
    """The private inputs a row may break, and where the previous brief is."""

    tmp: Path
    seeds: Path
    facts: Path
    out: Path  # holds a copy of the previous good brief
    monkeypatch: pytest.MonkeyPatch

    @property
    def facts_file(self) -> Path:
        return self.facts / FACTS_NAME

    @property
    def sidecar(self) -> Path:
        return self.seeds / f"{SEED_ID}.meta.yaml"

    @property
    def text(self) -> Path:
        return self.seeds / f"{SEED_ID}.txt"


#: Breaks the private inputs; returns the extra ``brief render`` arguments (or, as a dict, the
#: parameters for ``helpers.render``) and the exact message expected.
Setup = Callable[[Env], tuple[list[str] | dict, str]]


@dataclass(frozen=True)
class Row:
    id: str
    how: str  # what is broken, in words
    setup: Setup
    code: int | str  # exit status, or the exception raised by helpers.render


def facts_edit(old: str, new: str, expected: Callable[[Env, int], str]):
    """Replace ``old`` by ``new`` in the facts file; ``expected(env, line_of_old)``."""

    def setup(env: Env):
        line = replace_in(env.facts_file, old, new)
        return [], expected(env, line)

    return setup


def fact_error(line_offset: int, field: str, message: str):
    """``<facts file>:<line of the edit + line_offset>: <field>: <message>``."""
    where = f"{field}: " if field else ""
    return lambda env, line: f"{env.facts_file}:{line + line_offset}: {where}{message}"


def _span_past_end(env: Env):
    length = len(env.text.read_text(encoding="utf-8"))
    line = replace_in(
        env.facts_file, "start: 2473, end: 2587,", f"start: {length + 5}, end: {length + 119},"
    )
    return [], (
        f"{env.facts_file}:{line}: claims[8].spans[0].end: span {length + 5}-{length + 119} is "
        f"past the end of {SEED_ID} ({length} characters); the quote occurs at 2473-2587"
    )


def _empty_seeds(env: Env):
    for path in env.seeds.iterdir():
        path.unlink()
    return [], (
        f"{env.seeds}: seeds directory holds no *.txt documents (a document is <id>.txt with its "
        "<id>.meta.yaml sidecar)"
    )


def _binary_seed(env: Env):
    (env.seeds / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return [], (
        f"{env.seeds / 'image.txt'}: looks like a binary file (contains NUL bytes), expected "
        "UTF-8 text"
    )


def _latin1_seed(env: Env):
    (env.seeds / "cafe.txt").write_bytes("Strike near a café\nin Baghdad\n".encode("latin-1"))
    return [], (
        f"{env.seeds / 'cafe.txt'}:1: not valid UTF-8 at byte 17 (invalid continuation byte); "
        "re-save it as UTF-8"
    )


def _utf16_seed(bom: bool):
    def setup(env: Env):
        text = "Strike near a café\nin Baghdad\n"
        data = text.encode("utf-16") if bom else text.encode("utf-16-le")
        (env.seeds / "cafe.txt").write_bytes(data)
        mark = "with a byte-order mark" if bom else "no byte-order mark"
        return [], (
            f"{env.seeds / 'cafe.txt'}: looks like UTF-16 text (little-endian, {mark}), expected "
            "UTF-8: save it as UTF-8"
        )

    return setup


def _link_outside(which: str):
    """The seed text, its sidecar or the facts file replaced by a link to a copy elsewhere."""

    def setup(env: Env):
        path = {"text": env.text, "sidecar": env.sidecar, "facts": env.facts_file}[which]
        elsewhere = env.tmp / "elsewhere"
        elsewhere.mkdir()
        shutil.move(path, elsewhere / path.name)
        path.symlink_to(elsewhere / path.name)
        return [], (
            f"{path}: a symbolic link to {os.path.realpath(elsewhere / path.name)}, outside "
            f"{os.path.realpath(path.parent)}: only files inside the directory are read; copy "
            "the file into it instead"
        )

    return setup


def _dangling_link(env: Env):
    env.sidecar.unlink()
    env.sidecar.symlink_to("moved-away.meta.yaml")
    return [], (
        f"{env.sidecar}: a symbolic link to {os.path.realpath(env.seeds / 'moved-away.meta.yaml')}, "
        "which does not exist"
    )


def _directory_named_txt(env: Env):
    (env.seeds / "archive.txt").mkdir()
    return [], (
        f"{env.seeds / 'archive.txt'}: is a directory, not a regular file: only regular files are "
        "read"
    )


def _sidecar_edit(old: str, new: str, field: str, message: str):
    def setup(env: Env):
        line = replace_in(env.sidecar, old, new)
        return [], f"{env.sidecar}:{line}: {field}: {message}"

    return setup


def _quote_in_other_normal_form(env: Env):
    """The text writes 'café' decomposed (e + U+0301, NFD), the quote composed (NFC)."""
    import unicodedata

    text = env.text.read_text(encoding="utf-8")
    env.text.write_text(
        text + unicodedata.normalize("NFD", "Witnesses at the café saw it.\n"), encoding="utf-8"
    )
    replace_in(env.sidecar, f"sha256: {hashlib.sha256(text.encode()).hexdigest()}\n", "")
    at = len(text) + len("Witnesses ")
    quote = "at the café"
    line = replace_in(
        env.facts_file,
        'start: 40, end: 77, quote: "U.S. Central Command (CENTCOM) forces"',
        f'start: {at}, end: {at + len(quote)}, quote: "{quote}"',
    )
    return [], (
        f"{env.facts_file}:{line}: actors[1].spans[0].quote: quote does not match {SEED_ID} at "
        f"{at}-{at + 11}: the text there is 'at the cafe'; the quote occurs at {at}-{at + 12} "
        "with its accents in another Unicode form: the text's are decomposed (NFD), the quote's "
        "composed (NFC); quote the text's own characters (brief locate gives them)"
    )


def _zone_is_a_region(env: Env):
    line = replace_in(env.sidecar, "timezone: UTC", "timezone: America")
    return [], (
        f"{env.sidecar}:{line}: timezone: unknown time zone 'America' (use an IANA name such as "
        "Asia/Baghdad); did you mean America/Adak, America/Anchorage, America/Anguilla, "
        "America/Antigua, America/Araguaina?"
    )


def _no_publication_date(env: Env):
    replace_in(env.sidecar, 'published: "2024-02-08"\n', "")
    first_field = line_of(env.sidecar, "id: 000_")
    return [], (
        f"{env.sidecar}:{first_field}: published: required field is missing: the publication "
        "date, YYYY-MM-DD"
    )


def _orphan_text(env: Env):
    (env.seeds / "orphan.txt").write_text("A text without its sidecar.\n", encoding="utf-8")
    return [], (
        f"{env.seeds / 'orphan.txt'}: no metadata sidecar: create orphan.meta.yaml with at least "
        "id, title, published (YYYY-MM-DD), timezone and language"
    )


def _edited_seed(env: Env):
    env.text.write_bytes(
        env.text.read_bytes().replace(b"three U.S. soldiers", b"four U.S. soldiers")
    )
    sha = hashlib.sha256(env.text.read_bytes()).hexdigest()
    return [], (
        f"{env.sidecar}:{line_of(env.sidecar, 'sha256:')}: sha256: {SEED_ID}.txt has changed "
        f"since its facts were reviewed (sha256 {sha}); seeds are never edited: restore the "
        "original or re-review the facts"
    )


def _missing_dir(which: str):
    def setup(env: Env):
        directory = getattr(env, which)
        shutil.rmtree(directory)
        return [], f"{directory}: {which} directory does not exist"

    return setup


def _missing_store(env: Env):
    store = env.tmp / "no-such-store"
    return ["-p", "store", str(store)], (
        f"parameter 'store': {store} does not exist (a facts store is the directory that "
        "`brief extract SEEDS --store DIR` writes)"
    )


def _empty_store(env: Env):
    store = env.tmp / "empty-store"
    store.mkdir()
    return ["-p", "store", str(store)], f"parameter 'store': {store} holds no extracted document"


def _missing_previous_store(env: Env):
    store = env.tmp / "no-such-store"
    return ["-p", "previous_store", str(store)], (
        f"parameter 'previous_store': {store} does not exist (a facts store is the directory "
        "that `brief extract SEEDS --store DIR` writes)"
    )


def _store_with_a_broken_part(table: str, data: bytes | None):
    """-p store DIR: a store of the seed's curated facts whose ``table`` part holds ``data``
    (b"": a write cut short; other bytes: not Parquet)."""

    def setup(env: Env):
        import yaml

        from helpers.facts.loading import load_document
        from helpers.facts.schema import FactsFile
        from helpers.facts.store import DocResult, FactsStore

        doc = load_document(env.text)
        facts = FactsFile.model_validate(yaml.safe_load(env.facts_file.read_text("utf-8")))
        store = env.tmp / "store"
        FactsStore(store).write_batch([DocResult.from_facts(doc, facts)])
        (part,) = (store / table).glob("part-*.parquet")
        if data is None:  # left as written (the caller changes it)
            return ["-p", "store", str(store)], ""
        part.write_bytes(data)
        again = f"`brief extract SEEDS --store {store}`"
        if not data:
            why = (
                f"is empty (0 bytes); run {again} again: it takes the damaged batch back and "
                "extracts its documents again"
            )
        else:
            why = (
                "is not a readable Parquet file (Parquet magic bytes not found in footer. Either "
                "the file is corrupted or this is not a parquet file.); delete its batch's "
                f"documents part ({store / 'documents' / part.name}), which takes the batch "
                f"back, and run {again} again"
            )
        return ["-p", "store", str(store)], f"{part}: this part of the facts store {why}"

    return setup


def _store_with_a_part_of_another_layout(env: Env):
    """-p store DIR: a store of the seed's curated facts whose documents part was written by
    another layout (a column renamed, one of another type, as an older or newer version of the
    store, or another tool, would write it): named as such, never read as this layout."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    args, _ = _store_with_a_broken_part("documents", None)(env)
    store = Path(args[-1])
    (part,) = (store / "documents").glob("part-*.parquet")
    table = pq.read_table(part)
    table = table.rename_columns(["body" if n == "text" else n for n in table.column_names])
    at = table.column_names.index("n_events")
    table = table.set_column(at, "n_events", table["n_events"].cast(pa.string()))
    pq.write_table(table, part)
    message = (
        f"{part}: this part of the documents table was written by another layout of the facts "
        "store (missing text; not in this layout: body; of another type: n_events (string, not "
        "int64)); extract into a new store (`brief extract SEEDS --store NEW_DIR`), or delete its "
        f"batch's documents part ({part}), which takes the batch back, and run `brief extract "
        f"SEEDS --store {store}` again"
    )
    return args, message


def _out(path: Callable[[Env], Path], message: Callable[[Env, Path], str]):
    """Render into ``path(env)`` instead of the previous brief's directory."""

    def setup(env: Env):
        out = path(env)
        return ["--out", str(out)], message(env, out)

    return setup


def _mkdir_error(path: Path) -> str:
    """What the system says to mkdir(path) (ENOENT for root in /proc, EACCES for others)."""
    try:
        path.mkdir()
    except OSError as exc:
        return exc.strerror
    path.rmdir()
    raise AssertionError(f"{path} could be created")


def _disk_full_writing_html(env: Env):
    """write(2) fails with ENOSPC half-way through brief.html in the run's private directory.
    With the rename below, the only simulation in the matrix: a real full file system would
    need a mount (a small tmpfs), which the tests cannot count on having the rights for."""
    real_write = os.write

    def write(fd: int, data) -> int:
        try:
            name = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            name = ""
        if ".brief-tmp-" in name and name.endswith("/brief.html"):
            real_write(fd, bytes(data[: len(data) // 2]))  # what fitted
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    env.monkeypatch.setattr(os, "write", write)
    return [], (
        f"{RENDER_FAILED}{env.out / 'brief.html'}: cannot write: no space left on device (the "
        "disk is full); free some space and render again"
    )


def _disk_full_moving_into_place(env: Env):
    """rename(2) fails with ENOSPC (the directory has no room for the entry) when the second
    file, brief.html, is moved into place after brief.ipynb already was: the new brief.ipynb
    (another title, so other bytes) must be taken back out and the old one restored."""
    real_replace = os.replace
    failed: list[str] = []

    def replace(src, dst, **kwargs):
        if Path(dst) == env.out / "brief.html" and not failed:
            failed.append(str(src))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst, **kwargs)

    env.monkeypatch.setattr(os, "replace", replace)
    return ["-p", "title", "Another title, so every file differs"], (
        f"{RENDER_FAILED}{env.out / 'brief.html'}: cannot write: no space left on device (the "
        "disk is full); free some space and render again"
    )


ROWS = [
    # ---- facts files
    Row(
        "yaml-syntax-error",
        "an unclosed [ in the facts file: the line and column where the parser gave up, and "
        "where the list it was reading started",
        facts_edit(
            "  - id: us-gov\n",
            "  - id: us-gov\n    name: [unclosed\n",
            lambda env, line: (
                f"{env.facts_file}:{line + 2}: YAML syntax error, column 9: did not find "
                f"expected ',' or ']' (while parsing a flow sequence at line {line + 1}, "
                "column 11)"
            ),
        ),
        2,
    ),
    Row(
        "yaml-tab-indentation",
        "a tab used for indentation",
        facts_edit(
            "  - id: us-gov\n    name: United States\n",
            "  - id: us-gov\n\tname: United States\n",
            lambda env, line: (
                f"{env.facts_file}:{line + 1}: YAML syntax error, column 1: found a tab "
                f"character that violates indentation (while scanning a plain scalar at line "
                f"{line}, column 9)"
            ),
        ),
        2,
    ),
    Row(
        "yaml-duplicate-key",
        "one key twice in a mapping",
        facts_edit(
            "  - id: us-gov\n",
            "  - id: us-gov\n    id: again\n",
            fact_error(1, "actors[0]", "duplicate key 'id'"),
        ),
        2,
    ),
    Row(
        "unknown-field",
        "a field the schema does not have: the valid ones are listed",
        facts_edit(
            "    kind: drone strike\n",
            "    kind: drone strike\n    severity: high\n",
            fact_error(
                1,
                "events[0].severity",
                f"unknown field (not in the schema; check the spelling); valid fields here: "
                f"{EVENT_FIELDS}",
            ),
        ),
        2,
    ),
    Row(
        "misspelt-required-field",
        "summary written sumary: reported at the misspelling, with the right name",
        facts_edit(
            '    summary: "A targeted',
            '    sumary: "A targeted',
            fact_error(
                0,
                "events[0].sumary",
                "unknown field; did you mean 'summary'? (summary is required and missing)",
            ),
        ),
        2,
    ),
    Row(
        "missing-required-field",
        "an event without its status: the allowed values are listed",
        facts_edit(
            "    status: reported\n",
            "",
            lambda env, line: (
                f"{env.facts_file}:{line_of(env.facts_file, '  - id: e-strike-2024-02-07')}: "
                "events[0].status: required field is missing: one of 'reported', 'claimed', "
                "'suspected', 'alleged', 'denied'"
            ),
        ),
        2,
    ),
    Row(
        "wrong-type-boolean",
        "lead: yes please",
        facts_edit(
            "    lead: true\n",
            "    lead: yes please\n",
            fact_error(0, "events[0].lead", "must be true or false, got the text 'yes please'"),
        ),
        2,
    ),
    Row(
        "wrong-type-quoted-number",
        'a span offset written "40" (a string)',
        facts_edit(
            "{doc: 000_30fe353d1ee95435, start: 40,",
            '{doc: 000_30fe353d1ee95435, start: "40",',
            fact_error(
                0,
                "actors[1].spans[0].start",
                "must be a whole number, got the text '40' (write it without quotes)",
            ),
        ),
        2,
    ),
    Row(
        "wrong-type-list",
        "initiators: a bare id instead of a list",
        facts_edit(
            "    initiators: [iran-backed-militants]",
            "    initiators: iran-backed-militants",
            fact_error(
                0, "events[1].initiators", "must be a list, got the text 'iran-backed-militants'"
            ),
        ),
        2,
    ),
    Row(
        "value-not-allowed",
        "status: rumoured",
        facts_edit(
            "    status: suspected\n",
            "    status: rumoured\n",
            fact_error(
                0,
                "events[1].status",
                "must be 'reported', 'claimed', 'suspected', 'alleged' or 'denied' "
                "(got 'rumoured')",
            ),
        ),
        2,
    ),
    Row(
        "malformed-id",
        "an id with capitals",
        facts_edit(
            "  - id: us-gov\n",
            "  - id: US-Gov\n",
            fact_error(
                0,
                "actors[0].id",
                "an id is lowercase letters, digits, '.', '_' and '-', starting with a letter "
                "or digit (got 'US-Gov')",
            ),
        ),
        2,
    ),
    Row(
        "unknown-actor-reference",
        "an initiator id no actor has: the known ids are listed",
        facts_edit(
            "    initiators: [iran-backed-militants]",
            "    initiators: [iran-militants]",
            fact_error(
                0,
                "events[1].initiators[0]",
                f"unknown actor id 'iran-militants'; known actors: {IDS}; "
                "did you mean 'iran-backed-militants'?",
            ),
        ),
        2,
    ),
    Row(
        "span-past-end-of-text",
        "span offsets beyond the end of the text",
        _span_past_end,
        2,
    ),
    Row(
        "span-quote-does-not-match",
        "a straight apostrophe where the text has a curly one",
        facts_edit(
            'quote: "Kata’ib Hezbollah is a',
            "quote: \"Kata'ib Hezbollah is a",
            fact_error(
                0,
                "actors[3].spans[0].quote",
                f"quote does not match {SEED_ID} at 782-914: the text there is "
                "'Kata’ib Hezbollah is a U.S.-designated anti-American Shi...",
            ),
        ),
        2,
    ),
    Row(
        "span-offsets-shifted",
        "the right quote at offsets one character off: the right offsets are given",
        facts_edit(
            "{doc: 000_30fe353d1ee95435, start: 40, end: 77,",
            "{doc: 000_30fe353d1ee95435, start: 41, end: 78,",
            fact_error(
                0,
                "actors[1].spans[0].quote",
                f"quote does not match {SEED_ID} at 41-78: the text there is "
                "'.S. Central Command (CENTCOM) forces '; the quote occurs at 40-77",
            ),
        ),
        2,
    ),
    Row(
        "duplicate-id",
        "two relations with one id",
        facts_edit(
            "  - id: r-us-designates-kh\n",
            "  - id: r-centcom-part-of-us\n",
            lambda env, line: (
                f"{env.facts_file}:{line}: relations[2].id: duplicate id 'r-centcom-part-of-us' "
                f"(also at {FACTS_NAME}:{line_of(env.facts_file, '  - id: r-centcom-part-of-us')})"
            ),
        ),
        2,
    ),
    Row(
        "event-ends-before-it-starts",
        "a period whose end is before its start",
        facts_edit(
            '      start: "2024-01-28"\n      end: "2024-02-08"',
            '      start: "2024-01-28"\n      end: "2024-01-20"',
            fact_error(1, "events[2].when.end", "end '2024-01-20' is before start '2024-01-28'"),
        ),
        2,
    ),
    Row(
        "impossible-date",
        "2024-02-30",
        facts_edit(
            '      start: "2024-01-28"\n      expression: "On',
            '      start: "2024-02-30"\n      expression: "On',
            fact_error(
                0,
                "events[1].when.start",
                "'2024-02-30' is not a real day value (day is out of range for month)",
            ),
        ),
        2,
    ),
    Row(
        "unknown-time-zone",
        "tz: Baghdad/Time: the zone meant is suggested",
        facts_edit(
            "      tz: Asia/Baghdad\n",
            "      tz: Baghdad/Time\n",
            fact_error(
                0,
                "events[0].when.tz",
                "unknown time zone 'Baghdad/Time' (use an IANA name such as Asia/Baghdad); did "
                "you mean Asia/Baghdad?",
            ),
        ),
        2,
    ),
    Row(
        "yaml-control-character",
        "a DEL character (U+007F) in a value (was a raw yaml ReaderError traceback)",
        facts_edit(
            "reviewed_by: analyst",
            "reviewed_by: ana\x7flyst",
            fact_error(
                0,
                "",
                "YAML syntax error, column 17: the control character U+007F is not allowed in "
                "YAML; remove it",
            ),
        ),
        2,
    ),
    Row(
        "yaml-bad-explicit-tag",
        "start: !!int forty (was a raw ValueError traceback)",
        facts_edit(
            "{doc: 000_30fe353d1ee95435, start: 40,",
            "{doc: 000_30fe353d1ee95435, start: !!int forty,",
            fact_error(
                0,
                "",
                "YAML value error, column 44: cannot read 'forty' as !!int (invalid literal for "
                "int() with base 10: 'forty')",
            ),
        ),
        2,
    ),
    Row(
        "yaml-bad-timestamp-tag",
        "start: !!timestamp forty (was a raw AttributeError traceback; fuzz loader #8716)",
        facts_edit(
            "{doc: 000_30fe353d1ee95435, start: 40,",
            "{doc: 000_30fe353d1ee95435, start: !!timestamp forty,",
            fact_error(
                0,
                "",
                "YAML value error, column 44: cannot read 'forty' as !!timestamp (not a date in "
                "ISO 8601 form)",
            ),
        ),
        2,
    ),
    Row(
        "yaml-recursive-alias",
        "an alias inside its own anchor (was a RecursionError traceback)",
        facts_edit(
            "    aliases: [United States, U.S.]\n",
            "    aliases: &self [United States, *self]\n",
            fact_error(
                0,
                "actors[0].aliases[1]",
                "an alias (*name) refers to the anchor (&name) it is inside of",
            ),
        ),
        2,
    ),
    Row(
        "date-too-late",
        "a period ending 9999-12-31 (was an OverflowError traceback)",
        facts_edit(
            '      start: "2024-01-28"\n      end: "2024-02-08"',
            '      start: "2024-01-28"\n      end: "9999-12-31"',
            fact_error(1, "events[2].when.end", f"'9999-12-31' is out of range: {DATE_RANGE}"),
        ),
        2,
    ),
    Row(
        "date-too-early",
        "an event on 0001-01-28 (was an OverflowError in the kernel, drawing the timeline)",
        facts_edit(
            '      start: "2024-01-28"\n      expression: "On',
            '      start: "0001-01-28"\n      expression: "On',
            fact_error(0, "events[1].when.start", f"'0001-01-28' is out of range: {DATE_RANGE}"),
        ),
        2,
    ),
    Row(
        "span-quote-in-other-normal-form",
        "the quote writes 'café' composed (NFC), the text decomposed (NFD): the hint says so",
        _quote_in_other_normal_form,
        2,
    ),
    Row("missing-facts-directory", "--facts names no directory", _missing_dir("facts"), 2),
    # ---- seeds
    Row("empty-seeds-directory", "no *.txt in the seeds directory", _empty_seeds, 2),
    Row("missing-seeds-directory", "--seeds names no directory", _missing_dir("seeds"), 2),
    Row("binary-seed", "a PNG saved as .txt", _binary_seed, 2),
    Row("non-utf8-seed", "a Latin-1 text", _latin1_seed, 2),
    Row(
        "utf16-seed", "a text saved as UTF-16 with a BOM (was called binary)", _utf16_seed(True), 2
    ),
    Row(
        "utf16-seed-without-bom", "UTF-16 without a BOM (was called binary)", _utf16_seed(False), 2
    ),
    Row("seed-is-a-directory", "a directory named archive.txt in seeds", _directory_named_txt, 2),
    Row("seed-links-outside", "the seed text is a link out of seeds/", _link_outside("text"), 2),
    Row(
        "sidecar-links-outside", "the sidecar is a link out of seeds/", _link_outside("sidecar"), 2
    ),
    Row("facts-links-outside", "the facts file is a link out of facts/", _link_outside("facts"), 2),
    Row("sidecar-dangling-link", "the sidecar is a link to nothing", _dangling_link, 2),
    Row(
        "sidecar-published-out-of-range",
        'published: "9999-12-31" (was an OverflowError traceback in render)',
        _sidecar_edit(
            'published: "2024-02-08"',
            'published: "9999-12-31"',
            "published",
            f"'9999-12-31' is out of range: {DATE_RANGE}",
        ),
        2,
    ),
    Row(
        "sidecar-title-too-long",
        "a title of 100,000 characters without a space (the PDF took 494 s)",
        _sidecar_edit(
            'title: "U.S. drone strike in Iraq kills Kata\'ib Hezbollah senior leader"',
            "title: " + "x" * 100_000,
            "title",
            "at most 1,000 characters (the brief prints it in its sources and title block), "
            "got 100,000",
        ),
        2,
    ),
    Row(
        "sidecar-publisher-too-long",
        "a publisher of 1,001 characters",
        _sidecar_edit(
            "publisher: null",
            "publisher: " + "P" * 1001,
            "publisher",
            "at most 1,000 characters (the brief prints it beside every source), got 1,001",
        ),
        2,
    ),
    Row("sidecar-without-publication-date", "published: removed", _no_publication_date, 2),
    Row("text-without-sidecar", "a .txt without its .meta.yaml", _orphan_text, 2),
    Row(
        "sidecar-time-zone-is-a-region",
        "timezone: America (a directory of zones: was an IsADirectoryError traceback)",
        _zone_is_a_region,
        2,
    ),
    Row("edited-seed", "a seed edited after its facts were reviewed", _edited_seed, 2),
    # ---- parameters (command line)
    Row(
        "parameter-wrong-type",
        "-p max_rows many",
        lambda env: (
            ["-p", "max_rows", "many"],
            "parameter 'max_rows': expected an integer, got 'many'",
        ),
        2,
    ),
    Row(
        "parameter-wrong-type-list",
        "-p documents '[1, 2]' (a JSON list of numbers)",
        lambda env: (
            ["-p", "documents", "[1, 2]"],
            "parameter 'documents': expected a list of document ids (strings)",
        ),
        2,
    ),
    Row(
        "parameter-unknown-name",
        "-p colour red",
        lambda env: (
            ["-p", "colour", "red"],
            f"parameter 'colour': unknown parameter; valid: {PARAMETER_NAMES}",
        ),
        2,
    ),
    Row(
        "parameter-impossible-date",
        "-p as_of 2024-02-30",
        lambda env: (
            ["-p", "as_of", "2024-02-30"],
            "parameter 'as_of': '2024-02-30' is not a real day value (day is out of range for month)",
        ),
        2,
    ),
    Row(
        "parameter-date-out-of-range",
        "-p as_of 9999-12-31 (was an OverflowError traceback)",
        lambda env: (
            ["-p", "as_of", "9999-12-31"],
            f"parameter 'as_of': '9999-12-31' is out of range: {DATE_RANGE}",
        ),
        2,
    ),
    Row(
        "parameter-date-too-early",
        "-p window_start 0001-01-01",
        lambda env: (
            ["-p", "window_start", "0001-01-01"],
            f"parameter 'window_start': '0001-01-01' is out of range: {DATE_RANGE}",
        ),
        2,
    ),
    Row(
        "parameter-unknown-time-zone",
        "-p display_tz Mars/Olympus",
        lambda env: (
            ["-p", "display_tz", "Mars/Olympus"],
            "parameter 'display_tz': unknown time zone 'Mars/Olympus' (use an IANA name such as "
            "Asia/Baghdad)",
        ),
        2,
    ),
    Row(
        "parameter-marking-too-long",
        "-p marking with 81 characters (it would overflow every page's margin)",
        lambda env: (
            ["-p", "marking", "M" * 81],
            "parameter 'marking': at most 80 characters (it is printed in every page's margin), "
            "got 81",
        ),
        2,
    ),
    Row(
        "parameter-title-too-long",
        "-p title of 100,000 characters without a space: bounded like a sidecar's title",
        lambda env: (
            ["-p", "title", "x" * 100_000],
            "parameter 'title': at most 1,000 characters (the brief prints it in its title "
            "block), got 100,000",
        ),
        2,
    ),
    Row(
        "parameter-unknown-format",
        "--format docx",
        lambda env: (
            ["--format", "docx"],
            "unknown format(s) ['docx']; choose from html, pdf, explorer, or an export format: "
            "json, csv, graphml, gexf, acled, timelinejs, stix, ftm, geojson, explorer",
        ),
        2,
    ),
    Row(
        "timeout-not-positive",
        "--timeout 0",
        lambda env: (
            ["--timeout", "0"],
            "timeout must be a positive number of seconds per cell, got 0",
        ),
        2,
    ),
    Row(
        "parameter-wrong-type-python",
        "helpers.render({'max_rows': '5'}): a string where an int belongs (the command line "
        "parses -p values, so only the Python API can pass a wrong type)",
        lambda env: (
            {"max_rows": "5"},
            "parameter 'max_rows': expected int, got str '5'",
        ),
        "ParameterError",
    ),
    # ---- facts stores
    Row("store-missing", "-p store DIR that does not exist", _missing_store, 2),
    Row("store-empty", "-p store DIR: an empty directory", _empty_store, 2),
    Row(
        "store-part-empty",
        "-p store DIR whose documents part is 0 bytes (a write cut short): the part is named",
        _store_with_a_broken_part("documents", b""),
        2,
    ),
    Row(
        "store-part-not-parquet",
        "-p store DIR whose documents part is not Parquet: the part is named",
        _store_with_a_broken_part("documents", b"not parquet at all\n"),
        2,
    ),
    Row(
        "store-part-other-layout",
        "-p store DIR whose documents part has other columns: the part and the columns named",
        _store_with_a_part_of_another_layout,
        2,
    ),
    Row(
        "previous-store-missing",
        "-p previous_store DIR that does not exist",
        _missing_previous_store,
        2,
    ),
    # ---- output directory (the tests run as root: chmod would not stop a write)
    Row(
        "output-parent-is-a-file",
        "--out <previous brief>/brief.html/new: the output's parent is a regular file",
        _out(
            lambda env: env.out / "brief.html" / "new",
            lambda env, out: (
                f"{out}: cannot create the output directory: {env.out / 'brief.html'} is a file, "
                "not a directory"
            ),
        ),
        2,
    ),
    Row(
        "output-is-a-file",
        "--out <previous brief>/brief.html: the output path is a regular file",
        _out(
            lambda env: env.out / "brief.html",
            lambda env, out: f"{out}: output path is a file, not a directory",
        ),
        2,
    ),
    Row(
        "output-not-writable",
        "--out /proc/self: an existing directory that even root cannot write into (procfs)",
        _out(
            lambda env: Path("/proc/self"),
            lambda env, out: f"{out}: output directory is not writable; choose a writable location",
        ),
        2,
    ),
    Row(
        "output-cannot-be-created",
        "--out /proc/brief: a directory that cannot be created (procfs)",
        _out(
            lambda env: Path("/proc/brief"),
            lambda env, out: (
                f"{out}: cannot create the output directory in /proc ({_mkdir_error(out)}); "
                "choose a writable location"
            ),
        ),
        2,
    ),
    # ---- a full disk (the notebook runs: these two rows take a few seconds each)
    Row(
        "disk-full-writing",
        "ENOSPC half-way through writing brief.html",
        _disk_full_writing_html,
        1,
    ),
    Row(
        "disk-full-moving-into-place",
        "ENOSPC moving brief.html into place after brief.ipynb was moved: it is put back",
        _disk_full_moving_into_place,
        1,
    ),
]


@pytest.fixture(scope="module")
def previous_brief(tmp_path_factory) -> Path:
    """A good brief (HTML only), rendered once for the whole matrix."""
    out = tmp_path_factory.mktemp("previous-brief")
    render(out_dir=out, formats=["html"])
    return out


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and directory under ``root`` (directories as None), by relative path."""
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_bad_input(row: Row, previous_brief: Path, tmp_path: Path, monkeypatch, capsys):
    seeds, facts, out = tmp_path / "seeds", tmp_path / "facts", tmp_path / "out"
    shutil.copytree(config.SEEDS_DIR, seeds)
    shutil.copytree(config.FACTS_DIR, facts)
    shutil.copytree(previous_brief, out)
    env = Env(tmp_path, seeds, facts, out, monkeypatch)
    args, expected = row.setup(env)
    before_out = snapshot(out)
    before_all = {p for p in snapshot(tmp_path) if not p.startswith("out/")} | {"out"}

    if isinstance(args, dict):  # the Python API
        with pytest.raises(Exception) as info:
            render(
                {"seeds_dir": str(seeds), "facts_dir": str(facts), **args},
                out_dir=out,
                formats=["html"],
            )
        assert type(info.value).__name__ == row.code
        assert str(info.value) == expected
    else:
        argv = ["render", "--seeds", str(seeds), "--facts", str(facts), "--out", str(out)]
        argv += ["--format", "html", *args] if "--format" not in args else args
        code = main(argv)
        captured = capsys.readouterr()
        assert captured.err == f"error: {expected}\n"
        assert captured.out == ""
        assert code == row.code

    # The previous brief is untouched, nothing was added to it, nothing was left anywhere.
    assert snapshot(out) == before_out
    after_all = {p for p in snapshot(tmp_path) if not p.startswith("out/")} | {"out"}
    assert after_all == before_all, after_all ^ before_all
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {p for p, data in before_out.items() if data is not None} - {
        "manifest.json"
    }


def test_the_matrix_covers_the_issue():
    """Every kind of bad input the issue lists has its row."""
    ids = {row.id for row in ROWS}
    assert len(ids) == len(ROWS)
    wanted = {
        "yaml-syntax-error",
        "unknown-field",
        "missing-required-field",
        "wrong-type-boolean",
        "unknown-actor-reference",
        "span-past-end-of-text",
        "span-quote-does-not-match",
        "duplicate-id",
        "event-ends-before-it-starts",
        "impossible-date",
        "unknown-time-zone",
        "empty-seeds-directory",
        "binary-seed",
        "non-utf8-seed",
        "sidecar-without-publication-date",
        "parameter-wrong-type",
        "parameter-unknown-name",
        "output-not-writable",
        "disk-full-writing",
        "store-missing",
        "store-part-empty",
        "store-part-not-parquet",
        "store-part-other-layout",
    }
    assert wanted <= ids, wanted - ids
