"""Permission bypass attempts: all refused, all logged, nothing changed."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import Running, running_bot
from tests.discord_double import DiscordDouble


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [line for line in db.iterdump() if "question_gaps" not in line and "guild_settings" not in line]


def edit(fact_id: str, value: str = "hacked") -> list[dict[str, Any]]:
    return [{"name": "edit", "type": 1, "options": [
        {"name": "id", "type": 3, "value": fact_id}, {"name": "field", "type": 3, "value": "note"},
        {"name": "value", "type": 3, "value": value}]}]  # fmt: skip


async def test_member_invoking_admin_commands_directly(running: Running, db_path: Path, caplog: Any) -> None:
    """The UI hides /curate from members, but a direct invocation is refused by the real check, and logged."""
    double = running.double
    before = dump(db_path)
    with caplog.at_level(logging.WARNING):
        for sub in (edit("honda-ceo"), [{"name": "export", "type": 1, "options": []}],
                    [{"name": "gaps", "type": 1, "options": []}]):  # fmt: skip
            refusal = await double.reply_to(await double.slash("curate", sub, guild=running.guild, admin=False))
            assert "not allowed" in refusal.text and refusal.data["flags"] & 64
    assert dump(db_path) == before
    assert sum("refused curation" in r.message for r in caplog.records) >= 3


async def test_admin_of_one_server_cannot_touch_anothers_fact(double: DiscordDouble, db_path: Path) -> None:
    """A fact that exists only in server B's layer is unknown to server A's admins."""
    server_a, server_b = double.add_guild("A"), double.add_guild("B")
    async with running_bot(double, db_path) as running:
        fact = (await running.bot.service.store.record("honda-ceo")).fact.model_copy(update={"id": "b-only-fact"})
        await running.bot.service.add_fact(fact, "admin-b", None, server_b["id"])
        before = dump(db_path)
        for sub in (edit("b-only-fact"), [{"name": "history", "type": 1, "options": [
                {"name": "id", "type": 3, "value": "b-only-fact"}]}]):  # fmt: skip
            refusal = await double.reply_to(await double.slash("curate", sub, guild=server_a, admin=True))
            assert "no fact with id 'b-only-fact'" in refusal.text.lower() or "no fact with the id" in refusal.text
        assert dump(db_path) == before


async def test_admin_commands_in_a_dm_are_refused(running: Running, db_path: Path) -> None:
    """/curate is guild-only: from a DM it is refused and changes nothing."""
    before = dump(db_path)
    refusal = await running.double.reply_to(await running.double.slash("curate", edit("honda-ceo"), guild=None))
    assert refusal.data["flags"] & 64
    assert "only works in a server" in refusal.text or "not allowed" in refusal.text
    assert dump(db_path) == before


async def test_forged_interaction_for_a_server_the_bot_is_not_in(running: Running, db_path: Path, caplog: Any) -> None:
    """An interaction naming a server the bot has never seen is refused even with admin permissions."""
    double = running.double
    ghost = {**running.guild, "id": double.snowflake()}  # never sent to the bot
    ghost["channels"] = [{**c} for c in running.guild["channels"]]
    before = dump(db_path)
    with caplog.at_level(logging.WARNING):
        refusal = await double.reply_to(await double.slash("curate", edit("honda-ceo"), guild=ghost, admin=True))
    assert "not allowed" in refusal.text
    assert dump(db_path) == before
    assert any("unknown guild" in r.message for r in caplog.records)
    channels = [{"name": "channels", "type": 2, "options": [{"name": "list", "type": 1, "options": []}]}]
    refused = await double.reply_to(await double.slash("factbot", channels, guild=ghost, admin=True))
    assert "not allowed" in refused.text


@pytest.mark.parametrize("where", ["base"])
async def test_server_admin_cannot_edit_the_shared_base(running: Running, db_path: Path, where: str) -> None:
    """Only the bot's owners may write to the base; a server admin asking for it is refused."""
    sub = edit("honda-ceo")
    sub[0]["options"].append({"name": "where", "type": 3, "value": where})
    before = dump(db_path)
    refusal = await running.double.reply_to(await running.double.slash("curate", sub, guild=running.guild, admin=True))
    assert "Only the bot's owners" in refusal.text
    assert dump(db_path) == before
