"""A server's layer keeps what the server changed, field by field: the base's later corrections to
the other fields still reach it, and a base change to a field it kept is reported, not lost."""

from __future__ import annotations

from knowledge.service import FactService

SERVER = "4242"
FACT = "honda-sales-fy2023"


async def test_a_phrasing_added_by_a_server_keeps_base_corrections_flowing(service: FactService) -> None:
    """A server adds a question; the owner then corrects the value in the base: the server answers
    its own question with the corrected value, and the base's phrasings still work there."""
    await service.add_alias(FACT, "how many cars did honda shift", "user:1", SERVER)
    change = await service.edit(FACT, "value", "4.4 million", "owner", "restated", "")
    assert change.kept_by == (), "the server kept no field the base changed"
    answer = service.answerer(SERVER).ask("how many cars did honda shift")
    assert "4.4 million" in answer.answer
    record = await service.record(FACT, SERVER)
    assert "how many cars did honda shift" in record.fact.phrasings
    base_phrasings = (await service.record(FACT)).fact.phrasings
    assert set(base_phrasings) <= set(record.fact.phrasings)


async def test_a_value_a_server_changed_is_kept_and_the_base_change_reported(service: FactService) -> None:
    """The server's own value stands through a base correction of that value (and the change names
    the server); a base change to another field still reaches the server."""
    await service.edit(FACT, "value", "4.2 million", "user:1", "our figure", SERVER)
    change = await service.edit(FACT, "value", "4.4 million", "owner", "restated", "")
    assert change.kept_by == ((SERVER, ("value",)),)
    assert "Servers keeping their own value" in change.summary() and SERVER in change.summary()
    assert "4.2 million" in service.answerer(SERVER).ask("honda sales").answer
    assert "4.4 million" in service.answerer().ask("honda sales").answer
    await service.edit(FACT, "note", "Restated in May.", "owner", None, "")
    assert (await service.record(FACT, SERVER)).fact.note == "Restated in May."


async def test_removing_a_base_phrasing_makes_the_servers_list_its_own(service: FactService) -> None:
    """A server that removes one of the base's phrasings keeps its list: the base cannot put it back."""
    base = (await service.record(FACT)).fact.phrasings
    await service.remove_alias(FACT, base[0], "user:1", SERVER)
    await service.add_alias(FACT, "honda unit sales please", "owner", "")
    phrasings = (await service.record(FACT, SERVER)).fact.phrasings
    assert base[0] not in phrasings and "honda unit sales please" not in phrasings


async def test_a_name_added_by_a_server_keeps_the_bases_names(service: FactService) -> None:
    """A server's extra name for a company stacks on the base's names, including ones added later."""
    await service.add_alias("honda", "Big H", "user:1", SERVER)
    await service.add_alias("honda", "Honda Giken", "owner", "")
    names = next(e for e in await service.entities(SERVER) if e.id == "honda").aliases
    assert "Big H" in names and "Honda Giken" in names
    assert "Big H" not in next(e for e in await service.entities() if e.id == "honda").aliases
    assert "4.1 million" in service.answerer(SERVER).ask("honda giken sales").answer
    assert "4.1 million" in service.answerer(SERVER).ask("big h sales").answer, "the server's name still works"
