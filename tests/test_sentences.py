"""Sentence bounds on text laid out as pages are: a headline line with no full stop ends a
sentence; a sentence wrapped in the middle of a line does not (texts written for this test)."""

import pytest

from helpers.extract.pipeline import build_nlp
from helpers.extract.text import sentence_ranges

NLP = build_nlp()


def sentences(text):
    return [text[a:b] for a, b in sentence_ranges(text, NLP(text))]


def test_a_headline_line_ends_its_sentence():
    text = (
        "Gunmen Storm Hotel In Port City\nKISMAYO: Gunmen stormed a hotel on Friday, police said."
    )
    assert sentences(text)[0] == "Gunmen Storm Hotel In Port City"


def test_a_line_wrapped_mid_sentence_stays_one_sentence():
    text = "It was the worst attack since\ntwo car bombs went off near a market in\nMarch 2021, killing 20."
    assert len(sentences(text)) == 1


def test_a_line_ending_a_sentence_and_a_blank_line_end_sentences():
    text = "The attack killed five.\nOfficials said more died\n\nOn Monday, talks resumed."
    assert len(sentences(text)) == 3


def test_datelines_are_masked_wherever_the_story_starts():
    from helpers.extract.text import masked

    for text, kept in [
        (
            "Rebels say 84 killed\nDAKAR, Senegal (AFP) — Rebels said Thursday",
            "Rebels said Thursday",
        ),
        ("Bamako, July 27 (Reuters) – The army said", "The army said"),
        ("NAIROBI (AP) — Police said", "Police said"),
        ("SANAA/ADEN, May 3 (Coast Wire) - Police said", "Police said"),
        ("Kismayo: Gunmen stormed a hotel", "Gunmen stormed a hotel"),
    ]:
        out, _ = masked(text)
        assert out.endswith(kept) and "Senegal" not in out and "Bamako" not in out
        assert len(out) == len(text)


def test_a_caption_with_a_credit_is_masked():
    from helpers.extract.text import masked

    text = (
        "Mourners lay flowers outside the embassy in memory of the victims of the attack, "
        "on March 23, 2024. © Jane Doe / Agency\nGunmen stormed the hall on Friday."
    )
    out, _ = masked(text)
    assert out.strip() == "Gunmen stormed the hall on Friday."


def test_a_long_caption_ending_with_a_bracketed_photo_credit_is_masked():
    from helpers.extract.text import masked

    caption = (
        "Rescuers search the rubble of a block of flats hit by a missile in the eastern district "
        "of the port city, Sunday, May 5, 2024. A missile destroyed the block overnight, killing "
        "four people, the regional governor said on Sunday. (AP Photo/Jan Novak)"
    )
    body = "A missile destroyed the block overnight, the governor said."
    out, _ = masked(f"{caption}\n{body}\nThe minister (pictured) said the photo (below) was old.")
    assert out.split("\n") == [" " * len(caption), body, out.split("\n")[2]]
    assert "pictured" in out  # a bracket that is no credit stays


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "The blast killed more than 30 people and wounded around 2,500.",
            {"killed": [30], "injured": [2500]},
        ),
        (
            "Two adults were killed in the raid, and 9 people were injured.",
            {"killed": [2], "injured": [9]},
        ),
        ("Shelling left some 40 people wounded overnight.", {"injured": [40]}),
        ("The shelling left 12 villagers dead.", {"killed": [12, 12]}),
        ("Gunmen killed over a dozen miners at the pit.", {"killed": [12]}),
        ("The raid killed more than a hundred people.", {"killed": [100]}),
        ("The bombing wounded nearly a thousand civilians.", {"injured": [1000]}),
        ("The dispute killed over a year of talks.", {}),  # "a year" is no one
        # the wounded are counted after the dead, never with them
        (
            "The car bomb left 7 dead and 30 wounded near the market.",
            {"killed": [7], "injured": [30, 30]},
        ),
    ],
)
def test_casualty_figures_with_their_bounding_words(sentence, expected):
    from helpers.extract.text import outcomes

    assert {kind: numbers for kind, numbers, _ in outcomes(sentence)} == expected
