import pytest
from pydantic import ValidationError

from helpers.facts.schema import Count, Span, When, check_zone, parse_partial


def test_parse_partial_precisions():
    assert parse_partial("2024-02-07T21:30")[1] == "minute"
    assert parse_partial("2024-02-07")[1] == "day"
    assert parse_partial("2024-02")[1] == "month"
    assert parse_partial("2024")[1] == "year"


@pytest.mark.parametrize("value", ["2024-02-30", "2023-02-29", "2024-13", "2024-02-07T24:10"])
def test_impossible_dates_are_rejected(value):
    with pytest.raises(ValueError, match="is not a real"):
        parse_partial(value)


def test_shapeless_value_lists_the_shapes():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_partial("7 Feb 2024")


def test_time_of_day_needs_a_zone():
    with pytest.raises(ValidationError, match="needs its zone"):
        When(precision="minute", start="2024-02-07T21:30")


def test_precision_must_match_value():
    with pytest.raises(ValidationError, match="is a day value but precision is 'minute'"):
        When(precision="minute", start="2024-02-07", tz="UTC")


def test_end_before_start_is_rejected():
    with pytest.raises(ValidationError, match="before start"):
        When(precision="period", start="2024-02-07", end="2024-02-01")


def test_inferred_parts_need_a_basis():
    with pytest.raises(ValidationError, match="basis"):
        When(precision="day", start="2024-02-07", inferred=["year"])


def test_unknown_zone_suggests_names():
    with pytest.raises(ValueError, match="did you mean Asia/Baghdad"):
        check_zone("Baghdad")


def test_span_length_must_match_quote():
    with pytest.raises(ValidationError, match="characters long"):
        Span(doc="d", start=0, end=5, quote="abc")


def test_count_order():
    with pytest.raises(ValidationError, match="low <= best <= high"):
        Count(low=5, best=3)


def test_month_end_bound_rolls_over():
    when = When(precision="month", start="2024-12")
    assert when.end_bound().isoformat() == "2025-01-01T00:00:00"
    assert (
        When(precision="day", start="2024-02-29").end_bound().isoformat() == "2024-03-01T00:00:00"
    )
