"""Curation in the domain: server layers, versions across them, rollback, aliases, the gap log."""

from __future__ import annotations

import pytest

from knowledge.edits import EditError, apply_edit, diff, new_fact
from knowledge.models import Status
from knowledge.service import FactService
from knowledge.store import BASE, FactExists, StaleVersion, UnknownVersion
from knowledge.vocabulary import builtin_relation

A, B = "111", "222"


async def test_a_server_edit_stays_in_that_server(service: FactService) -> None:
    """Server A's correction is a copy in A's layer: A answers with it, B and the base do not."""
    await service.edit("honda-sales-fy2023", "value", "4.2 million", "admin-a", "restated", A)
    assert "4.2 million" in service.answerer(A).ask("honda sales").answer
    assert "4.1 million" in service.answerer(B).ask("honda sales").answer
    assert "4.1 million" in service.answerer(BASE).ask("honda sales").answer
    assert (await service.store.record("honda-sales-fy2023", B)).version == 1


async def test_versions_continue_across_the_copy_so_stale_edits_are_caught(service: FactService) -> None:
    """A server's first edit of a base fact is version 2; a second edit from version 1 is refused."""
    change = await service.edit("honda-ceo", "note", "first", "alice", None, A, expected_version=1)
    assert change.record.version == 2 and change.record.scope == A
    with pytest.raises(StaleVersion, match="alice"):
        await service.edit("honda-ceo", "note", "second", "bob", None, A, expected_version=1)


async def test_base_edit_reaches_servers_without_their_own_copy(service: FactService) -> None:
    """An owner's base edit shows in every server, except where a server has its own version."""
    await service.edit("nissan-sales-fy2023", "value", "3.5 million", "admin-a", None, A)
    service._answerers[B] = await service._build(B)  # a server with a layer of its own
    await service.edit("nissan-sales-fy2023", "value", "3.3 million", "owner", "restated", BASE)
    assert "3.3 million" in service.answerer(BASE).ask("nissan sales").answer
    assert "3.3 million" in service.answerer(B).ask("nissan sales").answer
    assert "3.5 million" in service.answerer(A).ask("nissan sales").answer


async def test_history_rollback_and_unknown_version(service: FactService) -> None:
    """Rollback writes the old content as a new version; asking for a version that never was is refused."""
    await service.edit("honda-ceo", "note", "v2", "x", None, BASE)
    await service.edit("honda-ceo", "note", "v3", "x", None, BASE)
    change = await service.rollback("honda-ceo", 1, "x", None, BASE)
    history = await service.store.history("honda-ceo")
    assert [r.version for r in history] == [1, 2, 3, 4]
    assert history[-1].fact == history[0].fact and change.record.reason == "rollback to version 1"
    with pytest.raises(UnknownVersion, match="has no version 9"):
        await service.rollback("honda-ceo", 9, "x", None, BASE)


async def test_retire_then_restore_brings_back_the_disputed_status(service: FactService) -> None:
    """Restoring a retired disputed fact makes it disputed again, not silently current."""
    await service.set_status("mitsubishi-stake-in-nissan", Status.RETIRED, "x", "pulled", A)
    assert not service.answerer(A).ask("how much of nissan does mitsubishi own").answered
    change = await service.set_status("mitsubishi-stake-in-nissan", Status.CURRENT, "x", None, A)
    assert change.record.fact.status is Status.DISPUTED


async def test_aliases_and_phrasings_are_answered_at_once(service: FactService) -> None:
    """A new entity alias and a new phrasing work on the next question, in that server only."""
    await service.add_alias("honda", "Big H", "x", A)
    assert "4.1 million" in service.answerer(A).ask("big h sales").answer
    await service.add_alias("honda-ceo", "who steers honda", "x", A)
    assert "Mibe" in service.answerer(A).ask("who steers honda").answer
    assert not service.answerer(B).ask("who steers honda").answered
    with pytest.raises(EditError, match="already a phrasing"):
        await service.add_alias("honda-ceo", "who steers honda", "x", A)
    await service.remove_alias("honda", "Big H", "x", A)
    assert not service.answerer(A).ask("big h sales").answered


async def test_adding_an_existing_id_is_refused(service: FactService) -> None:
    """A new fact cannot silently replace an existing one."""
    fact = (await service.store.record("honda-ceo")).fact
    with pytest.raises(FactExists):
        await service.add_fact(fact, "x", None, A)


async def test_gap_log_counts_prunes_and_can_be_switched_off(service: FactService) -> None:
    """Declined questions are counted per server; switching the log off deletes it and stops logging."""
    answer = service.answerer().ask("how old is honda")
    for _ in range(3):
        await service.note_answer(1, "How old is Honda?", answer)
    await service.note_answer(1, "honda sales", service.answerer().ask("honda sales"))  # a good answer: not logged
    gaps = await service.store.gaps(1)
    assert [(g.question, g.asked) for g in gaps] == [("how old is honda", 3)]
    settings = await service.settings(1)
    await service.save_settings(settings.model_copy(update={"gaps_enabled": False}))
    await service.note_answer(1, "how old is honda", answer)
    assert await service.store.gaps(1) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value", "lots", "'lots' is not one"),
        ("value", "-3", "greater than or equal to 0"),
        ("as_of", "last year", "YYYY"),
        ("status", "sort of", "status"),
        ("colour", "red", "cannot be edited"),
        ("note", "x" * 1001, "1000-character limit"),
        ("url", "not a url", "url"),
    ],
    ids=["not-a-number", "negative", "bad-date", "bad-status", "unknown-field", "too-long", "bad-url"],
)
async def test_bad_edits_name_the_field(service: FactService, field: str, value: str, message: str) -> None:
    """Each malformed edit is refused with the field and the reason; the fact is unchanged."""
    fact = (await service.store.record("honda-sales-fy2023")).fact
    with pytest.raises(EditError, match=message):
        apply_edit(fact, field, value, builtin_relation("sales_volume"))


def test_new_fact_from_a_form_and_its_diff() -> None:
    """A form's fields become a validated fact; a diff lists what changed field by field."""
    fact = new_fact(
        fact_id="honda-goal-2025", subject="honda", relation=builtin_relation("goal"), value="two million EVs",
        statement="Honda wants two million EVs.", source="Wire https://example.com/a", quote="two million EVs",
        phrasings="honda ev goal\nhonda ev target",
    )  # fmt: skip
    assert fact.sources[0].publisher == "Wire" and str(fact.sources[0].url) == "https://example.com/a"
    assert fact.phrasings == ("honda ev goal", "honda ev target")
    edited = apply_edit(fact, "value", "three million EVs", builtin_relation("goal"))
    assert diff(fact, edited) == ["value.text: two million EVs → three million EVs"]
    with pytest.raises(EditError, match="relation"):
        new_fact(fact_id="x-y", subject="honda", relation=None, value="x", statement="x", source="s", quote="qqq")
