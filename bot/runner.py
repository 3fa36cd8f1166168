"""`factbot run`, `factbot sync` and `factbot health`: start-up and shutdown of the Discord bot."""

from __future__ import annotations

import asyncio
import functools
import logging
import signal
import sys

import discord

from bot.client import FactBot, health_ok, use_endpoints
from bot.config import Settings
from knowledge.service import FactService
from knowledge.store import FactStore

log = logging.getLogger(__name__)

GUILD_READY_GRACE = 0.5
"""Seconds discord.py waits after the last GUILD_CREATE before `on_ready` (its default is 2).
Start-up GUILD_CREATEs arrive milliseconds apart, and a late one is still handled when it comes."""

MISSING_LOGIN = "No Discord token: set DISCORD_TOKEN in the environment or in .env (see .env.example)."
REJECTED_LOGIN = (
    "Discord rejected the token (401 Unauthorized): reset it in the Developer Portal "
    "(your app → Bot → Reset Token) and update DISCORD_TOKEN."
)
NO_INTENT = (
    "The Message Content intent is not enabled (close code 4014): turn it on in the Developer Portal "
    "(your app → Bot → Privileged Gateway Intents → Message Content Intent), then start again."
)


def _fail(message: str) -> int:
    log.error(message)
    print(f"factbot: error: {message}", file=sys.stderr)
    return 1


async def run(settings: Settings) -> int:
    """Run the bot until SIGINT/SIGTERM; start-up failures are one clear line and a non-zero exit."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        return _fail(MISSING_LOGIN)
    use_endpoints(settings.discord_api_base, settings.discord_gateway_url)
    async with FactStore(settings.db) as store:
        service = FactService(store, threshold=settings.match_threshold)
        bot = FactBot(settings, service, health_file=settings.health_file, guild_ready_timeout=GUILD_READY_GRACE)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, functools.partial(_stop, bot, sig))
        try:
            async with bot:
                await bot.start(settings.discord_token.get_secret_value())
        except discord.LoginFailure:
            return _fail(REJECTED_LOGIN)
        except discord.PrivilegedIntentsRequired:
            return _fail(NO_INTENT)
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)
    log.info("stopped cleanly")
    return 0


def _stop(bot: FactBot, sig: signal.Signals) -> None:
    log.info("received %s: closing the gateway and the database", sig.name)
    asyncio.get_running_loop().create_task(bot.close())


async def sync(settings: Settings) -> int:
    """Publish the slash commands globally (this can take up to an hour to show everywhere)."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        return _fail(MISSING_LOGIN)
    use_endpoints(settings.discord_api_base, settings.discord_gateway_url)
    async with FactStore(settings.db) as store:
        bot = FactBot(settings, FactService(store, threshold=settings.match_threshold), sync_commands=False)
        try:
            async with bot:
                await bot.login(settings.discord_token.get_secret_value())
                commands = await bot.tree.sync()
        except discord.LoginFailure:
            return _fail(REJECTED_LOGIN)
    print(f"synced {len(commands)} commands globally: {', '.join('/' + c.name for c in commands)}")
    return 0


def health(settings: Settings) -> int:
    """Exit 0 while the running bot keeps its health file fresh (the Docker HEALTHCHECK)."""
    if settings.health_file is None:
        print("factbot: error: FACTBOT_HEALTH_FILE is not set", file=sys.stderr)
        return 2
    if health_ok(settings.health_file):
        return 0
    print("factbot: unhealthy: the bot has not reported a live gateway connection recently", file=sys.stderr)
    return 1
