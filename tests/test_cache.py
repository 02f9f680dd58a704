"""The on-disk table cache (helpers.facts.cache) and the place tables kept in it."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

import pytest

from helpers import config
from helpers.facts import cache, places


@dataclass(frozen=True)
class Town:
    name: str


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


def test_a_table_is_built_once_and_read_back_the_same(cache_dir, tmp_path):
    source = tmp_path / "towns.txt"
    source.write_text("Kidal\nGao\n", encoding="utf-8")
    built = []

    def build():
        built.append(1)
        return {"kidal": [Town("Kidal")], "gao": [Town("Gao")]}

    first = cache.cached("towns", [source], build, [Town])
    again = cache.cached("towns", [source], build, [Town])
    assert again == first and len(built) == 1
    assert [p.name for p in cache_dir.glob("towns-*.pickle")] != []


def test_a_changed_input_builds_the_table_again(cache_dir, tmp_path):
    source = tmp_path / "towns.txt"
    source.write_text("Kidal\n", encoding="utf-8")
    first = cache.cached("towns", [source], lambda: {"n": 1}, [])
    source.write_text("Kidal\nGao\n", encoding="utf-8")
    assert first == {"n": 1}
    assert cache.cached("towns", [source], lambda: {"n": 2}, []) == {"n": 2}


def test_a_broken_file_is_built_again_and_replaced(cache_dir, tmp_path):
    source = tmp_path / "towns.txt"
    source.write_text("Kidal\n", encoding="utf-8")
    cache.cached("towns", [source], lambda: {"n": 1}, [])
    (path,) = cache_dir.glob("towns-*.pickle")
    path.write_bytes(b"\x80\x05not a pickle")
    assert cache.cached("towns", [source], lambda: {"n": 1}, []) == {"n": 1}
    assert pickle.loads(path.read_bytes()) == {"n": 1}


def test_a_class_the_caller_does_not_name_is_never_made(cache_dir, tmp_path):
    source = tmp_path / "towns.txt"
    source.write_text("Kidal\n", encoding="utf-8")
    cache.cached("towns", [source], lambda: {"n": 1}, [])
    (path,) = cache_dir.glob("towns-*.pickle")
    path.write_bytes(pickle.dumps({"town": Town("Gao")}))  # a class not allowed here
    assert cache.cached("towns", [source], lambda: {"n": 3}, []) == {"n": 3}


def test_no_cache_directory_builds_every_time(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "CACHE_DIR", None)
    built = []
    for _ in range(2):
        cache.cached("towns", [], lambda: built.append(1) or len(built), [])
    assert len(built) == 2


def test_an_unwritable_cache_directory_still_gives_the_table(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(config, "CACHE_DIR", blocker / "cache")  # under a file: cannot be made
    assert cache.cached("towns", [], lambda: {"n": 1}, []) == {"n": 1}


def test_the_place_tables_read_back_equal_the_built_ones(cache_dir):
    places._tables.cache_clear()
    try:
        kept = places._tables()  # built and kept
        places._tables.cache_clear()
        read = places._tables()  # read back
        assert read[0] == kept[0] and list(read[0]) == list(kept[0])
        assert read[1] == kept[1]
        assert read[0] == places._world() and read[1] == places._nationalities()
    finally:
        places._tables.cache_clear()
