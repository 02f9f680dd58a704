from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.extract.normalize import normalize


def test_messy_characters_are_normalised_and_offsets_kept():
    text = "\ufeffKata\u2019ib\u00a0Hezbollah &amp; CENTCOM\r\n\u201cquote\u201d"
    n = normalize(text)
    assert n.text == 'Kata\'ib Hezbollah & CENTCOM\n"quote"'
    i = n.text.index("Hezbollah")
    assert n.quote(i, i + len("Hezbollah")) == "Hezbollah"
    j = n.text.index("&")
    assert n.quote(j, j + 1) == "&amp;"
    assert n.quote(0, 7) == "Kata\u2019ib"  # the BOM is dropped, the curly apostrophe kept


def test_unknown_entity_is_left_alone():
    assert normalize("AT&T and &nosuch; stay").text == "AT&T and &nosuch; stay"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_offsets_are_monotonic_and_in_range(text):
    n = normalize(text)
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(text)
    assert all(a <= b for a, b in zip(n.offsets, n.offsets[1:], strict=False))
    assert all(0 <= o <= len(text) for o in n.offsets)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="&")))
def test_normalisation_is_idempotent_without_entities(text):
    once = normalize(text).text
    assert normalize(once).text == once
