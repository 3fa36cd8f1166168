"""A company a curator imports under a longer name, with the store's own name for it as an alias ("Sony
Group", also "Sony", where the store knows "Sony"); a name in Latin letters after 「の」; a whole asked of a
figure that is one unit's ("in total" of the largest single show); an amount asked in Japanese (「提案額」); a
start asked of a thing ("when did the tour kick off"), not said of a time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge.service import FactService
from knowledge.store import BASE
from tests.knowledge.sheets import HEADER, curated

ROWS = [
    "Maple Group,chief executive,,Hana Ito,,2025-04-01,current,"
    '"Hana Ito became Maple Group\'s chief executive on 1 April 2025.",Wire,2025-04-01,'
    'https://example.com/1,"Hana Ito"',
    "Maple Group,stake in,Kite Fab,6%,%,2024-02-06,current,"
    '"Maple Group holds 6% of Kite Fab.",Wire,2024-02-06,https://example.com/2,"holds 6%"',
    "Maple Group,acquisition,Cedar Films,ended,,2024-08-07,current,"
    '"Maple Group ended its pursuit of Cedar Films in August 2024.",Wire,2024-08-07,https://example.com/3,"ended"',
    "Orchard Tour,largest single-show attendance,,96006 people,people,2024-12-09,current,"
    '"The biggest single show of the Orchard Tour drew 96,006 people in Melbourne.",Wire,2024-12-09,'
    'https://example.com/4,"96,006"',
    "Orchard Tour,start date,,2023-03-17,,2023-03-17,current,"
    '"The Orchard Tour opened in Glendale on 17 March 2023.",Wire,2023-03-18,https://example.com/5,"17 March"',
    "Orchard Tour,end date,,2024-12-08,,2024-12-08,current,"
    '"The Orchard Tour closed in Vancouver on 8 December 2024.",Wire,2024-12-09,https://example.com/6,"8 December"',
]
ENTITIES = (
    "name,kind,aliases\n"
    "Maple Group,company,Maple|メープル|メープルグループ\n"
    "Kite Fab,company,KFAB|カイトファブ\n"
    "Cedar Films,company,Cedar|シダー\n"
    "Orchard Tour,event,Orchard|オーチャードツアー\n"
)
KNOWN = "name,kind,aliases\nMaple,company,Maple Motors\nBirch,company,Birch Holdings|Ash\n"
"""What the store already knew before the curator's sheets (another story, or a shipped pack)."""


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[FactService]:
    facts = HEADER + "\n".join(ROWS) + "\n"
    async with curated(tmp_path / "names_and_parts.sqlite3", ENTITIES, facts, known=KNOWN) as started:
        yield started


async def test_a_known_name_given_as_an_alias_is_that_entity(service: FactService) -> None:
    knowledge = await service.knowledge()
    (maple,) = [e for e in knowledge.entities if "Maple Group" in (e.name, *e.aliases)]
    assert maple.name == "Maple" and "Maple Motors" in maple.aliases  # what the store called it is kept
    answer = service.answerer().ask("who is maple's ceo")
    assert answer.answered and "Hana Ito" in answer.answer.split("\n")[0], answer.answer


async def test_an_alias_that_is_only_another_alias_of_a_known_entity_merges_nothing(service: FactService) -> None:
    await service.import_file("name,kind,aliases\nAsh Trucks,company,Ash\n", "more.csv", "curator", BASE)
    knowledge = await service.knowledge()
    names = {e.name for e in knowledge.entities}
    assert {"Ash Trucks", "Birch"} <= names


async def test_a_latin_name_after_no_is_what_the_first_name_holds(service: FactService) -> None:
    answer = service.answerer().ask("メープルのKFAB出資比率って今どのくらい？")
    assert answer.answered and "6%" in answer.answer.split("\n")[0], answer.answer


async def test_a_whole_asked_is_not_one_shows_figure(service: FactService) -> None:
    answer = service.answerer().ask("how many people came to the orchard shows in total")
    assert not answer.answered, answer.answer
    answer = service.answerer().ask("biggest single show attendance on the orchard tour")
    assert answer.answered and "96,006" in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [("when did the orchard tour kick off", "17 March 2023"), ("when did the orchard tour start", "17 March 2023")],
)
async def test_a_start_asked_is_that_date(service: FactService, question: str, expected: str) -> None:
    # "start" is also a word of a time ("the start of 2024"); said of a thing, it is asked: not its end date.
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


async def test_an_amount_asked_in_japanese_is_no_stage(service: FactService) -> None:
    answer = service.answerer().ask("メープルのシダー買収提案額は？")
    assert not answer.answered, answer.answer
    answer = service.answerer().ask("メープルのシダー買収はどうなった？")
    assert answer.answered, answer.answer
