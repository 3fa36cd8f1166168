"""How a thing stands, and values that are words.

"Where does the deal stand", "what happened to the bid in the end", 「今どうなってる」 ask for a stage or
what became of it: the deal's price, a vote's share or who negotiated it is no answer, however well its
words fit. A number is still the answer when one is asked too ("how much was the bid").

A value a curator writes as words that begin with a number ("10-year offer made; Sony had not accepted")
is kept as written, not read as the number 10 in a unit of six words.
"""

from __future__ import annotations

import pytest

from knowledge.models import TextValue
from knowledge.service import FactService
from tests.knowledge.sheets import headline, service_fixture

ROWS = [
    "Alder Foods,deal value,Birch Dairy,$8 billion,USD,2024-07-07,current,"
    '"Alder Foods agreed to buy Birch Dairy in an $8 billion deal.",Wire,2024-07-07,https://example.com/1,"$8bn"',
    "Alder Foods,acquisition,Birch Dairy,in talks,,2024-07-07,superseded,"
    '"Alder Foods announced its deal to buy Birch Dairy on 7 July 2024.",Wire,2024-07-07,https://example.com/2,'
    '"announced"',
    "Alder Foods,acquisition,Birch Dairy,ended,,2025-02-03,current,"
    '"Alder Foods called off its deal for Birch Dairy on 3 February 2025.",Wire,2025-02-03,https://example.com/3,'
    '"called off"',
    "Birch Dairy,shareholder vote in favour,,91%,%,2024-11-20,current,"
    '"91% of Birch Dairy shareholders voted for the Alder Foods deal.",Wire,2024-11-20,https://example.com/4,"91%"',
    "Birch Dairy,chief negotiator,,Dana Holt,,2024-07-07,current,"
    '"Dana Holt negotiated the Alder Foods deal for Birch Dairy.",Wire,2024-07-07,https://example.com/5,"Holt"',
    "Cedar Mills,plant capacity,,120000,tonnes,2024-03-01,current,"
    '"The Cedar Mills plant can process 120,000 tonnes of grain a year.",Wire,2024-03-01,https://example.com/6,'
    '"120,000 tonnes"',
    "Alder Foods,supply deal status,Cedar Mills,10-year offer made; Cedar had not accepted,,2024-12,current,"
    '"Alder Foods offered Cedar Mills a 10-year supply deal in December 2024, which Cedar had not accepted.",'
    'Wire,2024-12-20,https://example.com/7,"10-year offer"',
]
ENTITIES = (
    "name,kind,aliases\n"
    "Alder Foods,company,alder|アルダー\n"
    "Birch Dairy,company,birch|バーチ\n"
    "Cedar Mills,company,cedar\n"
)

service = service_fixture("status_questions.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("where does the alder birch deal stand", "talks ended"),
        ("so what happened to the alder birch deal in the end", "talks ended"),
        ("アルダーのバーチ買収って今どうなってる？", "終了"),
        # A number asked is still a number's answer.
        ("how much was alder's deal for birch", "$8 billion"),
    ],
)
async def test_how_a_thing_stands_is_its_stage(service: FactService, question: str, expected: str) -> None:
    assert expected in headline(service, question)


async def test_a_figure_alone_says_nothing_of_how_a_thing_stands(service: FactService) -> None:
    # Only the plant's capacity is on file: it says nothing of what became of the plant.
    answer = service.answerer().ask("what happened to the cedar mills plant")
    assert not answer.answered, answer.answer


async def test_words_that_begin_with_a_number_are_kept_as_written(service: FactService) -> None:
    knowledge = await service.knowledge()
    (fact,) = [f for f in knowledge.facts if f.predicate == "supply_deal_status"]
    assert isinstance(fact.value, TextValue)
    assert "10-year offer made; Cedar had not accepted" in headline(service, "alder cedar supply deal status")
