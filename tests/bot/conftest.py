"""Fixtures that run the real discord.py bot against the local Discord double."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.client import FactBot, use_endpoints
from bot.config import Settings
from knowledge.service import FactService
from knowledge.store import FactStore
from tests.discord_double import DiscordDouble


@dataclass
class Running:
    """A bot connected to the double, with the server it sits in."""

    bot: FactBot
    double: DiscordDouble
    guild: dict[str, Any]
    task: asyncio.Task[None]


@pytest.fixture
async def double() -> AsyncIterator[DiscordDouble]:
    double = DiscordDouble()
    await double.start()
    yield double
    await double.stop()
    assert not double.unknown_routes, f"the bot called routes the double does not know: {double.unknown_routes}"


def make_settings(double: DiscordDouble, db: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "discord_token": double.token,
        "db": db,
        "discord_api_base": double.api_base,
        "discord_gateway_url": double.gateway_url,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@contextlib.asynccontextmanager
async def running_bot(
    double: DiscordDouble, db: Path, bot_options: dict[str, Any] | None = None, **overrides: Any
) -> AsyncIterator[Running]:
    """Start the bot, wait until it is ready, and stop it cleanly afterwards (failing if it died)."""
    guild = next(iter(double.guilds.values())) if double.guilds else double.add_guild()
    settings = make_settings(double, db, dev_guild_id=int(guild["id"]), **overrides)
    use_endpoints(settings.discord_api_base, settings.discord_gateway_url)
    try:
        async with FactStore(settings.database) as store:
            bot = FactBot(
                settings,
                FactService(store, threshold=settings.match_threshold),
                guild_ready_timeout=0.05,
                **(bot_options or {}),
            )
            task = asyncio.create_task(bot.start(double.token))
            double.watch(task)
            await double.wait_for(lambda: bot.is_ready(), timeout=10)
            try:
                yield Running(bot, double, guild, task)
            finally:
                await bot.close()
                await asyncio.wait_for(task, timeout=5)  # re-raises if the bot crashed
    finally:
        use_endpoints(None, None)


@pytest.fixture
async def running(double: DiscordDouble, db_path: Path) -> AsyncIterator[Running]:
    async with running_bot(double, db_path) as running:
        yield running
