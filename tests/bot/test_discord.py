"""The real discord.py client against the local Discord double: what users see in a server."""

from __future__ import annotations

from typing import Any

from tests.bot.conftest import Running


async def test_start_up_logs_in_and_syncs_to_the_dev_server(running: Running) -> None:
    """Start-up fetches the user and application, identifies with Message Content, syncs the commands."""
    double = running.double
    assert ("GET", "/users/@me") in double.requests
    assert ("GET", "/oauth2/applications/@me") in double.requests
    assert double.identify_payloads[0]["intents"] & (1 << 15), "Message Content intent requested"
    synced = double.synced[f"/applications/{double.application_id}/guilds/{running.guild['id']}/commands"]
    assert {c["name"] for c in synced} >= {"ask", "compare", "status", "fact", "factbot"}
    factbot = next(c for c in synced if c["name"] == "factbot")
    assert int(factbot["default_member_permissions"]) == 1 << 5  # hidden from non-admins by default


async def test_channel_question_with_a_mention_gets_a_cited_embed(running: Running) -> None:
    """Mentioning the bot with a question gets a reply embed with the figure and the source."""
    double = running.double
    asked = await double.message("how much of nissan does mitsubishi own?", guild=running.guild, mention_bot=True)
    reply = await double.wait_for_sent(lambda s: s.kind == "message")
    assert reply.channel_id == asked["channel_id"]
    assert "34%" in reply.text and "— Nikkei Asia:" in reply.text and "disputed" in reply.text
    assert int(reply.payload["message_reference"]["message_id"]) == int(asked["id"])
    assert reply.payload["allowed_mentions"] == {"parse": [], "replied_user": False}


async def switch_channel_on(running: Running, channel: dict[str, Any], *, admin: bool) -> dict[str, Any]:
    """`/factbot channels add #channel`, as an admin or a member."""
    guild = running.guild
    resolved = {"channels": {channel["id"]: {**channel, "guild_id": guild["id"], "permissions": "0"}}}
    add = {"name": "add", "type": 1, "options": [{"name": "channel", "type": 7, "value": channel["id"]}]}
    options = [{"name": "channels", "type": 2, "options": [add]}]
    return await running.double.slash("factbot", options, guild=guild, admin=admin, resolved=resolved)


async def _no_reply_then_sentinel(running: Running, count_before: int) -> None:
    """Ask a mentioned sentinel question; once it is answered, earlier messages had their chance."""
    double = running.double
    await double.message("honda ceo", guild=running.guild, mention_bot=True)
    await double.wait_for(lambda: len([s for s in double.sent if s.kind == "message"]) > count_before)


async def test_unmentioned_message_in_a_normal_channel_is_ignored(running: Running) -> None:
    """Without a mention, a question in a channel nobody switched on gets no reply."""
    double = running.double
    await double.message("honda sales?", guild=running.guild)
    await _no_reply_then_sentinel(running, 0)
    replies = [s for s in double.sent if s.kind == "message"]
    assert len(replies) == 1 and "Mibe" in replies[0].text


async def test_admin_switches_a_channel_on_and_it_answers_without_mentions(running: Running) -> None:
    """/factbot channels add by an admin makes plain questions in that channel answered."""
    double, guild = running.double, running.guild
    facts = double.channel(guild, "facts")
    done = await switch_channel_on(running, facts, admin=True)
    confirmation = await double.reply_to(done)
    assert confirmation.data["flags"] & 64, "admin confirmations are ephemeral"
    assert "I'll answer questions" in confirmation.text
    await double.message("nissan sales", guild=guild, channel="facts")
    reply = await double.wait_for_sent(lambda s: s.kind == "message")
    assert "3.4 million" in reply.text


async def test_non_admin_cannot_switch_channels_on(running: Running) -> None:
    """A member without Manage Server is refused ephemerally and nothing changes."""
    double, guild = running.double, running.guild
    facts = double.channel(guild, "facts")
    done = await switch_channel_on(running, facts, admin=False)
    refusal = await double.reply_to(done)
    assert "not allowed" in refusal.text and refusal.data["flags"] & 64
    assert not running.bot.service.is_answer_channel(int(guild["id"]), int(facts["id"]))
    assert await running.bot.service.store.answer_channels() == {}


async def test_direct_message_is_answered(running: Running) -> None:
    """A question in a DM needs no mention."""
    await running.double.message("toyota sales", guild=None)
    reply = await running.double.wait_for_sent(lambda s: s.kind == "message")
    assert "16 million" in reply.text


async def test_bots_are_ignored(running: Running) -> None:
    """Messages from other bots (and itself) are never answered."""
    double = running.double
    await double.message("honda sales", guild=running.guild, mention_bot=True, author=double.user("otherbot", bot=True))
    await double.message("honda sales", guild=running.guild, mention_bot=True, author=double.bot_user)
    await _no_reply_then_sentinel(running, 0)
    assert len([s for s in double.sent if s.kind == "message"]) == 1


async def test_slash_ask_answers_publicly(running: Running) -> None:
    """/ask with a question option answers with a public embed."""
    double = running.double
    done = await double.slash(
        "ask", [{"name": "question", "type": 3, "value": "Honda vs Nissan sales"}], guild=running.guild
    )
    reply = await double.reply_to(done)
    assert reply.payload["type"] == 4
    assert not (reply.data.get("flags") or 0) & 64
    assert "4.1 million" in reply.text and "3.4 million" in reply.text


async def test_autocomplete_offers_curated_questions(running: Running) -> None:
    """Typing in /ask's question option gets up to 25 curated questions that fit."""
    double = running.double
    done = await double.autocomplete(
        "ask", [{"name": "question", "type": 3, "value": "honda sel", "focused": True}], guild=running.guild
    )
    reply = await double.wait_for_sent(lambda s: s.interaction_id == done["id"])
    assert reply.payload["type"] == 8
    choices = reply.payload["data"]["choices"]
    assert 0 < len(choices) <= 25
    assert "How many cars did Honda sell?" in {c["value"] for c in choices}


async def test_compare_attaches_a_chart(running: Running) -> None:
    """/compare defers, then posts every cited figure with a PNG bar chart attached."""
    double = running.double
    options = [
        {"name": "first", "type": 3, "value": "honda-nissan-mitsubishi"},
        {"name": "second", "type": 3, "value": "toyota"},
    ]
    done = await double.slash("compare", options, guild=running.guild)
    reply = await double.reply_to(done, timeout=20)
    assert reply.kind in ("followup", "edit")
    ((name, png),) = reply.files
    assert name == "comparison.png" and png.startswith(b"\x89PNG")
    assert "16 million" in reply.text and "more than 8 million" in reply.text and "sum to 8.3 million" in reply.text
    assert reply.data["embeds"][0]["image"]["url"] == "attachment://comparison.png"


async def test_compare_with_nothing_to_compare_says_so(running: Running) -> None:
    """Comparing subjects with no figure is an ephemeral explanation, not an empty chart."""
    double = running.double
    options = [{"name": "first", "type": 3, "value": "ford"}, {"name": "second", "type": 3, "value": "tesla"}]
    done = await double.slash("compare", options, guild=running.guild)
    reply = await double.reply_to(done)
    assert reply.data["flags"] & 64 and "no sourced sales volume" in reply.text


async def test_did_you_mean_button_posts_that_answer(running: Running) -> None:
    """A decline offers buttons; pressing one posts the suggested fact's answer publicly."""
    double = running.double
    await double.message("Who is Toyota's CEO?", guild=running.guild, mention_bot=True)
    decline = await double.wait_for_sent(lambda s: s.kind == "message")
    assert "don't have a sourced answer" in decline.text
    buttons = decline.buttons
    assert 1 <= len(buttons) <= 3
    honda = next(b for b in buttons if "Honda" in b["label"])
    pressed = await double.press(decline, honda["custom_id"], guild=running.guild)
    answer = await double.reply_to(pressed)
    assert answer.payload["type"] == 4 and not (answer.data.get("flags") or 0) & 64
    assert "Mibe" in answer.text


async def test_a_429_on_send_is_retried(running: Running) -> None:
    """A rate-limited reply is retried after retry_after and delivered once."""
    double = running.double
    double.fail("POST", r"^/channels/\d+/messages$", 429)
    await double.message("honda sales", guild=running.guild, mention_bot=True)
    reply = await double.wait_for_sent(lambda s: s.kind == "message")
    assert "4.1 million" in reply.text
    posts = [r for r in double.requests if r[0] == "POST" and r[1].startswith("/channels/")]
    assert len(posts) == 2 and len([s for s in double.sent if s.kind == "message"]) == 1


async def test_dropped_gateway_resumes_and_answers_once(running: Running) -> None:
    """After the connection drops, the bot resumes, answers what arrived meanwhile, and only once."""
    double = running.double
    await double.drop()
    await double.message("nissan sales", guild=running.guild, mention_bot=True)  # arrives while disconnected
    reply = await double.wait_for_sent(lambda s: s.kind == "message", timeout=15)
    assert "3.4 million" in reply.text
    assert double.resumes == 1 and len(double.identify_payloads) == 1
    await _no_reply_then_sentinel(running, 1)
    assert len([s for s in double.sent if "3.4 million" in s.text]) == 1


async def test_everyone_in_a_question_pings_nobody(running: Running) -> None:
    """A question with @everyone is answered, but the reply allows no mentions and repeats none."""
    double = running.double
    await double.message(
        "@everyone @here honda sales <@&123>", guild=running.guild, mention_bot=True, mention_everyone=True
    )
    reply = await double.wait_for_sent(lambda s: s.kind == "message")
    assert reply.payload["allowed_mentions"]["parse"] == []
    assert "@everyone" not in reply.text and "@here" not in reply.text
    assert "4.1 million" in reply.text


async def test_cooldown_is_silent(running: Running) -> None:
    """A user flooding questions gets the first five answered and the rest silently dropped."""
    double = running.double
    flooder = double.user("flooder")
    for _ in range(8):
        await double.message("honda sales", guild=running.guild, mention_bot=True, author=flooder)
    await double.wait_for(lambda: len([s for s in double.sent if s.kind == "message"]) >= 5)
    await _no_reply_then_sentinel(running, 5)
    assert len([s for s in double.sent if "4.1 million" in s.text]) == 5


async def test_over_long_question_is_refused_politely(running: Running) -> None:
    """A question over the limit gets a short refusal, not an answer or an error."""
    await running.double.message("honda sales " * 150, guild=running.guild, mention_bot=True)
    reply = await running.double.wait_for_sent(lambda s: s.kind == "message")
    assert "too long" in reply.text


async def test_status_lists_stages_with_dates(running: Running) -> None:
    """/status shows each partnership's latest stage with its date and source."""
    done = await running.double.slash("status", guild=running.guild)
    reply = await running.double.reply_to(done)
    assert "letter of intent" in reply.text and "March 2024" in reply.text and "non-disclosure" in reply.text


async def test_fact_show_and_unknown_id(running: Running) -> None:
    """/fact show posts a fact; an unknown id gets an ephemeral explanation."""
    double = running.double
    show = [{"name": "show", "type": 1, "options": [{"name": "id", "type": 3, "value": "honda-ceo"}]}]
    reply = await double.reply_to(await double.slash("fact", show, guild=running.guild))
    assert "Mibe" in reply.text
    missing = [{"name": "show", "type": 1, "options": [{"name": "id", "type": 3, "value": "nope"}]}]
    refusal = await double.reply_to(await double.slash("fact", missing, guild=running.guild))
    assert refusal.data["flags"] & 64 and "no fact with the id 'nope'" in refusal.text
