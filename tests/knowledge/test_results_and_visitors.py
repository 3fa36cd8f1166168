"""Everyday words for a company's result, a country's visitors and a canal's transits, and a year's
figure that only its statement dates ("… to €8.9 billion in 2025") never answering a quarter ("q3"), and
a period written "six months to June 2024" answering the half asked.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import PERIOD_HEADER, service_fixture

ROWS = [
    "Fjord Motors,operating profit,,€8.9 billion,EUR,2025-12-31,current,"
    '"Fjord Motors\' operating profit more than halved to €8.9 billion in 2025.",Wire,2026-03-10,'
    'https://example.com/1,"€8.9 billion"',
    "Fjord Motors,third-quarter operating profit,,-€1.3 billion,EUR,2025-09-30,current,"
    '"Fjord Motors made an operating loss of €1.3 billion in the third quarter of 2025.",Wire,2025-10-30,'
    'https://example.com/2,"€1.3 billion"',
    "Fjord Motors,payroll,,$41.7 million,USD,2024-05-15,current,"
    '"Fjord Motors\' wage bill was $41.7 million.",Wire,2024-05-15,https://example.com/9,"41.7"',
    "Kestrel Isles,foreign visitors,,36.9 million visitors,visitors,2024-12-31,current,"
    '"Kestrel Isles welcomed 36.9 million foreign visitors in 2024.",Wire,2025-01-15,'
    'https://example.com/3,"36.9 million"',
    "Gull Canal,monthly transits,,1080 ships,ships,2024-12-31,current,"
    '"1,080 ships passed through the Gull Canal in December 2024.",Wire,2025-01-05,https://example.com/4,"1,080 ships"',
]
ENTITIES = (
    "name,kind,aliases\nFjord Motors,company,Fjord|フィヨルド\nKestrel Isles,place,Kestrel\nGull Canal,place,ガル運河\n"
)

service = service_fixture("results_and_visitors.sqlite3", ENTITIES, ROWS)

LOSSES = [
    "Fjord Motors,net loss,,¥42.5 billion,JPY,2024-05-12,current,"
    '"Fjord Motors made a net loss of 42.5 billion yen.",Wire,2024-05-12,https://example.com/7,"42.5",'
    "three months to March 2024",
    "Fjord Motors,net loss,,¥75.9 billion,JPY,2024-08-09,current,"
    '"Fjord Motors made a net loss of 75.9 billion yen.",Wire,2024-08-09,https://example.com/5,"75.9",'
    "six months to June 2024",
    "Fjord Motors,net loss,,¥108.4 billion,JPY,2024-11-09,current,"
    '"Fjord Motors made a net loss of 108.4 billion yen.",Wire,2024-11-09,https://example.com/8,"108.4",'
    "nine months to September 2024",
    "Fjord Motors,net loss,,¥162.4 billion,JPY,2025-02-14,current,"
    '"Fjord Motors made a net loss of 162.4 billion yen.",Wire,2025-02-14,https://example.com/6,"162.4",2024',
]
losses = service_fixture("losses.sqlite3", ENTITIES, LOSSES, PERIOD_HEADER)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("fjord h1 2024 net loss", "¥75.9 billion"),
        ("fjord jan-sept 2024 net loss", "¥108 billion"),
        ("fjord net loss 2024", "¥162 billion"),
    ],
)
async def test_months_to_a_month_are_that_stretch(losses: FactService, question: str, expected: str) -> None:
    # A period written "six months to June 2024" is January to June 2024: the half asked.
    answer = losses.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("fjord q3 operating result", "-€1.3 billion"),
        ("fjord q3 operating profit latest", "-€1.3 billion"),  # not the year's, though it is newer
        ("fjord operating profit 2025", "€8.9 billion"),
        ("how many tourists came to kestrel in 2024", "36.9 million"),
        ("ガル運河の月間通航量は？", "1,080"),
        ("フィヨルドの人件費総額は？", "4170万ドル"),  # 人件費: payroll, by the glossary
    ],
)
async def test_words_people_use_and_the_year_a_statement_says(
    service: FactService, question: str, expected: str
) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer
