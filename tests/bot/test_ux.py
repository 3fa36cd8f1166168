"""What users notice in Discord: threads, /compare's subjects, /curate add's form, and a stale import."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import Running, running_bot
from tests.bot.test_admin import ask, curate
from tests.discord_double import DiscordDouble


def add_thread(double: DiscordDouble, guild: dict[str, Any], parent: str, name: str) -> dict[str, Any]:
    """A public thread under a channel, as Discord sends it with the server; listed under channels too so
    the double can post in it by name (discord.py skips thread types in a server's channel list)."""
    thread = {
        "id": double.snowflake(),
        "guild_id": guild["id"],
        "parent_id": double.channel(guild, parent)["id"],
        "owner_id": double.owner["id"],
        "name": name,
        "type": 11,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": "2026-01-01T00:00:00+00:00",
            "locked": False,
        },
    }
    guild["threads"].append(thread)
    guild["channels"].append(thread)
    return thread


@pytest.fixture
async def threaded(double: DiscordDouble, db_path: Path) -> AsyncIterator[Running]:
    guild = double.add_guild()
    add_thread(double, guild, "facts", "honda talk")
    async with running_bot(double, db_path) as running:
        yield running


async def test_a_thread_under_a_switched_on_channel_is_answered(threaded: Running) -> None:
    """A plain question in a thread opened under a switched-on channel gets an answer, like the channel itself."""
    double, guild = threaded.double, threaded.guild
    parent = double.channel(guild, "facts")
    await threaded.bot.service.set_answer_channel(int(guild["id"]), int(parent["id"]), True, "test")
    thread = double.channel(guild, "honda talk")
    await double.message("Who is Honda's CEO?", guild=guild, channel="honda talk")
    reply = await double.wait_for_sent(lambda s: s.kind == "message" and s.channel_id == thread["id"], timeout=3)
    assert "Mibe" in reply.text


def compare_options(*subjects: str, metric: str | None = None) -> list[dict[str, Any]]:
    names = ("first", "second", "third", "fourth")
    options = [{"name": n, "type": 3, "value": s} for n, s in zip(names, subjects, strict=False)]
    return options + ([{"name": "metric", "type": 3, "value": metric}] if metric else [])


async def test_compare_a_leader_with_its_own_bloc_is_declined_once(running: Running) -> None:
    """`/compare toyota toyota-group` is one figure, not "Toyota group vs Toyota group": an ephemeral decline."""
    done = await running.double.slash("compare", compare_options("toyota", "toyota-group"), guild=running.guild)
    reply = await running.double.reply_to(done)
    assert reply.data["flags"] & 64, "ephemeral"
    assert "Toyota was read as the Toyota group" in reply.text and "vs" not in reply.text


async def test_compare_counts_a_leader_and_its_bloc_once(running: Running) -> None:
    """With a third subject, the Toyota group is charted once and the note that Toyota was read as it appears once."""
    options = compare_options("toyota", "toyota-group", "honda-nissan-mitsubishi")
    reply = await running.double.reply_to(await running.double.slash("compare", options, guild=running.guild), 20)
    assert reply.text.count("Toyota was read as the Toyota group") == 1
    assert reply.text.count("Toyota group: 16 million vehicles") == 1
    assert "(Answer for Toyota group, a group that includes Toyota.)" not in reply.text


@pytest.mark.parametrize("metric", [None, "sales_volume"], ids=["no-metric-yet", "sales-volume"])
async def test_compare_autocomplete_offers_only_subjects_with_figures(running: Running, metric: str | None) -> None:
    """Subject suggestions leave out "the article" and others with no figure for the metric (or any metric)."""
    options = [{"name": "first", "type": 3, "value": "", "focused": True}]
    if metric:
        options.append({"name": "metric", "type": 3, "value": metric})
    done = await running.double.autocomplete("compare", options, guild=running.guild)
    reply = await running.double.wait_for_sent(lambda s: s.interaction_id == done["id"])
    offered = {c["value"] for c in reply.payload["data"]["choices"]}
    assert "alliance-article" not in offered
    assert {"toyota-group", "honda-nissan-mitsubishi"} <= offered


async def _add_goal(running: Running, **options: Any) -> Any:
    double, guild = running.double, running.guild
    started = await double.slash(
        "curate", curate("add", subject="honda", predicate="goal", **options), guild=guild, admin=True
    )
    return await double.wait_for_sent(lambda s: s.interaction_id == started["id"])


async def test_adding_after_retiring_the_same_id_gets_a_fresh_id(running: Running) -> None:
    """Adding `honda goal` again after retiring `honda-goal` saves the typed fact under a new id, not a refusal."""
    double, guild = running.double, running.guild
    form = {
        "Value": "two million EVs",
        "Statement (one plain sentence)": "Honda aims for two million EVs.",
        "Source: publisher, then URL if any": "Example Wire",
        "Quote (the source's exact words)": "two million electric vehicles",
    }
    first = await double.reply_to(await double.submit_modal(await _add_goal(running), form, guild=guild))
    assert "Added `honda-goal`" in first.text
    retire = curate("retire", id="honda-goal", reason="superseded")
    await double.reply_to(await double.slash("curate", retire, guild=guild, admin=True))
    second = await double.reply_to(await double.submit_modal(await _add_goal(running), form, guild=guild))
    assert "Added `honda-goal-2`" in second.text


async def test_a_bad_as_of_is_refused_before_the_form_opens(running: Running) -> None:
    """`/curate add … as_of:2024-13` is refused at once, naming as_of, instead of after typing the whole form."""
    reply = await _add_goal(running, as_of="2024-13")
    assert reply.payload["type"] != 9, "no modal opened"
    assert reply.data["flags"] & 64 and "as_of" in reply.text and "YYYY-MM" in reply.text


async def test_apply_refuses_an_import_when_a_fact_changed_since_the_preview(running: Running) -> None:
    """Admin A previews, admin B edits honda-ceo, A applies: refused naming honda-ceo and B; B's edit stays."""
    double, guild = running.double, running.guild
    ceo = (await running.bot.service.store.record("honda-ceo", guild["id"])).fact
    fact = ceo.model_copy(update={"note": "from the file"}).model_dump(mode="json")
    attachment = double.attach("pack.json", json.dumps({"id": "p", "title": "P", "facts": [fact]}).encode())
    admin_a, admin_b = double.user("a"), double.user("b")
    done = await double.slash(
        "curate",
        [{"name": "import", "type": 1, "options": [{"name": "file", "type": 11, "value": attachment["id"]}]}],
        guild=guild,
        admin=True,
        user=admin_a,
        resolved={"attachments": {attachment["id"]: attachment}},
    )
    preview = await double.reply_to(done)
    assert "~ honda-ceo" in preview.text
    edit = curate("edit", id="honda-ceo", field="note", value="by B")
    assert (
        "Edited"
        in (await double.reply_to(await double.slash("curate", edit, guild=guild, admin=True, user=admin_b))).text
    )
    apply = next(b for b in preview.buttons if b["label"] == "Apply import")
    applied = await double.reply_to(
        await double.press(preview, apply["custom_id"], guild=guild, user=admin_a, admin=True)
    )
    assert "changed since your preview: honda-ceo (now version 2 by " in applied.text
    assert f"user:{admin_b['id']}" in applied.text and "nothing imported" in applied.text
    assert "Note: by B" in (await ask(double, guild, "honda ceo")).text
