"""`/curate draft` through the Discord double: an article's figures reviewed one at a time.

Accept, edit then accept, skip; going on after the interaction expired or the bot restarted; a
member refused; another server's draft invisible; bad files refused with nothing changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from knowledge.store import UnknownFact
from tests.bot.conftest import Running, running_bot
from tests.bot.test_admin import ask
from tests.discord_double import DiscordDouble, Sent

ARTICLE = b"""---
title: Nissan to cut jobs
publisher: Reuters
published: 2024-11-07
url: https://example.com/nissan-cuts
---
Nissan said on Thursday it will cut 9,000 jobs worldwide and reduce global production capacity by 20%.

Honda sold 3.98 million vehicles in the year.
"""


def fields(sent: Sent) -> dict[str, str]:
    """A card's embed fields by name, with its title and footer."""
    embed = (sent.data.get("embeds") or [{}])[0]
    out = {f["name"]: f["value"] for f in embed.get("fields", [])}
    out["title"] = embed.get("title", "")
    out["footer"] = (embed.get("footer") or {}).get("text", "")
    return out


def button(sent: Sent, action: str) -> str:
    """The custom id of a card's Accept, Edit or Skip button."""
    return next(b["custom_id"] for b in sent.buttons if b["custom_id"].endswith(":" + action))


async def start(double: DiscordDouble, guild: dict[str, Any], data: bytes = ARTICLE, name: str = "story.md",
                admin: bool = True, **options: str) -> Sent:  # fmt: skip
    """`/curate draft` with an attached article; returns the bot's reply."""
    attachment = double.attach(name, data)
    opts = [{"name": "file", "type": 11, "value": attachment["id"]}]
    opts += [{"name": k, "type": 3, "value": v} for k, v in options.items()]
    started = await double.slash(
        "curate",
        [{"name": "draft", "type": 1, "options": opts}],
        guild=guild,
        admin=admin,
        resolved={"attachments": {attachment["id"]: attachment}},
    )
    return await double.reply_to(started, 15)


async def press(double: DiscordDouble, card: Sent, action: str, guild: dict[str, Any], admin: bool = True) -> Sent:
    """Press a card's button; returns what the bot made of it (the card updated, or a private line)."""
    pressed = await double.press(card, button(card, action), guild=guild, admin=admin)
    return await double.wait_for_sent(
        lambda s: s.interaction_id == pressed["id"] and (s.kind in ("edit", "followup") or s.data.get("content")),
        timeout=15,
    )


async def test_accept_edit_and_skip_each_candidate(running: Running) -> None:
    """Each candidate shows its sentence and fields; Accept imports it (answered at once, with history),
    Edit opens a filled form whose changes are what is saved, Skip moves on; the end is a summary."""
    double, guild = running.double, running.guild
    first = await start(double, guild)
    card = fields(first)
    assert card["title"].startswith("Candidate 1 of 3: 9,000 jobs")
    assert (card["Subject"], card["Relation"], card["Value"]) == ("Nissan", "job cuts", "9000 jobs")
    assert "Nissan said on Thursday it will cut 9,000 jobs" in first.text
    assert first.data["flags"] & 64, "only the curator sees the review"

    second = await press(double, first, "accept", guild)
    assert "Accepted `nissan-job-cuts" in second.text and fields(second)["title"].startswith("Candidate 2 of 3: 20%")
    assert "9,000 jobs" in (await ask(double, guild, "how many jobs will nissan cut")).text
    fact_id = second.text.split("`")[1]
    history = await running.bot.service.history(fact_id, str(guild["id"]))
    assert [(r.version, r.changed_by.startswith("user:")) for r in history] == [(1, True)]
    with pytest.raises(UnknownFact):
        await running.bot.service.record(fact_id)  # the server's layer only: the shared base is untouched

    opened = await double.press(second, button(second, "edit"), guild=guild, admin=True)
    modal = await double.wait_for_sent(lambda s: s.interaction_id == opened["id"])
    assert modal.payload["type"] == 9, "Edit opens a form"
    labels = {c["components"][0]["label"]: c["components"][0].get("value") for c in modal.payload["data"]["components"]}
    assert labels["Subject"] == "Nissan" and labels["Value (with its unit, e.g. 9,000 jobs)"] == "20%"
    submitted = await double.submit_modal(
        modal, {**labels, "Value (with its unit, e.g. 9,000 jobs)": "25%"}, guild=guild
    )
    third = await double.wait_for_sent(
        lambda s: s.interaction_id == submitted["id"] and s.kind == "followup" and bool(s.data.get("embeds")), 15
    )
    assert "Accepted" in third.text and fields(third)["title"].startswith("Candidate 3 of 3")
    assert "Stored now" in fields(third), "a candidate that changes a stored figure says so"
    answer = await ask(double, guild, "nissan production capacity cut")
    assert "25%" in answer.text and "20%" not in answer.text.split("\n")[0]

    done = await press(double, third, "skip", guild)
    assert "Draft reviewed" in done.text and "2 accepted, 1 skipped" in done.text
    assert not done.buttons


async def test_a_draft_goes_on_after_a_restart(double: DiscordDouble, db_path: Path) -> None:
    """The review lives in the database: after a restart `/curate draft` shows where it was, an old
    card's button still works, and a button already used says someone decided."""
    guild = double.add_guild()
    async with running_bot(double, db_path):
        first = await start(double, guild)
        second = await press(double, first, "skip", guild)
        assert fields(second)["title"].startswith("Candidate 2 of 3")
    async with running_bot(double, db_path):
        resumed = await double.reply_to(
            await double.slash("curate", [{"name": "draft", "type": 1, "options": []}], guild=guild, admin=True)
        )
        assert "Going on with the draft of story.md" in resumed.text
        assert fields(resumed)["title"].startswith("Candidate 2 of 3")
        stale = await press(double, first, "accept", guild)
        assert "Someone already decided" in stale.text and fields(stale)["title"].startswith("Candidate 2 of 3")
        moved = await press(double, second, "skip", guild)
        assert fields(moved)["title"].startswith("Candidate 3 of 3")


async def test_members_are_refused_and_servers_never_see_each_others_drafts(
    double: DiscordDouble, db_path: Path
) -> None:
    """A member can neither start a draft nor press its buttons; server B's admin cannot step A's draft,
    and `/curate draft` in B opens a fresh form rather than A's review."""
    server_a, server_b = double.add_guild("A"), double.add_guild("B")
    async with running_bot(double, db_path) as running:
        refused = await start(double, server_a, admin=False)
        assert "not allowed" in refused.text
        card = await start(double, server_a)
        member = await press(double, card, "accept", server_a, admin=False)
        assert "not allowed" in member.text
        elsewhere = await press(double, card, "accept", server_b)
        assert "expired" in elsewhere.text or "belongs elsewhere" in elsewhere.text
        assert not [r for r in await running.bot.service.records(str(server_a["id"])) if r.scope != ""]
        in_b = await double.slash("curate", [{"name": "draft", "type": 1, "options": []}], guild=server_b, admin=True)
        form = await double.wait_for_sent(lambda s: s.interaction_id == in_b["id"])
        assert form.payload["type"] == 9, "B has no open draft: the paste form opens"


async def test_bad_articles_are_refused_and_change_nothing(running: Running) -> None:
    """Binary, non-UTF-8, empty, not an article, and no publisher: one clear line each, no draft made."""
    double, guild = running.double, running.guild
    cases = [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "story.txt", "binary data"),
        ("Nissan will cut 9 000 emplois".encode("latin-1") + b"\xe9", "story.txt", "not UTF-8"),
        (b"   \n", "story.txt", "empty"),
        (ARTICLE, "story.pdf", "not a .txt or .md article"),
        (ARTICLE.replace(b"publisher: Reuters\n", b""), "story.md", "publisher"),
    ]
    for data, name, expected in cases:
        reply = await start(double, guild, data=data, name=name)
        assert expected in reply.text and "nothing changed" in reply.text, reply.text
    assert await running.bot.service.open_reviews(str(guild["id"])) == []
