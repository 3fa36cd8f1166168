"""What a question must say of a curator's relation name, by its head. The head of a phrase names what
that phrase's group names: "quarterly profit" asks for a relation named "quarterly net income", since
"net profit" and "net income" are one group of the vocabulary; "interest income" is no such name. An
estimate of a loss is about the loss: "insured losses" asks for the "insured loss estimate". A head
that is a full cue of a relation the question's cues name first is asked: "sales goal" asks for the
"long term revenue target" ("target" is a cue of the built-in goal). Of two figures that fit as well,
"latest" takes the one whose name the question says all of ("market cap": the market capitalization,
not the newer market value "regained"), before the newer."""

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
    "Harbor Fire,insured loss estimate,,$28 billion,USD,2025-01-22,current,"
    '"Insurers put the Harbor Fire\'s insured losses at about $28 billion.",Wire,2025-01-22,'
    'https://example.com/3,"$28 billion."',
    "Kite Motors,long term revenue target,,$50 billion,USD,2023-10-12,current,"
    '"Kite Motors aims for $50 billion in annual revenue in the long term.",Wire,2023-10-12,'
    'https://example.com/4,"$50 billion."',
    "Kite Motors,market capitalization,,$87.8 billion,USD,2024-12,current,"
    '"By December 2024 Kite Motors\' market capitalization stood at $87.8 billion.",Wire,2024-12-31,'
    'https://example.com/5,"$87.8 billion."',
    "Kite Motors,market value regained,,$30 billion,USD,2025-01,current,"
    '"By January 2025 Kite Motors had regained the $30 billion of market value it lost.",Wire,2025-01-20,'
    'https://example.com/6,"$30 billion."',
]
ENTITIES = "name,kind,aliases\nKite Motors,company,\nLark Bank,company,\nHarbor Fire,event,\n"

service = service_fixture("heads.sqlite3", ENTITIES, ROWS)


async def test_the_head_of_a_phrase_asks_for_its_groups_name(service: FactService) -> None:
    answer = service.answerer().ask("kite motors latest quarterly profit")
    assert answer.answered and "1.2 billion" in answer.answer.split("\n")[0], answer.answer


async def test_a_name_outside_the_group_is_a_neighbour(service: FactService) -> None:
    answer = service.answerer().ask("lark bank latest quarterly profit")
    assert not answer.answered, answer.answer


async def test_an_estimate_is_named_by_what_it_estimates(service: FactService) -> None:
    answer = service.answerer().ask("harbor fire insured losses?")
    assert answer.answered and "28 billion" in answer.answer.split("\n")[0], answer.answer


async def test_a_head_that_cues_the_relation_asked_is_asked(service: FactService) -> None:
    answer = service.answerer().ask("kite motors long term sales goal")
    assert answer.answered and "50 billion" in answer.answer.split("\n")[0], answer.answer


async def test_latest_takes_the_figure_whose_name_is_said(service: FactService) -> None:
    answer = service.answerer().ask("kite motors market cap latest?")
    assert answer.answered and "87.8 billion" in answer.answer.split("\n")[0], answer.answer
