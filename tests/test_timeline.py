import datetime as dt

import pytest

from helpers import build_timeline, describe_when, load_corpus
from helpers.facts.schema import When
from helpers.facts.times import (
    format_date,
    in_window,
    is_window,
    short_when,
    to_zone,
    window_words,
)


def test_baghdad_evening_is_1830_utc():
    when = When(precision="minute", start="2024-02-07T21:30", tz="Asia/Baghdad")
    assert to_zone(when, "UTC").isoformat() == "2024-02-07T18:30:00+00:00"
    assert to_zone(when, "America/New_York").isoformat() == "2024-02-07T13:30:00-05:00"


def test_eastern_afternoon_is_next_day_in_baghdad():
    when = When(precision="minute", start="2024-02-02T16:00", tz="America/New_York")
    assert to_zone(when, "Asia/Baghdad").isoformat() == "2024-02-03T00:00:00+03:00"
    assert describe_when(when).endswith("(21:00 UTC)")


def test_utc_day_shift_is_spelled_out():
    when = When(precision="minute", start="2024-02-08T01:30", tz="Asia/Baghdad")
    assert "(22:30 UTC 7 February)" in describe_when(when)


def test_describe_marks_inferred_parts():
    when = When(
        precision="minute",
        start="2024-02-07T21:30",
        tz="Asia/Baghdad",
        inferred=["year"],
        basis="dct",
    )
    assert (
        describe_when(when)
        == "on 7 February 2024 at 21:30 Asia/Baghdad time (18:30 UTC) [year inferred]"
    )
    period = When(
        precision="period",
        start="2024-01-28",
        end="2024-02-08",
        inferred=["start", "end"],
        basis="b",
    )
    assert (
        describe_when(period) == "at a date not given, between 28 January 2024 and 8 February 2024"
    )
    ongoing = When(precision="period", end="2024-02-08", ongoing=True, inferred=["end"], basis="b")
    assert describe_when(ongoing) == "ongoing as of 8 February 2024"
    assert format_date(ongoing) == "start not given – ongoing at 2024-02-08*"


def test_a_window_is_written_in_words_a_reader_cannot_take_for_a_duration():
    """The timeline table's Date cell of "at a date not given, between A and B" says so; a
    period with a stated start (a duration) keeps its range."""
    window = When(
        precision="period",
        start="2024-01-28",
        end="2024-02-08",
        inferred=["start", "end"],
        basis="b",
    )
    assert is_window(window)
    assert window_words(window) == "a date not given, between 28 Jan and 8 Feb 2024"
    across = When(
        precision="period",
        start="2023-12-28",
        end="2024-01-08",
        inferred=["start", "end"],
        basis="b",
    )
    assert window_words(across) == "a date not given, between 28 Dec 2023 and 8 Jan 2024"
    year_too = When(
        precision="period",
        start="2024-01-28",
        end="2024-02-08",
        inferred=["start", "end", "year"],
        basis="b",
    )
    assert window_words(year_too).endswith("8 Feb 2024*")
    duration = When(precision="period", start="2024-01-28", end="2024-02-08")
    assert not is_window(duration) and window_words(duration) is None
    ongoing = When(precision="period", end="2024-02-08", ongoing=True, inferred=["end"], basis="b")
    assert not is_window(ongoing)


@pytest.mark.parametrize(
    ("when", "short"),
    [
        (When(precision="day", start="2024-02-07"), "7 Feb 2024"),
        (When(precision="day", start="2024-02-07", inferred=["year"], basis="b"), "7 Feb 2024*"),
        (When(precision="minute", start="2024-02-07T21:30", tz="Asia/Baghdad"), "7 Feb 2024"),
        (When(precision="month", start="2024-02"), "Feb 2024"),
        (
            When(
                precision="period",
                start="2024-01-28",
                end="2024-02-08",
                inferred=["start", "end"],
                basis="b",
            ),
            "28 Jan–8 Feb 2024",
        ),
        (When(precision="period", end="2024-02-08", ongoing=True), "ongoing at 8 Feb 2024"),
        (When(precision="period", end="2024-02-08"), "to 8 Feb 2024"),
        (When(precision="unknown"), "undated"),
    ],
)
def test_short_when_names_an_event_in_a_reference(when, short):
    assert short_when(when) == short


def test_day_values_are_not_converted():
    assert to_zone(When(precision="day", start="2024-01-28"), "UTC") is None


@pytest.mark.parametrize(
    ("when", "window", "inside"),
    [
        (
            When(precision="day", start="2024-01-28"),
            (dt.date(2024, 1, 28), dt.date(2024, 1, 28)),
            True,
        ),
        (When(precision="day", start="2024-01-28"), (dt.date(2024, 1, 29), None), False),
        (When(precision="day", start="2024-01-28"), (None, dt.date(2024, 1, 27)), False),
        (When(precision="month", start="2024-01"), (dt.date(2024, 1, 31), None), True),
        (
            When(precision="period", end="2024-02-08", ongoing=True),
            (dt.date(2024, 2, 1), None),
            True,
        ),
        (When(precision="unknown", expression="during the war"), (dt.date(2030, 1, 1), None), True),
    ],
)
def test_window_overlap(when, window, inside):
    assert in_window(when, *window) is inside


def test_seed_timeline_order_and_columns():
    df = build_timeline(load_corpus(), display_tz="America/New_York", focus_actor="kh")
    ids = list(df["event_id"])
    assert ids[0] == "e-tower22-2024-01-28"
    assert ids.index("e-biden-statement-2024-01-31") < ids.index("e-strike-2024-02-07")
    assert ids[-1] == "e-kh-roadside-bombs"  # undated background last
    strike = df.set_index("event_id").loc["e-strike-2024-02-07"]
    assert strike["utc"] == "2024-02-07 18:30 UTC"
    assert strike["local_time"] == "21:30 Asia/Baghdad (+03:00)"
    assert strike["display_time"] == "2024-02-07 13:30 (-05:00)"
    assert strike["display_tz"] == "America/New_York"
    assert strike["date"] == "2024-02-07*" and strike["inferred"] == "year"
    tower = df.set_index("event_id").loc["e-tower22-2024-01-28"]
    assert tower["status"] == "suspected" and tower["hedge"] == "suspected" and tower["utc"] == ""
    assert tower["focus"] is False or not tower["focus"]
    assert df.set_index("event_id").loc["e-kh-suspension", "focus"]


def test_window_filters_rows():
    df = build_timeline(
        load_corpus(), window_start=dt.date(2024, 2, 1), window_end=dt.date(2024, 2, 7)
    )
    assert "e-tower22-2024-01-28" not in set(df["event_id"])
    assert "e-strike-2024-02-07" in set(df["event_id"])
    assert "e-kh-suspension" in set(df["event_id"])  # a period that overlaps the window
