"""Words that pick a place in a series or a place on the map, and how long a one-off figure stands:
"the third distribution" is not the first one's, "layoffs in the us" are not the worldwide total, and
a funding round's valuation is not the company's valuation two years on."""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "FTX,first distribution amount,,1.2 billion,USD,2025-02-18,current,"
    '"FTX\'s first creditor payout wave from 18 February 2025 totalled around $1.2 billion.",Wire,2025-02-18,'
    'https://example.com/d1,"$1.2 billion."',
    "FTX,second distribution amount,,5 billion,USD,2025-05-30,current,"
    '"FTX said it would send over $5 billion to creditors in its second distribution.",Wire,2025-05-30,'
    'https://example.com/d2,"$5 billion."',
    "FTX US,valuation,,8 billion,USD,2022-01-26,current,"
    '"FTX US was valued at $8 billion in its $400 million Series A round in January 2022.",Wire,2022-01-26,'
    'https://example.com/v,"$8 billion."',
    "Novo Nordisk,job cuts,,9000,jobs,2025-09-10,current,"
    '"On 10 September 2025 Novo Nordisk said it would cut about 9,000 of its 78,400 positions.",Wire,2025-09-10,'
    'https://example.com/j,"9,000 jobs."',
    "Nippon Steel,investment pledge,U.S. Steel,2.7 billion,USD,2024-09-04,current,"
    '"Nippon Steel pledged to invest $2.7 billion in U.S. Steel\'s union-represented facilities.",Wire,2024-09-04,'
    'https://example.com/p,"$2.7 billion."',
]
ENTITIES = (
    "name,kind,aliases\nFTX,company,\nFTX US,company,\nNovo Nordisk,company,Novo\nNippon Steel,company,\n"
    "U.S. Steel,company,US Steel\n"
)


service = service_fixture("series.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("size of the second ftx distribution?", "$5 billion"),
        ("how big was ftx's 1st distribution", "$1.2 billion"),
        ("how many jobs is novo cutting", "9,000"),
        ("ftx us valuation in 2022?", "$8 billion"),
        # A pledge made in September still stands in December.
        ("what was nippon's investment pledge in december 2024", "$2.7 billion"),
    ],
)
async def test_the_place_asked_is_answered(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # The relations name the first and second: the third is not on file.
        "size of the third ftx distribution?",
        # "the us" is the United States, which no fact about the cuts names.
        "how many of novo's layoffs are in the us",
        # A round's valuation of January 2022 is no answer for 2023.
        "ftx us valuation in 2023?",
    ],
)
async def test_another_place_is_not_answered(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer
