"""Discord misbehaving: silent (zombie) gateways, 5xx on send, drops mid-conversation. The bot resumes,
answers what arrived, and never answers twice."""

from __future__ import annotations

from pathlib import Path

from tests.bot.conftest import running_bot
from tests.discord_double import DiscordDouble


def replies(double: DiscordDouble, text: str) -> int:
    return len([s for s in double.sent if s.kind == "message" and text in s.text])


async def test_zombie_gateway_is_detected_and_resumed(double: DiscordDouble, db_path: Path) -> None:
    """When the gateway goes silent, the bot notices within its heartbeat timeout, resumes, and answers once."""
    async with running_bot(double, db_path, bot_options={"heartbeat_timeout": 1.0}) as running:
        double.zombie = True
        await double.message("nissan sales", guild=running.guild, mention_bot=True)  # swallowed by the zombie
        await double.wait_for(lambda: replies(double, "3.4 million") == 1, timeout=15)
        assert double.resumes == 1 and len(double.identify_payloads) == 1
        await double.message("honda ceo", guild=running.guild, mention_bot=True)
        await double.wait_for(lambda: replies(double, "Mibe") == 1)
        assert replies(double, "3.4 million") == 1


async def test_server_errors_on_send_are_retried(double: DiscordDouble, db_path: Path) -> None:
    """A 500 on the reply is retried by discord.py and the answer is delivered exactly once."""
    async with running_bot(double, db_path) as running:
        double.fail("POST", r"^/channels/\d+/messages$", 500)
        await double.message("honda sales", guild=running.guild, mention_bot=True)
        await double.wait_for(lambda: replies(double, "4.1 million") == 1, timeout=15)
        posts = [r for r in double.requests if r[0] == "POST" and r[1].startswith("/channels/")]
        assert len(posts) == 2


async def test_repeated_drops_lose_no_question(double: DiscordDouble, db_path: Path) -> None:
    """A drop before every question: each is answered exactly once, over four resumed sessions."""
    async with running_bot(double, db_path) as running:
        asked = {
            "honda sales": "Honda — sales volume",
            "nissan sales": "Nissan — sales volume",
            "toyota sales": "Toyota group — sales volume",
            "mitsubishi sales": "Mitsubishi Motors — sales volume",
        }
        for question, headline in asked.items():
            await double.drop()
            await double.message(question, guild=running.guild, mention_bot=True)
            await double.wait_for(lambda h=headline: replies(double, h) == 1, timeout=15)  # type: ignore[misc]
        await double.message("honda ceo", guild=running.guild, mention_bot=True)
        await double.wait_for(lambda: replies(double, "Mibe") == 1)
        assert all(replies(double, h) == 1 for h in asked.values()), "no question was answered twice"
        assert double.resumes == 4 and len(double.identify_payloads) == 1
