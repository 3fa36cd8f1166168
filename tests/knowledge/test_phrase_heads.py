"""A question that says the head of a phrase names what that phrase's group names: "quarterly profit"
asks for a relation named "quarterly net income", since "net profit" and "net income" are one group
of the vocabulary. A relation whose name is no phrase of such a group ("interest income") is not what
"profit" asks for."""

from __future__ import annotations

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Kite Motors,quarterly net income,,$1.2 billion,USD,2025-12-31,current,"
    '"Kite Motors earned $1.2 billion in the October-December 2025 quarter.",Wire,2026-01-28,'
    'https://example.com/1,"$1.2 billion."',
    "Lark Bank,quarterly interest income,,$3.4 billion,USD,2025-12-31,current,"
    '"Lark Bank took in $3.4 billion of interest in the October-December 2025 quarter.",Wire,2026-01-20,'
    'https://example.com/2,"$3.4 billion."',
]
ENTITIES = "name,kind,aliases\nKite Motors,company,\nLark Bank,company,\n"

service = service_fixture("heads.sqlite3", ENTITIES, ROWS)


async def test_the_head_of_a_phrase_asks_for_its_groups_name(service: FactService) -> None:
    answer = service.answerer().ask("kite motors latest quarterly profit")
    assert answer.answered and "1.2 billion" in answer.answer.split("\n")[0], answer.answer


async def test_a_name_outside_the_group_is_a_neighbour(service: FactService) -> None:
    answer = service.answerer().ask("lark bank latest quarterly profit")
    assert not answer.answered, answer.answer
