"""Admins curate facts from Discord: through the real client and the local double, per server."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.bot.conftest import Running
from tests.discord_double import DiscordDouble, Sent


def dump(path: Path) -> list[str]:
    """Every row of the database, to compare before and after byte for byte."""
    with sqlite3.connect(path) as db:
        return [line for line in db.iterdump() if "question_gaps" not in line]


def curate(sub: str, **options: Any) -> list[dict[str, Any]]:
    """The option tree of `/curate <sub> …` (strings, integers and booleans only)."""
    kinds = {str: 3, int: 4, bool: 5}
    opts = [{"name": k, "type": kinds[type(v)], "value": v} for k, v in options.items() if v is not None]
    return [{"name": sub, "type": 1, "options": opts}]


async def ask(double: DiscordDouble, guild: dict[str, Any], question: str) -> Sent:
    before = len([s for s in double.sent if s.kind == "message"])
    await double.message(question, guild=guild, mention_bot=True)
    await double.wait_for(lambda: len([s for s in double.sent if s.kind == "message"]) > before)
    return [s for s in double.sent if s.kind == "message"][before]


async def test_admin_adds_a_fact_and_the_next_question_is_answered_with_it(running: Running) -> None:
    """/curate add opens a form; once submitted, the next channel question gets the new fact and its source."""
    double, guild = running.double, running.guild
    started = await double.slash(
        "curate", curate("add", subject="honda", predicate="goal", as_of="2025"), guild=guild, admin=True
    )
    modal = await double.wait_for_sent(lambda s: s.interaction_id == started["id"])
    assert modal.payload["type"] == 9, "a modal form opens"
    submitted = await double.submit_modal(
        modal,
        {
            "Value": "sell two million EVs a year by 2030",
            "Statement (one plain sentence)": "Honda aims to sell two million EVs a year by 2030.",
            "Source: publisher, then URL if any": "Example Wire https://example.com/honda-ev",
            "Quote (the source's exact words)": "Honda plans to sell two million electric vehicles annually by 2030",
            "Questions people ask (one per line)": "how many evs does honda want to sell",
        },
        guild=guild,
    )
    confirmation = await double.reply_to(submitted)
    assert confirmation.data["flags"] & 64 and "Added `honda-goal-2025`" in confirmation.text
    reply = await ask(double, guild, "how many evs does honda want to sell")
    assert "two million EVs" in reply.text
    assert "Example Wire <https://example.com/honda-ev>" in reply.text
    assert "Honda plans to sell two million electric vehicles annually by 2030" in reply.text


async def test_a_bad_form_names_the_field_and_adds_nothing(running: Running, db_path: Path) -> None:
    """A stake over 100% in the form is refused, naming the field; the database is unchanged."""
    double, guild = running.double, running.guild
    before = dump(db_path)
    started = await double.slash(
        "curate", curate("add", subject="honda", predicate="stake_in", object="nissan"), guild=guild, admin=True
    )
    modal = await double.wait_for_sent(lambda s: s.interaction_id == started["id"])
    submitted = await double.submit_modal(
        modal,
        {
            "Value": "140%",
            "Statement (one plain sentence)": "Honda owns 140% of Nissan.",
            "Source: publisher, then URL if any": "Nobody",
            "Quote (the source's exact words)": "it owns it twice",
        },
        guild=guild,
    )
    refusal = await double.reply_to(submitted)
    assert "Not added" in refusal.text and "value" in refusal.text and "0% to 100%" in refusal.text
    assert dump(db_path) == before


async def test_non_admin_edit_is_refused_and_changes_nothing(running: Running, db_path: Path) -> None:
    """A member without Manage Server gets an ephemeral refusal; the fact and its history are unchanged."""
    double, guild = running.double, running.guild
    before = dump(db_path)
    done = await double.slash(
        "curate", curate("edit", id="honda-ceo", field="note", value="hacked"), guild=guild, admin=False
    )
    refusal = await double.reply_to(done)
    assert refusal.data["flags"] & 64 and "not allowed" in refusal.text
    assert dump(db_path) == before
    assert "hacked" not in (await ask(double, guild, "honda ceo")).text


async def test_an_edit_in_one_server_is_invisible_in_another(double: DiscordDouble, db_path: Path) -> None:
    """Server A's correction is answered in A only; server B still sees the base value."""
    from tests.bot.conftest import running_bot

    server_a = double.add_guild("A")
    server_b = double.add_guild("B")
    async with running_bot(double, db_path):
        done = await double.slash(
            "curate",
            curate("edit", id="honda-sales-fy2023", field="value", value="4.2 million", reason="restated"),
            guild=server_a,
            admin=True,
        )
        confirmation = await double.reply_to(done)
        assert "value.amount: 4100000.0 → 4200000.0" in confirmation.text
        assert "4.2 million" in (await ask(double, server_a, "honda sales")).text
        in_b = (await ask(double, server_b, "honda sales")).text
        assert "4.1 million" in in_b and "4.2 million" not in in_b
        history = await double.reply_to(
            await double.slash("curate", curate("history", id="honda-sales-fy2023"), guild=server_b, admin=True)
        )
        assert "v2" not in history.text, "B's admins cannot read A's layer"


async def test_a_stale_edit_is_refused_with_who_changed_it(running: Running) -> None:
    """Two admins edit from version 1: the second is told who saved version 2, and nothing is overwritten."""
    double, guild = running.double, running.guild
    first_admin = double.user("alice")
    first = await double.slash(
        "curate",
        curate("edit", id="honda-ceo", field="note", value="first", version=1),
        guild=guild,
        admin=True,
        user=first_admin,
    )
    assert "Edited" in (await double.reply_to(first)).text
    second = await double.slash(
        "curate", curate("edit", id="honda-ceo", field="note", value="second", version=1), guild=guild, admin=True
    )
    refusal = await double.reply_to(second)
    assert "Nothing changed" in refusal.text and f"user:{first_admin['id']}" in refusal.text
    assert "version 2" in refusal.text
    assert "Note: first" in (await ask(double, guild, "honda ceo")).text


async def test_import_with_one_bad_row_changes_nothing_and_names_it(running: Running, db_path: Path) -> None:
    """An attached file with one bad entry is refused whole, naming the entry; the database is unchanged."""
    double, guild = running.double, running.guild
    good = {
        "id": "honda-ev-2030",
        "subject": "honda",
        "predicate": "goal",
        "value": {"kind": "text", "text": "two million EVs"},
        "statement": "Honda wants two million EVs.",
        "sources": [{"publisher": "Wire", "quote": "two million EVs"}],
    }
    bad = {
        **good,
        "id": "honda-stake",
        "predicate": "stake_in",
        "object": "nissan",
        "value": {"kind": "percent", "amount": 140},
    }
    attachment = double.attach("pack.json", json.dumps({"id": "p", "title": "P", "facts": [good, bad]}).encode())
    before = dump(db_path)
    done = await double.slash(
        "curate",
        [{"name": "import", "type": 1, "options": [{"name": "file", "type": 11, "value": attachment["id"]}]}],
        guild=guild,
        admin=True,
        resolved={"attachments": {attachment["id"]: attachment}},
    )
    refusal = await double.reply_to(done)
    assert "Import refused, nothing changed" in refusal.text
    assert "facts[1] (honda-stake).value: a 'stake in' fact is a share of a whole" in refusal.text
    assert dump(db_path) == before


async def test_import_previews_then_applies_on_confirmation(running: Running) -> None:
    """A valid file shows what would change; nothing changes until Apply is pressed."""
    double, guild = running.double, running.guild
    fact = {
        "id": "honda-ev-2030",
        "subject": "honda",
        "predicate": "goal",
        "value": {"kind": "text", "text": "two million EVs a year"},
        "statement": "Honda wants two million EVs.",
        "phrasings": ["honda ev volume target"],
        "sources": [{"publisher": "Wire", "quote": "two million EVs"}],
    }
    attachment = double.attach("pack.json", json.dumps({"id": "p", "title": "P", "facts": [fact]}).encode())
    admin = double.user("admin")
    done = await double.slash(
        "curate",
        [{"name": "import", "type": 1, "options": [{"name": "file", "type": 11, "value": attachment["id"]}]}],
        guild=guild,
        admin=True,
        user=admin,
        resolved={"attachments": {attachment["id"]: attachment}},
    )
    preview = await double.reply_to(done)
    assert "1 added" in preview.text and "+ honda-ev-2030" in preview.text
    assert "two million" not in (await ask(double, guild, "honda ev volume target")).text
    apply = next(b for b in preview.buttons if b["label"] == "Apply import")
    intruder = await double.press(preview, apply["custom_id"], guild=guild, admin=True)
    assert "Only the admin who started" in (await double.reply_to(intruder)).text
    pressed = await double.press(preview, apply["custom_id"], guild=guild, user=admin, admin=True)
    applied = await double.reply_to(pressed)
    assert "Imported: 1 added" in applied.text
    assert "two million EVs a year" in (await ask(double, guild, "honda ev volume target")).text


async def test_history_and_rollback_restore_an_earlier_value(running: Running) -> None:
    """History lists every version with who, why and the diff; rolling back brings the old value back."""
    double, guild = running.double, running.guild
    for value in ("4.2 million", "4.3 million"):
        await double.reply_to(
            await double.slash(
                "curate",
                curate("edit", id="honda-sales-fy2023", field="value", value=value, reason=f"to {value}"),
                guild=guild,
                admin=True,
            )
        )
    history = await double.reply_to(
        await double.slash("curate", curate("history", id="honda-sales-fy2023"), guild=guild, admin=True)
    )
    text = history.text
    assert "v1" in text and "v2" in text and "v3" in text and "to 4.3 million" in text
    assert "value.amount: 4200000.0 → 4300000.0" in text
    rolled = await double.reply_to(
        await double.slash("curate", curate("rollback", id="honda-sales-fy2023", version=1), guild=guild, admin=True)
    )
    assert "version 4" in rolled.text
    assert "4.1 million" in (await ask(double, guild, "honda sales")).text


async def test_retire_and_restore(running: Running) -> None:
    """A retired fact is no longer answered; restoring it brings it back."""
    double, guild = running.double, running.guild
    await double.reply_to(
        await double.slash(
            "curate", curate("retire", id="honda-ceo", reason="left the company"), guild=guild, admin=True
        )
    )
    assert "Mibe" not in (await ask(double, guild, "honda ceo")).text
    await double.reply_to(await double.slash("curate", curate("restore", id="honda-ceo"), guild=guild, admin=True))
    assert "Mibe" in (await ask(double, guild, "honda ceo")).text


async def test_gaps_list_questions_and_one_click_adds_a_phrasing(running: Running) -> None:
    """Declined questions are logged most frequent first; a button turns one into a phrasing."""
    double, guild = running.double, running.guild
    for _ in range(2):
        await ask(double, guild, "how old is honda")
    store = running.bot.service.store
    for _ in range(100):  # the log is written just after the reply is sent
        gaps = await store.gaps(int(guild["id"]))
        if gaps and gaps[0].asked == 2:
            break
        await asyncio.sleep(0.02)
    listing = await double.reply_to(await double.slash("curate", curate("gaps"), guild=guild, admin=True))
    assert "how old is honda" in listing.text and "×2" in listing.text
    button = listing.buttons[0]
    fact_id = button["custom_id"].split(":")[2]
    pressed = await double.press(listing, button["custom_id"], guild=guild, admin=True)
    assert "now asks for" in (await double.reply_to(pressed)).text
    answered = await ask(double, guild, "how old is honda")
    assert running.bot.answerer(int(guild["id"])).index.facts[fact_id].statement in answered.text


async def test_switching_the_gap_log_off_deletes_it(running: Running) -> None:
    """A server can switch the question log off; what it held is deleted and nothing new is kept."""
    double, guild = running.double, running.guild
    await ask(double, guild, "how old is honda")
    for _ in range(100):
        if await running.bot.service.store.gaps(int(guild["id"])):
            break
        await asyncio.sleep(0.02)
    await double.reply_to(
        await double.slash(
            "curate",
            [
                {
                    "name": "settings",
                    "type": 2,
                    "options": [
                        {"name": "gaps", "type": 1, "options": [{"name": "enabled", "type": 5, "value": False}]}
                    ],
                }
            ],
            guild=guild,
            admin=True,
        )
    )
    await ask(double, guild, "how old is honda")
    await asyncio.sleep(0.2)  # give a (wrong) write the time it would need
    assert await running.bot.service.store.gaps(int(guild["id"])) == []


async def test_changes_are_posted_to_the_mod_log(running: Running) -> None:
    """With a mod-log channel chosen, every change is posted there, pinging nobody."""
    double, guild = running.double, running.guild
    log_channel = double.channel(guild, "facts")
    resolved = {"channels": {log_channel["id"]: {**log_channel, "guild_id": guild["id"], "permissions": "0"}}}
    modlog = [
        {
            "name": "settings",
            "type": 2,
            "options": [
                {"name": "modlog", "type": 1, "options": [{"name": "channel", "type": 7, "value": log_channel["id"]}]}
            ],
        }
    ]
    await double.reply_to(await double.slash("curate", modlog, guild=guild, admin=True, resolved=resolved))
    await double.reply_to(
        await double.slash(
            "curate", curate("edit", id="honda-ceo", field="note", value="checked"), guild=guild, admin=True
        )
    )
    posted = await double.wait_for_sent(lambda s: s.kind == "message" and s.channel_id == log_channel["id"])
    assert "edited `honda-ceo` (version 2)" in posted.text and "note: — → checked" in posted.text
    assert posted.payload["allowed_mentions"]["parse"] == []


async def test_a_configured_admin_role_may_curate(double: DiscordDouble, db_path: Path) -> None:
    """Members without Manage Server are refused until the server names a role they hold as its admin role."""
    from tests.bot.conftest import running_bot

    guild = double.add_guild(roles=("curators",))
    curators = double.role(guild, "curators")
    async with running_bot(double, db_path):
        note = curate("edit", id="honda-ceo", field="note", value="by a curator")
        refused = await double.reply_to(await double.slash("curate", note, guild=guild, roles=[curators["id"]]))
        assert "not allowed" in refused.text
        adminrole = [
            {
                "name": "settings",
                "type": 2,
                "options": [
                    {"name": "adminrole", "type": 1, "options": [{"name": "role", "type": 8, "value": curators["id"]}]}
                ],
            }
        ]
        set_role = await double.slash(
            "curate", adminrole, guild=guild, admin=True, resolved={"roles": {curators["id"]: curators}}
        )
        assert "may curate" in (await double.reply_to(set_role)).text
        allowed = await double.reply_to(await double.slash("curate", note, guild=guild, roles=[curators["id"]]))
        assert "Edited `honda-ceo`" in allowed.text
        outsider = await double.reply_to(await double.slash("curate", note, guild=guild))
        assert "not allowed" in outsider.text


async def test_an_owner_edits_the_base_for_every_server(double: DiscordDouble, db_path: Path) -> None:
    """The application's owner may write to the shared base; every server without its own copy sees it."""
    from tests.bot.conftest import running_bot

    server_a, server_b = double.add_guild("A"), double.add_guild("B")
    async with running_bot(double, db_path):
        edit = curate("edit", id="honda-sales-fy2023", field="value", value="4.4 million", where="base")
        done = await double.reply_to(await double.slash("curate", edit, guild=server_a, user=double.owner))
        assert "Edited" in done.text
        for server in (server_a, server_b):
            assert "4.4 million" in (await ask(double, server, "honda sales")).text
