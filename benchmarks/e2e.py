"""End to end through discord.py: message-create to reply-POST latency and sustained throughput,
for channel questions, /ask and autocomplete, using the local Discord double from the tests.

The bot and the double share one process and one core, so the figures include the double's own
JSON and HTTP work: they are an upper bound on what the bot itself costs.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.client import FactBot, use_endpoints
from bot.config import Settings
from knowledge.service import FactService
from knowledge.store import FactStore
from tests.discord_double import DiscordDouble

QUESTIONS = ("honda sales", "how much of nissan does mitsubishi own", "toyta sales", "Who is Toyota's CEO?",
             "Honda-Nissan-Mitsubishi vs Toyota", "ホンダのCEOは誰？")  # fmt: skip


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1e3, ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1e3


async def _latency(double: DiscordDouble, guild: dict[str, Any], n: int, kind: str) -> list[float]:
    samples = []
    for i in range(n):
        before = len(double.sent)
        start = time.perf_counter()
        question = QUESTIONS[i % len(QUESTIONS)]
        user = double.user(f"u{i}")  # a new user each time: cooldowns are per user
        if kind == "message":
            await double.message(question, guild=guild, mention_bot=True, author=user)
        elif kind == "slash":
            await double.slash("ask", [{"name": "question", "type": 3, "value": question}], guild=guild, user=user)
        else:
            await double.autocomplete(
                "ask", [{"name": "question", "type": 3, "value": question[:6], "focused": True}], guild=guild
            )
        await double.wait_for(lambda b=before: len(double.sent) > b, timeout=10)  # type: ignore[misc]
        samples.append(double.sent[before].at - start)
    return samples


async def _throughput(double: DiscordDouble, guild: dict[str, Any], n: int) -> float:
    before = len(double.sent)
    start = time.perf_counter()
    for i in range(n):
        await double.message(QUESTIONS[i % len(QUESTIONS)], guild=guild, mention_bot=True, author=double.user(f"t{i}"))
    await double.wait_for(lambda: len(double.sent) - before >= n, timeout=120)
    return n / (time.perf_counter() - start)


async def measure(n: int = 500, flood: int = 2000, database: str | None = None) -> dict[str, Any]:
    """Run the bot against the double and measure; returns the figures (SQLite in a temporary folder
    unless `database` is a URL)."""
    logging.getLogger("discord").setLevel(logging.WARNING)
    double = DiscordDouble()
    await double.start()
    guild = double.add_guild()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, discord_token=double.token, db=Path(tmp) / "bench.sqlite3",
            discord_api_base=double.api_base, discord_gateway_url=double.gateway_url, database_url=database,
        )  # fmt: skip
        use_endpoints(settings.discord_api_base, settings.discord_gateway_url)
        async with FactStore(settings.database) as store:
            bot = FactBot(settings, FactService(store), guild_ready_timeout=0.05)
            task = asyncio.create_task(bot.start(double.token))
            double.watch(task)
            await double.wait_for(bot.is_ready, timeout=10)
            await _latency(double, guild, 50, "message")  # warm up
            results: dict[str, Any] = {}
            for kind in ("message", "slash", "autocomplete"):
                p50, p99 = _ms(await _latency(double, guild, n, kind))
                results[f"{kind}_p50_ms"], results[f"{kind}_p99_ms"] = round(p50, 3), round(p99, 3)
            results["messages_per_s"] = round(await _throughput(double, guild, flood), 1)
            await bot.close()
            await task
    use_endpoints(None, None)
    await double.stop()
    return results


if __name__ == "__main__":
    print(asyncio.run(measure()))
