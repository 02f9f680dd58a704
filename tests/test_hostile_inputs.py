"""Hostile and unlucky inputs (issue 17, items 6, 8, 9 and 12), through the real command line.

Each case runs ``brief`` in a subprocess (a named pipe that is opened waits for a writer for
ever: a hang must fail the test through the timeout, not block the run) and asserts the exact
message, the exit status, that no traceback was printed and that nothing was written. The rows
that cannot hang (links, UTF-16, dates, long fields) are also rows of the bad-input matrix
(``test_bad_inputs.py``), which checks a previous brief is left untouched.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import FACTS_NAME, SEED_ID, replace_in

from helpers import config

BRIEF = [sys.executable, "-m", "helpers.cli"]
TIMEOUT = 60  # seconds: a command that hangs on a pipe fails the test here
DATE_RANGE = "dates must lie between 0002-01-01 and 9998-12-31"
NOT_REGULAR = "not a regular file: only regular files are read"


def brief(*args: str | bytes | Path) -> subprocess.CompletedProcess:
    """``brief ARGS`` in a subprocess; its stdout and stderr as text."""
    argv = [*BRIEF, *(os.fsencode(a) if isinstance(a, Path) else a for a in args)]
    result = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, cwd=config.PROJECT_ROOT)
    out = result.stdout.decode("utf-8", "backslashreplace")
    err = result.stderr.decode("utf-8", "backslashreplace")
    assert "Traceback" not in err, err
    return subprocess.CompletedProcess(argv, result.returncode, out, err)


def tree(root: Path) -> dict[str, object]:
    """Every entry under ``root``: the bytes of regular files, the kind of anything else (never
    opened: a pipe would block)."""
    entries: dict[str, object] = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(directory, name)
            mode = os.lstat(path).st_mode
            key = str(path.relative_to(root))
            if stat.S_ISREG(mode):
                entries[key] = path.read_bytes()
            elif stat.S_ISLNK(mode):
                entries[key] = ("link", os.readlink(path))
            else:
                entries[key] = stat.S_IFMT(mode)
    return entries


@pytest.fixture
def ws(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Private seeds/ and facts/, and an output directory that must never appear."""
    seeds, facts = tmp_path / "seeds", tmp_path / "facts"
    shutil.copytree(config.SEEDS_DIR, seeds)
    shutil.copytree(config.FACTS_DIR, facts)
    return seeds, facts, tmp_path / "out"


def assert_refused(result, expected: str, out: Path, before: dict, root: Path) -> None:
    assert result.stderr == f"error: {expected}\n"
    assert result.stdout == ""
    assert result.returncode == 2
    assert not out.exists()
    assert tree(root) == before


# ---------------------------------------------------------------------------------------------
# Item 6: named pipes and other files that are not regular files; links out of the directory


def _pipe(ws, where: str) -> Path:
    seeds, facts, _ = ws
    path = {
        "seed-text": seeds / "pipe.txt",
        "sidecar": seeds / f"{SEED_ID}.meta.yaml",
        "facts-file": facts / "pipe.facts.yaml",
    }[where]
    if path.exists():
        path.unlink()
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("where", ["seed-text", "sidecar", "facts-file"])
@pytest.mark.parametrize("command", ["validate", "render"])
def test_a_named_pipe_is_refused_not_waited_on(ws, tmp_path, where, command):
    seeds, facts, out = ws
    pipe = _pipe(ws, where)
    before = tree(tmp_path)
    args = ["--seeds", seeds, "--facts", facts]
    if command == "render":
        args += ["--out", out, "--format", "html"]
    result = brief(command, *args)
    assert_refused(result, f"{pipe}: is a named pipe (FIFO), {NOT_REGULAR}", out, before, tmp_path)


def test_a_named_pipe_among_previous_facts_is_refused(ws, tmp_path):
    """-p previous_facts DIR holding a FIFO named like a facts file: refused, not waited on."""
    seeds, facts, out = ws
    previous = tmp_path / "previous"
    shutil.copytree(facts, previous)
    (previous / FACTS_NAME).unlink()
    os.mkfifo(previous / FACTS_NAME)
    before = tree(tmp_path)
    result = brief(
        "render", "--seeds", seeds, "--facts", facts, "--out", out, "--format", "html",
        "-p", "previous_facts", previous,
    )  # fmt: skip
    expected = f"{previous / FACTS_NAME}: is a named pipe (FIFO), {NOT_REGULAR}"
    assert_refused(result, expected, out, before, tmp_path)


def test_extract_into_a_store_records_a_named_pipe_sidecar_as_failed(ws, tmp_path):
    seeds, _, _ = ws
    pipe = _pipe(ws, "sidecar")
    result = brief(
        "extract", seeds, "--store", tmp_path / "store", "--workers", "1", "--no-progress",
        "--no-fuse",
    )  # fmt: skip
    assert result.returncode == 3
    assert f"{pipe}: is a named pipe (FIFO), {NOT_REGULAR}" in result.stderr


def test_locate_refuses_a_named_pipe(ws, tmp_path):
    seeds, _, out = ws
    pipe = _pipe(ws, "seed-text")
    before = tree(tmp_path)
    result = brief("locate", "pipe", "Tower 22", "--seeds", seeds)
    assert_refused(result, f"{pipe}: is a named pipe (FIFO), {NOT_REGULAR}", out, before, tmp_path)


def test_a_socket_is_refused(ws, tmp_path):
    seeds, facts, out = ws
    path = seeds / "sock.txt"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
    except OSError as exc:  # a path too long for AF_UNIX
        pytest.skip(f"cannot bind a socket in {seeds}: {exc}")
    try:
        before = tree(tmp_path)
        result = brief("validate", "--seeds", seeds, "--facts", facts)
        assert_refused(result, f"{path}: is a socket, {NOT_REGULAR}", out, before, tmp_path)
    finally:
        server.close()


def test_a_device_behind_a_link_is_never_opened(ws, tmp_path):
    """/dev/zero would be read for ever: the link out of seeds/ is refused before."""
    seeds, facts, out = ws
    link = seeds / "zero.txt"
    link.symlink_to("/dev/zero")
    before = tree(tmp_path)
    result = brief("validate", "--seeds", seeds, "--facts", facts)
    expected = (
        f"{link}: a symbolic link to /dev/zero, outside {os.path.realpath(seeds)}: only files "
        "inside the directory are read; copy the file into it instead"
    )
    assert_refused(result, expected, out, before, tmp_path)


def test_a_link_within_the_seeds_directory_is_followed(ws):
    seeds, facts, _ = ws
    (seeds / "originals").mkdir()
    text = seeds / f"{SEED_ID}.txt"
    shutil.move(text, seeds / "originals" / text.name)
    text.symlink_to(Path("originals") / text.name)
    result = brief("validate", "--seeds", seeds, "--facts", facts)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 1 document(s)")


# ---------------------------------------------------------------------------------------------
# Item 8: dates at and beyond the ends of the range


def test_dates_out_of_range_are_refused_before_any_kernel(ws, tmp_path):
    seeds, facts, out = ws
    before = tree(tmp_path)
    result = brief(
        "render", "--seeds", seeds, "--facts", facts, "--out", out, "-p", "as_of", "9999-12-31"
    )
    expected = f"parameter 'as_of': '9999-12-31' is out of range: {DATE_RANGE}"
    assert_refused(result, expected, out, before, tmp_path)

    sidecar = seeds / f"{SEED_ID}.meta.yaml"
    line = replace_in(sidecar, 'published: "2024-02-08"', 'published: "9999-12-31"')
    before = tree(tmp_path)
    result = brief("render", "--seeds", seeds, "--facts", facts, "--out", out)
    expected = f"{sidecar}:{line}: published: '9999-12-31' is out of range: {DATE_RANGE}"
    assert_refused(result, expected, out, before, tmp_path)


@pytest.mark.execution
def test_a_brief_renders_at_both_ends_of_the_date_range(ws, tmp_path):
    """Publication and as-of on the last day, an event in the first minutes of the first year
    in the zone furthest east, shown in the zone furthest west, aggregated by week and month:
    every date the kernel computes around them exists (year 1 and 9999 made it overflow)."""
    seeds, facts, out = ws
    replace_in(seeds / f"{SEED_ID}.meta.yaml", 'published: "2024-02-08"', 'published: "9998-12-31"')
    replace_in(
        facts / FACTS_NAME,
        '      start: "2024-02-07T21:30"\n      tz: Asia/Baghdad',
        '      start: "0002-01-01T00:30"\n      tz: Pacific/Kiritimati',
    )
    result = brief(
        "render",
        *("--seeds", seeds, "--facts", facts, "--out", out, "--format", "html"),
        *("-p", "as_of", "9998-12-31", "-p", "window_start", "0002-01-01"),
        *("-p", "display_tz", "Etc/GMT+12", "-p", "max_rows", "1"),
    )
    assert result.returncode == 0, result.stderr
    html = (out / "brief.html").read_text(encoding="utf-8")
    assert "9998-12-31" in html and "0002-01-01" in html


def test_a_store_holding_a_date_out_of_range_names_the_document(tmp_path):
    """A store written before dates were bounded: the brief names the document, no traceback."""
    from helpers.facts.loading import load_document, read_yaml, validate_model
    from helpers.facts.schema import FactsFile
    from helpers.facts.store import DocResult, FactsStore

    doc = load_document(config.SEEDS_DIR / f"{SEED_ID}.txt")
    meta = doc.meta.model_copy(update={"published": "9999-12-31"})  # as a store kept it
    facts = validate_model(FactsFile, read_yaml(config.FACTS_DIR / FACTS_NAME))
    store = FactsStore(tmp_path / "store")
    store.write_batch([DocResult.from_facts(dataclasses.replace(doc, meta=meta), facts)])
    out = tmp_path / "out"
    before = tree(tmp_path)
    result = brief("render", "--out", out, "-p", "store", tmp_path / "store")
    expected = (
        f"{tmp_path / 'store'}: document {SEED_ID}: published: '9999-12-31' is out of range: "
        f"{DATE_RANGE}; leave it out (-p documents) or correct its sidecar and run "
        "`brief extract --store` again"
    )
    assert_refused(result, expected, out, before, tmp_path)


# ---------------------------------------------------------------------------------------------
# Item 12: locate, Unicode normal forms, argument encodings


def test_locate_refuses_an_empty_quote():
    for quote, what in (("", "empty"), ("  \n", "only white space")):
        result = brief("locate", SEED_ID, quote)
        assert result.stderr == (
            f"error: the quote is {what}: give the exact words to locate in {SEED_ID}\n"
        )
        assert (result.returncode, result.stdout) == (2, "")


def test_locate_finds_a_quote_whose_accents_are_composed_the_other_way(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = unicodedata.normalize("NFD", "Witnesses at the café saw it.\n")  # e + U+0301
    (seeds / "cafe.txt").write_text(text, encoding="utf-8")
    (seeds / "cafe.meta.yaml").write_text(
        'id: cafe\ntitle: Café\npublished: "2024-02-08"\ntimezone: UTC\nlanguage: en\n',
        encoding="utf-8",
    )
    result = brief("locate", "cafe", "at the café", "--seeds", seeds)  # typed composed (NFC)
    assert result.returncode == 0
    assert result.stdout == f'- {{doc: cafe, start: 10, end: 22, quote: "{text[10:22]}"}}\n'
    assert text[10:22] == unicodedata.normalize("NFD", "at the café")
    assert result.stderr == (
        "note: the quote occurs in cafe only with its accents in another Unicode form: the "
        "text's are decomposed (NFD), the quote's composed (NFC); the spans above quote the "
        "text's own characters\n"
    )
    exact = brief("locate", "cafe", text[10:22], "--seeds", seeds)
    assert (exact.returncode, exact.stdout, exact.stderr) == (0, result.stdout, "")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["locate", SEED_ID, b"caf\xe9"],
            "argument quote: 'caf\\xe9' is not valid UTF-8 (byte 0xe9 at offset 3); pass it as "
            "UTF-8",
        ),
        (
            ["render", "-p", "title", b"Strike \xff", "--out", "OUT"],
            "parameter 'title': 'Strike \\xff' is not valid UTF-8 (byte 0xff at offset 7); pass "
            "it as UTF-8",
        ),
        (
            ["render", "-p", b"tit\xc3le", "x", "--out", "OUT"],
            "argument -p NAME: 'tit\\xc3le' is not valid UTF-8 (byte 0xc3 at offset 3); pass it "
            "as UTF-8",
        ),
        (
            ["validate", "--seeds", b"seeds-\xe9t\xe9"],
            "argument --seeds: 'seeds-\\xe9t\\xe9' is not valid UTF-8 (byte 0xe9 at offset 6); "
            "pass it as UTF-8",
        ),
    ],
    ids=["locate-quote", "render-parameter-value", "render-parameter-name", "validate-seeds"],
)
def test_an_argument_that_is_not_utf8_is_named(tmp_path, args, expected):
    out = tmp_path / "out"
    result = brief(*(out if a == "OUT" else a for a in args))
    assert result.stderr == f"error: {expected}\n"
    assert (result.returncode, result.stdout) == (2, "")
    assert not out.exists()


# ---------------------------------------------------------------------------------------------
# Item 11: where `brief extract` writes, and a store damaged on disk


def _seed_store(ws, store: Path) -> Path:
    """A store holding the seed with its curated facts, as `brief extract --store` would have
    written it (the same text and sidecar: a rerun has nothing to do)."""
    import yaml

    from helpers.facts.loading import load_document
    from helpers.facts.schema import FactsFile
    from helpers.facts.store import DocResult, FactsStore

    seeds, facts, _ = ws
    doc = load_document(seeds / f"{SEED_ID}.txt")
    curated = FactsFile.model_validate(yaml.safe_load((facts / FACTS_NAME).read_text("utf-8")))
    FactsStore(store).write_batch([DocResult.from_facts(doc, curated)])
    return store


@pytest.mark.parametrize(
    "where, expected",
    [
        ("--store FILE", "{p}: facts store path is a file, not a directory"),
        ("-o FILE", "{p}: output directory path is a file, not a directory"),
        ("-o FILE/sub", "{p}: cannot create the output directory: {f} is a file, not a directory"),
        (
            "--store /proc/self/store",
            "{p}: cannot write to the facts store (/proc/self, where it would be created): not "
            "writable; choose a writable location",
        ),
    ],
)
def test_extract_names_a_destination_it_cannot_write_before_any_work(ws, tmp_path, where, expected):
    seeds, _, _ = ws
    afile = tmp_path / "notes.txt"
    afile.write_text("a user's file\n", encoding="utf-8")
    option, target = where.split()
    path = Path(target.replace("FILE", str(afile)))
    before = tree(tmp_path)
    store_only = ["--no-progress"] if option == "--store" else []
    result = brief("extract", seeds, option, path, *store_only)
    assert result.stderr == "error: " + expected.format(p=path, f=afile) + "\n"
    assert (result.returncode, result.stdout) == (2, "")
    assert tree(tmp_path) == before


def test_extract_into_a_store_on_a_read_only_file_system_says_so(ws, tmp_path):
    """Even with nothing to do (the store holds the seed already). The store is bind-mounted
    read-only in a private mount namespace (unshare): a real read-only file system."""
    seeds, _, _ = ws
    store = _seed_store(ws, tmp_path / "store")
    before = tree(tmp_path)
    argv = [*BRIEF, "extract", str(seeds), "--store", str(store), "--no-progress", "--no-fuse"]
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"'
    probe = subprocess.run(["unshare", "--mount", "--map-root-user", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here (unshare: {probe.stderr.decode().strip()})")
    result = subprocess.run(
        ["unshare", "--mount", "--map-root-user", "sh", "-c", script, "sh", str(store), *argv],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=config.PROJECT_ROOT,
    )
    assert result.stderr == (
        f"error: {store}: cannot write to the facts store: on a read-only file system; choose a "
        "writable location\n"
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert tree(tmp_path) == before


def test_a_zero_byte_part_is_noticed_on_resume_and_its_batch_extracted_again(ws, tmp_path):
    seeds, _, _ = ws
    store = _seed_store(ws, tmp_path / "store")
    (part,) = (store / "events").glob("part-*.parquet")
    part.write_bytes(b"")  # a write cut short
    result = brief(
        "extract", seeds, "--store", store, "--workers", "1", "--no-progress", "--no-fuse"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "1 extracted, 0 already done, 0 failed, 1 damaged batch (an empty part) taken back -> "
    )
    parts = sorted(store.glob("*/part-*.parquet"))
    assert parts and all(p.stat().st_size > 0 for p in parts) and not part.exists()
    from helpers.facts.store import FactsStore

    assert list(FactsStore(store).table("documents", ["doc_id"])["doc_id"]) == [SEED_ID]


FULL_DISK = r"""
set -e
mount -t tmpfs -o size=1m tmpfs "$DISK"
head -c "$FILL" /dev/zero > "$DISK/filler"
set +e
"$@" --batch-size 1 > "$WORK/out1" 2> "$WORK/err1"; echo $? > "$WORK/rc1"
cp -a "$DISK/store" "$WORK/store1"
rm "$DISK/filler"
"$@" --batch-size 1 > "$WORK/out2" 2> "$WORK/err2"; echo $? > "$WORK/rc2"
cp -a "$DISK/store" "$WORK/store2"
"""


def test_a_full_disk_during_extract_is_named_and_the_store_resumes(tmp_path):
    """A real full file system: the store on a 1 MB tmpfs (a private mount namespace) almost
    filled by another file. The run stops with one line naming the part it could not write, the
    batch it was writing is taken back (the store holds whole batches only, nothing half
    written), no worker is left; with space freed, the same command resumes and finishes."""
    from conftest import write_seeds

    from helpers.facts.store import FactsStore

    probe = subprocess.run(["unshare", "--mount", "--map-root-user", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here (unshare: {probe.stderr.decode().strip()})")
    texts = {
        f"d{i}": f"Report {i}: gunmen attacked a checkpoint near Mosul on Monday, killing {i + 2} "
        "policemen, officials said.\n"
        for i in range(6)
    }
    seeds = write_seeds(tmp_path / "seeds", texts, "2024-03-04", "UTC")
    disk, work = tmp_path / "disk", tmp_path / "work"
    disk.mkdir()
    work.mkdir()
    store = disk / "store"
    argv = [*BRIEF, "extract", str(seeds), "--store", str(store), "--workers", "1"]
    argv += ["--no-progress", "--no-fuse"]
    env = {**os.environ, "DISK": str(disk), "WORK": str(work), "FILL": str(1024 * 1024 - 48 * 1024)}
    subprocess.run(
        ["unshare", "--mount", "--map-root-user", "sh", "-c", FULL_DISK, "sh", *argv],
        check=True,
        timeout=4 * TIMEOUT,
        cwd=config.PROJECT_ROOT,
        env=env,
    )
    rc1, err1 = int((work / "rc1").read_text()), (work / "err1").read_text()
    assert (rc1, (work / "out1").read_text()) == (1, ""), err1
    assert "Traceback" not in err1
    found = re.fullmatch(
        rf"error: ({re.escape(str(store))}/(\w+)/part-(\d{{6}})-[0-9a-f]{{12}}\.parquet): "
        r"cannot write to the facts store: no space left on device; free some space\. This "
        r"batch of 1 document\(s\) was taken back: the store holds what earlier batches "
        r"wrote, and running the same command again resumes\n",
        err1,
    )
    assert found, err1
    failed_batch = int(found[3])
    assert failed_batch >= 2, "the first batch fits: the disk fills up during the run"
    # whole batches only: every part belongs to a committed batch before the one that failed
    first = FactsStore(work / "store1")
    parts = sorted((work / "store1").glob("*/*"))
    assert not [p for p in parts if p.name.startswith(".")], parts
    batches = {int(p.name.split("-")[1]) for p in parts}
    assert batches == set(range(1, failed_batch)), parts
    assert len(first.done()) == failed_batch - 1 and first.failed() == {}
    # space freed: the same command resumes after what was stored, and finishes
    rc2, out2 = int((work / "rc2").read_text()), (work / "out2").read_text()
    assert (rc2, (work / "err2").read_text()) == (0, "")
    done = len(first.done())
    assert out2.startswith(f"{6 - done} extracted, {done} already done, 0 failed -> ")
    second = FactsStore(work / "store2")
    assert sorted(second.done()) == sorted(texts)
    second.corpus()
    assert _processes_naming(tmp_path) == []  # no worker of either run is left


def _processes_naming(path: Path) -> list[int]:
    """Processes whose command line names ``path`` (a run's workers, a scheduler client)."""
    import psutil

    return [
        p.info["pid"]
        for p in psutil.process_iter(["pid", "cmdline"])
        if any(str(path) in part for part in p.info["cmdline"] or ())
    ]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again: nothing listens there


@pytest.mark.parametrize(
    "scheduler, why",
    [
        (
            "tcp://127.0.0.1:{port}",
            "cannot reach the Dask scheduler tcp://127.0.0.1:{port}: connection refused: nothing "
            "listens on port {port} of 127.0.0.1; start it (`dask scheduler`) or leave "
            "--scheduler out to start a local cluster. Nothing was extracted",
        ),
        (
            "127.0.0.1",
            "--scheduler '127.0.0.1' is not a scheduler address: give PROTOCOL://HOST:PORT, e.g. "
            "tcp://10.0.0.5:8786",
        ),
    ],
)
def test_an_unreachable_dask_scheduler_is_one_line(ws, tmp_path, scheduler, why):
    """Not two tracebacks after distributed's 30 s of retries: one line, at once (the timeout
    of brief() fails a run that waits), nothing written, no process of the run left."""
    seeds, _, _ = ws
    port = _closed_port()
    scheduler = scheduler.format(port=port)
    before = tree(tmp_path)
    result = brief(
        "extract", seeds, "--store", tmp_path / "store", "--engine", "dask",
        "--scheduler", scheduler, "--no-progress",
    )  # fmt: skip
    assert result.stderr == f"error: {why.format(port=port)}\n"
    assert (result.returncode, result.stdout) == (1, "")
    assert tree(tmp_path) == before
    assert _processes_naming(tmp_path) == []


def test_a_render_prints_no_kernel_warning(tmp_path):
    """The kernel talks over Unix sockets (IPC), not TCP: no "running over TCP without
    encryption" warning on stderr, nothing on stderr at all."""
    result = brief("render", "--out", tmp_path / "out", "--format", "html")
    assert (result.returncode, result.stderr) == (0, "")
    assert "without encryption" not in result.stdout


def test_a_long_list_in_a_message_is_cut(tmp_path):
    """Issue 15: "1,000 documents, e.g. a, b, c, and 997 more", not a thousand names."""
    from conftest import write_seeds

    from helpers.facts.loading import InputError, listed, load_documents

    assert listed(["a", "b"], "documents") == "a, b"
    assert listed(map(str, range(1000)), "documents") == (
        "1,000 documents, e.g. 0, 1, 2, and 997 more"
    )
    texts = {f"d{i:03}": f"Report {i}: the council met.\n" for i in range(30)}
    seeds = write_seeds(tmp_path / "seeds", texts, "2024-03-04", "UTC")
    with pytest.raises(InputError) as info:
        load_documents(seeds, ["nope", *texts])
    assert str(info.value) == (
        f"{seeds}: unknown document(s) nope; documents here: 30 documents, e.g. d000, d001, "
        "d002, and 27 more"
    )
