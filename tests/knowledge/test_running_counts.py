"""A running count (units sold to date: figures that only grew along their timeline) is known at its
dates: asked at a day months after the newest, it is declined, where a role still stands. A part of a
figure the store also holds whole (the units sold in one region, the fact's object) answers only when
the question names the part. "The original kite console" names the first of a product line (an entity
of kind product), and asks for no timeline's first figure."""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Kite Console,units sold,,3.5 million,units,2025-06-08,superseded,"
    '"Kite sold 3.5 million consoles in its first four days.",Wire,2025-06-11,https://example.com/1,"3.5 million."',
    "Kite Console,units sold,,10.36 million,units,2025-09-30,superseded,"
    '"Kite had sold 10.36 million consoles by 30 September 2025.",Wire,2025-11-04,https://example.com/2,'
    '"10.36 million."',
    "Kite Console,units sold,,17.37 million,units,2025-12-31,current,"
    '"Kite had sold 17.37 million consoles by 31 December 2025.",Wire,2026-02-03,https://example.com/3,'
    '"17.37 million."',
    "Kite Console,units sold,Americas,3.68 million,units,2025-09-30,current,"
    '"Kite consoles sold in the Americas reached 3.68 million by 30 September 2025.",Wire,2025-11-04,'
    'https://example.com/4,"3.68 million."',
    "Kite Console,annual sales forecast,,13.5 million,units,2024-05-07,superseded,"
    '"In May 2024 Kite forecast console sales of 13.5 million units for the year to March 2025.",Wire,'
    '2024-05-07,https://example.com/6,"13.5 million."',
    "Kite Console,annual sales forecast,,4.5 million,units,2025-05-08,current,"
    '"Kite forecast sales of 4.5 million original consoles for the year to March 2026.",Wire,2025-05-08,'
    'https://example.com/7,"4.5 million."',
    "Kite Games,president,,Omar Reyes,,2024-02-05,current,"
    '"Omar Reyes became president of Kite Games on 5 February 2024.",Wire,2024-02-05,https://example.com/5,'
    '"Omar Reyes."',
]
ENTITIES = "name,kind,aliases\nKite Console,product,\nKite Games,company,\nAmericas,place,\n"

service = service_fixture("running.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("kite console units sold", "17.4 million"),
        ("kite console units sold as of 31 december 2025", "17.4 million"),
        ("kite console units sold as of september 30 2025", "10.4 million"),
        ("kite console units sold in the americas", "3.68 million"),
        ("how many of the original kite console does kite expect to sell this fy", "4.5 million"),
        # A role stands until it changes: asked long after its date, it still answers.
        ("who was kite games' president as of march 2026", "Omar Reyes"),
    ],
)
async def test_a_running_count_at_its_dates(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


async def test_a_running_count_is_not_known_months_later(service: FactService) -> None:
    """Not the count of 31 December 2025, nor the Americas' part of it."""
    answer = service.answerer().ask("kite console units sold as of march 31 2026")
    assert not answer.answered, answer.answer
