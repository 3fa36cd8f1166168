"""Close calls: a curator's relation asked by the built-in name it is another word for, a neighbour
that only starts like the relation asked, two timelines that fit alike, and everyday idioms."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge.service import FactService
from knowledge.store import BASE, FactStore

HEADER = "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote\n"
ROWS = [
    "Broadcom,acquisition price,VMware,61e9,USD,2022-05-26,current,"
    '"Broadcom agreed to buy VMware for about $61 billion in cash and stock.",Reuters,2022-05-26,'
    'https://example.com/vmware,"Broadcom will buy VMware for about $61 billion."',
    "VMware,employees laid off after acquisition,,2837,employees,2023-12-13,current,"
    '"Broadcom laid off 2,837 VMware employees after the deal closed.",Reuters,2023-12-13,'
    'https://example.com/layoffs,"2,837 VMware employees were laid off."',
    "VMware,share price rise on deal report,,25%,%,2022-05-23,current,"
    '"VMware\'s shares rose 25% after reports that Broadcom was in talks to buy it.",Reuters,2022-05-23,'
    'https://example.com/rise,"VMware shares jumped 25%."',
    "VMware,share price fall on closing delay,,3%,%,2023-08-15,current,"
    "\"VMware's shares fell 3% when the deal's closing was delayed.\",Reuters,2023-08-15,"
    'https://example.com/fall,"VMware shares slipped 3%."',
    "Airbus,commercial deliveries,,766,aircraft,2024-12-31,current,"
    '"Airbus delivered 766 commercial aircraft in 2024.",Airbus,2025-01-09,'
    'https://example.com/deliveries,"Airbus delivered 766 commercial aircraft in 2024."',
    "Airbus,annual revenue,,69.2e9,EUR,2024-12-31,current,"
    '"Airbus\'s revenue for 2024 was 69.2 billion euros.",Airbus,2025-02-20,'
    'https://example.com/revenue,"Revenues increased to 69.2 billion euros."',
]
ENTITIES = "name,kind,aliases\nBroadcom,company,\nVMware,company,\nAirbus,company,\n"


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[FactService]:
    async with FactStore(tmp_path / "close.sqlite3") as store:
        service = FactService(store)
        await service.start()
        await service.import_file(ENTITIES, "entities.csv", "curator", BASE)
        await service.import_file(HEADER + "\n".join(ROWS) + "\n", "facts.csv", "curator", BASE)
        yield service


async def test_a_curator_relation_answers_for_the_built_in_name_it_is(service: FactService) -> None:
    """The "acquisition price" is a cue of the deal value: asking the deal value answers with it."""
    answer = service.answerer().ask("broadcom vmware deal value")
    assert answer.answered and "$61 billion" in answer.answer


async def test_a_relation_that_only_starts_like_the_one_asked_does_not_answer(service: FactService) -> None:
    """VMware's headcount is not the 2,837 employees laid off: the relation only starts with "employees"."""
    answer = service.answerer().ask("how many employees does vmware have")
    assert not answer.answered
    assert "2,837" not in answer.answer.split("Did you mean")[0]


async def test_go_up_asks_for_the_rise_not_the_fall(service: FactService) -> None:
    """A stock that "goes up" is read as "rise": the 25% rise answers, never the 3% fall."""
    answer = service.answerer().ask("did vmware's stock go up when the broadcom deal was reported")
    assert answer.answered and "25%" in answer.answer and "3%" not in answer.answer


async def test_two_timelines_that_fit_alike_are_offered_not_guessed(service: FactService) -> None:
    """A company's "sales" are units sold and revenue alike: Airbus's 766 aircraft are not given as its sales."""
    answer = service.answerer().ask("what were airbus's sales in 2024")
    assert not answer.answered
    offered = answer.answer.split("Did you mean")[-1]
    assert "766" in offered and "69.2 billion" in offered
