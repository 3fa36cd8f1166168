"""How far a figure moved, asked as users do ("how much did the stock pop", "% drop in revenue").

The level it moved to ("closed at 417.6 yen", "revenue fell to $3.99 billion") is no answer; a percentage,
or a relation or statement of the move itself ("share price change", "rose by 40 yen"), is. Asked what it
moved to ("what did it rise to"), the level answers.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import headline, service_fixture

ROWS = [
    "Alder Motors,share price,,¥417.6,JPY,2024-12-18,current,"
    '"Alder Motors shares closed limit-up at 417.6 yen on 18 December 2024 after reports of merger talks.",Wire,'
    '2024-12-18,https://example.com/1,"417.6 yen"',
    "Alder Motors,share price change,,23.7%,%,2024-12-18,current,"
    '"Alder Motors shares jumped 23.7% on 18 December 2024.",Wire,2024-12-18,https://example.com/2,"23.7%"',
    "Harbour Canal,revenue,,$3.99 billion,USD,2024-12-31,current,"
    '"Harbour Canal revenue fell to $3.99 billion in 2024.",Wire,2025-01-10,https://example.com/3,"$3.99 billion"',
    "Birch Energy,share price,,$41.2,USD,2025-03-04,current,"
    '"Birch Energy shares fell by the daily limit to close at $41.20 on 4 March 2025.",Wire,2025-03-04,'
    'https://example.com/4,"$41.20"',
    "Cedar Foods,share price,,¥2480,JPY,2025-05-13,current,"
    '"Cedar Foods shares rose by 240 yen to 2,480 yen on 13 May 2025.",Wire,2025-05-13,https://example.com/5,'
    '"2,480 yen"',
]
ENTITIES = (
    "name,kind,aliases\n"
    "Alder Motors,company,alder\n"
    "Harbour Canal,organization,the canal\n"
    "Birch Energy,company,birch\n"
    "Cedar Foods,company,cedar\n"
)

service = service_fixture("moves_asked.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how much did alder stock pop on dec 18", "23.7%"),
        # A statement of the move itself answers.
        ("how much did cedar shares rise on 13 may 2025", "2,480"),
        # Asked what it moved to, the level answers.
        ("what did the canal's revenue fall to in 2024", "$3.99 billion"),
        ("alder share price on dec 18 2024", "417.6"),
    ],
)
async def test_a_move_is_answered_by_the_move(service: FactService, question: str, expected: str) -> None:
    assert expected in headline(service, question)


@pytest.mark.parametrize(
    "question",
    [
        # Only the level it fell to is on file.
        "latest % drop in the canal's revenue?",
        "how much did the canal's revenue fall in 2024",
        # "Fell by the daily limit" says no figure of the fall.
        "how much did birch stock tank on 4 march 2025",
    ],
)
async def test_the_level_a_figure_moved_to_is_no_answer_to_how_far(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer
