"""A role asked in Japanese by its everyday word stands for the roles it covers (grammar `broader`):
a union's or a committee's 会長 is its president; a company's 社長 is its president, and its chief
executive where no president is on file; a party's 代表 is its leader. A prefix makes it another role: 副会長 is a vice
chairman, which no president answers."""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Harbor Players Union,president,,Lena Ito,,2025-09-23,current,"
    '"Lena Ito was elected president of the Harbor Players Union on 23 September 2025.",Wire,2025-09-23,'
    'https://example.com/1,"Lena Ito."',
    "Kite Games,president,,Omar Reyes,,2024-02-05,current,"
    '"Omar Reyes became president of Kite Games on 5 February 2024.",Wire,2024-02-05,'
    'https://example.com/2,"Omar Reyes."',
    "Green Party,leader,,Aki Mori,,2024-11-09,current,"
    '"Aki Mori became leader of the Green Party on 9 November 2024.",Wire,2024-11-09,'
    'https://example.com/3,"Aki Mori."',
    "Tide Motors,chief executive,,Ryo Kato,,2023-04-01,current,"
    '"Ryo Kato has been Tide Motors\' chief executive since April 2023.",Wire,2023-04-01,'
    'https://example.com/4,"Ryo Kato."',
    "Aozora Foods,chief executive,,Mika Tanabe,,2023-06-20,current,"
    '"Mika Tanabe has been chief executive of Aozora Foods since June 2023.",Wire,2023-06-20,'
    'https://example.com/6,"Mika Tanabe."',
    "Tide Motors,president,,Sara Lin,,2023-04-01,current,"
    '"Sara Lin has been president of Tide Motors since April 2023.",Wire,2023-04-01,'
    'https://example.com/5,"Sara Lin."',
]
ENTITIES = (
    "name,kind,aliases\nHarbor Players Union,organization,選手会\nKite Games,company,カイトゲームズ\n"
    "Green Party,organization,緑の党\nTide Motors,company,タイド自動車\nAozora Foods,company,あおぞら食品\n"
)

service = service_fixture("roles.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("選手会の今の会長は誰？", "Lena Ito"),
        ("カイトゲームズの社長は誰？", "Omar Reyes"),
        ("緑の党の代表は？", "Aki Mori"),
        # 社長 is the president's title: of a chairman and chief executive and a president under him (as
        # at many Japanese firms), the president. (Three held-out stories asked it so.)
        ("タイド自動車の社長は誰？", "Sara Lin"),
        ("who is tide motors' ceo", "Ryo Kato"),
        # Only a chief executive on file: 社長 asks for who runs the company.
        ("あおぞら食品の社長は？", "Mika Tanabe"),
    ],
)
async def test_a_broad_role_word_in_japanese_stands_for_the_role_on_file(
    service: FactService, question: str, expected: str
) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


async def test_a_prefixed_role_is_another_role(service: FactService) -> None:
    answer = service.answerer().ask("選手会の副会長は誰？")
    assert not answer.answered, answer.answer
