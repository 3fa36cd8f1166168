"""Curation refuses changes that would do nothing useful or lose a change: the issue's hardening items."""

from __future__ import annotations

import asyncio

import pytest

from knowledge.edits import EditError, apply_edit, new_fact
from knowledge.service import FactService
from knowledge.store import BASE, FactStore
from knowledge.vocabulary import builtin_relation

A = "111"


@pytest.mark.parametrize("text", ["!!", "\u200b\u200b", "\u202e\u200b!"], ids=["punctuation", "zero-width", "bidi"])
async def test_an_alias_or_phrasing_empty_once_normalised_is_refused(service: FactService, text: str) -> None:
    """A curator's "!!" alias is refused; before, questions like "?", "🙂" or "..." then got Honda's answer."""
    for target in ("honda", "honda-ceo"):
        with pytest.raises(EditError, match="empty once punctuation and invisible characters are removed"):
            await service.add_alias(target, text, "x", A)
    assert (await service.store.entity("honda", A)).aliases == (await service.store.entity("honda")).aliases
    assert (await service.store.record("honda-ceo", A)).version == 1
    for question in ("?", "🙂", "..."):
        assert not service.answerer(A).ask(question).answered


@pytest.mark.parametrize(
    ("field", "raw"),
    [("statement", "\u200b\u200b"), ("quote", "\u202e\u200b\u200c \u2066")],
    ids=["zero-width-statement", "bidi-quote"],
)
async def test_an_invisible_statement_or_quote_edit_is_refused(store: FactStore, field: str, raw: str) -> None:
    """Editing a statement or quote to only invisible characters is refused; before, the answer went blank."""
    fact = (await store.record("honda-ceo")).fact
    with pytest.raises(EditError, match=field):
        apply_edit(fact, field, raw)


def test_a_new_fact_with_an_invisible_statement_is_refused() -> None:
    """The add form refuses a statement or quote of zero-width characters; before, a blank answer was saved."""
    form = {
        "fact_id": "honda-goal-2025", "subject": "honda", "relation": builtin_relation("goal"),
        "value": "two million EVs", "source": "Wire",
    }  # fmt: skip
    with pytest.raises(EditError, match="statement"):
        new_fact(**form, statement="\u200b\u200b\u200b", quote="two million EVs")
    with pytest.raises(EditError, match="quote"):
        new_fact(**form, statement="Honda wants two million EVs.", quote="\u200b\u202e\u200b\u200b")


async def test_invisible_characters_are_dropped_and_the_rest_kept_as_typed(store: FactStore) -> None:
    """A pasted bidi override or zero-width space is dropped from a statement; case and punctuation stay."""
    fact = (await store.record("honda-ceo")).fact
    edited = apply_edit(fact, "statement", "Honda\u200b’s CEO is \u202eToshihiro Mibe.")
    assert edited.statement == "Honda’s CEO is Toshihiro Mibe."
    quoted = apply_edit(fact, "quote", "\u2066Mibe  leads Honda\u2069")
    assert quoted.sources[0].quote == "Mibe  leads Honda"


async def test_an_alias_that_names_another_entity_is_refused(service: FactService) -> None:
    """`alias add honda Nissan` is refused naming Nissan; before, it said "now names Honda" and did nothing useful."""
    before = await service.store.entity("honda", A)
    with pytest.raises(EditError, match=r"'Nissan' already names Nissan \(nissan\)"):
        await service.add_alias("honda", "Nissan", "x", A)
    assert await service.store.entity("honda", A) == before
    assert "Nissan" in service.answerer(A).ask("nissan sales").answer


async def test_rolling_back_to_the_current_version_is_refused(service: FactService) -> None:
    """Rolling back to the version already current says so; before, it reported a rollback that wrote nothing."""
    await service.edit("honda-ceo", "note", "checked", "x", None, BASE)
    with pytest.raises(EditError, match="already at version 2"):
        await service.rollback("honda-ceo", 2, "x", None, BASE)
    assert [r.version for r in await service.store.history("honda-ceo")] == [1, 2]


async def test_rolling_back_to_a_version_equal_to_the_current_one_is_refused(service: FactService) -> None:
    """After a rollback to v1, rolling back to v1 again (same content as v3) says nothing changed."""
    await service.edit("honda-ceo", "note", "checked", "x", None, BASE)
    await service.rollback("honda-ceo", 1, "x", None, BASE)
    with pytest.raises(EditError, match="same as the current version 3"):
        await service.rollback("honda-ceo", 1, "x", None, BASE)
    assert [r.version for r in await service.store.history("honda-ceo")] == [1, 2, 3]


@pytest.mark.parametrize("scope", [BASE, A], ids=["base", "server"])
async def test_two_concurrent_alias_adds_both_land(service: FactService, scope: str) -> None:
    """Two curators adding names to Honda at once both keep theirs; before, one reported success and was lost."""
    done = await asyncio.gather(
        service.add_alias("honda", "Big H", "alice", scope), service.add_alias("honda", "Honda Giken", "bob", scope)
    )
    assert all("now names Honda" in d for d in done)
    aliases = (await service.store.entity("honda", scope)).aliases
    assert "Big H" in aliases and "Honda Giken" in aliases
    await asyncio.gather(
        service.remove_alias("honda", "Big H", "alice", scope),
        service.remove_alias("honda", "Honda Giken", "bob", scope),
    )
    aliases = (await service.store.entity("honda", scope)).aliases
    assert "Big H" not in aliases and "Honda Giken" not in aliases
