"""The "Check figures" message command, through the real client and the local Discord double."""

from __future__ import annotations

from typing import Any

from tests.bot.conftest import Running


async def check_message(running: Running, content: str) -> Any:
    """Post a message, then run the Check figures message command on it; the bot's reply."""
    double, guild = running.double, running.guild
    message = await double.message(content, guild=guild)
    data = {
        "id": double.snowflake(),
        "name": "Check figures",
        "type": 3,
        "target_id": message["id"],
        "resolved": {"messages": {message["id"]: message}},
    }
    payload = double._interaction(2, data, guild=guild, channel="general", user=None, admin=False)
    await double.dispatch("INTERACTION_CREATE", payload)
    return await double.wait_for_sent(lambda s: s.interaction_id == payload["id"])


async def test_check_figures_reports_each_figure_privately(running: Running) -> None:
    """Two figures misstated and one right: exactly those three verdicts, seen only by the person who asked."""
    reply = await check_message(
        running, "Honda sold 5 million cars, Nissan sold 3.4 million and Toyota's group sold 20 million vehicles."
    )
    text = reply.text
    assert reply.data["flags"] & 64, "ephemeral"
    assert text.count("❌ differs") == 2 and text.count("✅ matches") == 1
    assert "sources say 4.1 million vehicles" in text and "sources say 16 million vehicles" in text


async def test_check_figures_never_invents_a_verdict(running: Running) -> None:
    """A figure about a company the sources do not cover is 'no sourced figure', not a match or a miss."""
    reply = await check_message(running, "Tesla sold 1.8 million cars.")
    assert "❔ no sourced figure" in reply.text and "differs" not in reply.text
