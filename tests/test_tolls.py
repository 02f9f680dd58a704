"""Death and injury figures as reports word them (helpers.extract.text.outcomes), on sentences
written for these tests."""

import pytest

from helpers.extract.text import outcomes


@pytest.mark.parametrize(
    "sentence, kind, numbers",
    [
        ("In May 2019, 45 people were killed in the village.", "killed", [45]),
        ("At least 40 people were shot dead when gunmen stormed the village.", "killed", [40]),
        ("The attacks claimed seven lives, the governor said.", "killed", [7]),
        ("The blast claimed the lives of 12 people.", "killed", [12]),
        ("The death toll could exceed 500, a local official said.", "killed", [500]),
        ("At least 1,200 people were killed in the offensive.", "killed", [1200]),
        ("Some 3,000 were injured across the region.", "injured", [3000]),
        # the one named and the others: "along with N others" is N + 1 dead
        ("The mayor was killed along with at least three other people.", "killed", [4]),
        ("The commander was killed along with two of his guards on Monday.", "killed", [3]),
        ("Two of his bodyguards were killed in the ambush.", "killed", [2]),
        ("Three crew members were killed when the missile hit.", "killed", [3]),
    ],
)
def test_figures_of_the_dead_and_wounded(sentence, kind, numbers):
    found = {k: n for k, n, _ in outcomes(sentence)}
    assert found.get(kind) == numbers


def test_a_year_before_a_count_is_no_count():
    found = {k: n for k, n, _ in outcomes("In June 2021, 160 people were killed there.")}
    assert found["killed"] == [160]
