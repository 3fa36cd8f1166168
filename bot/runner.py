"""`factbot run`, `factbot sync` and `factbot health`: start-up and shutdown of the Discord bot."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

import aiohttp
import discord

from bot.client import DISCORD_API_BASE, DISCORD_GATEWAY, FactBot, health_ok, make_bot, use_endpoints
from bot.config import Settings
from knowledge.service import FactService

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
UNREACHABLE = (
    "Could not reach Discord at {url} after {tries} ({reason}): check the network, DNS and any proxy "
    "({setting}), then start again."
)
TLS_FAILED = (
    "The TLS handshake with {url} failed ({reason}): check the system clock, the CA certificates "
    "and any proxy that intercepts HTTPS."
)

MAX_BACKOFF = 60.0
"""The longest wait between two tries to reach Discord, in seconds."""

UNREACHABLE_ERRORS = (aiohttp.ClientConnectionError, TimeoutError, discord.DiscordServerError)
"""Failures a later try may not meet: DNS, refused or dropped connections, timeouts, Discord's 5xx."""


def _fail(message: str) -> int:
    log.error(message)
    print(f"factbot: error: {message}", file=sys.stderr)
    return 1


async def run(settings: Settings) -> int:
    """Run the bot until SIGINT/SIGTERM; start-up failures are one clear line and a non-zero exit."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        return _fail(MISSING_LOGIN)
    use_endpoints(settings.discord_api_base, settings.discord_gateway_url)
    reconnects = logging.getLogger("discord.client")
    reconnects.addFilter(_one_line_reconnects)
    try:
        async with FactService.open(
            settings.database, settings.match_threshold, seed=False, snapshots=settings.snapshots()
        ) as service:
            shutdown = _Shutdown()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, shutdown, sig)
            try:
                failure = await _serve(settings, settings.discord_token.get_secret_value(), service, shutdown)
            finally:
                for sig in (signal.SIGINT, signal.SIGTERM):
                    loop.remove_signal_handler(sig)
    finally:
        reconnects.removeFilter(_one_line_reconnects)
    if failure is not None:
        return _fail(failure)
    log.info("stopped cleanly")
    return 0


async def _serve(settings: Settings, token: str, service: FactService, shutdown: _Shutdown) -> str | None:
    """Connect and serve until stopped: None on a clean stop, else the sentence saying why it could not start.

    Once connected, discord.py reconnects by itself; these tries cover reaching Discord at start-up,
    with a doubling wait between them (FACTBOT_CONNECT_TRIES, FACTBOT_CONNECT_BACKOFF).
    """
    rest = (settings.discord_api_base or DISCORD_API_BASE, "FACTBOT_DISCORD_API_BASE")
    gateway = (settings.discord_gateway_url or str(DISCORD_GATEWAY), "FACTBOT_DISCORD_GATEWAY_URL")
    for attempt in range(1, settings.connect_tries + 1):
        # A fresh client per try: discord.py's login opens a new HTTP session each time it is called.
        bot = shutdown.bot = make_bot(
            settings, service, health_file=settings.health_file, guild_ready_timeout=GUILD_READY_GRACE
        )
        url, setting = rest
        try:
            async with bot:
                await bot.login(token)
                url, setting = gateway
                await bot.connect()
            return None
        except discord.LoginFailure:
            return REJECTED_LOGIN
        except discord.PrivilegedIntentsRequired:
            return NO_INTENT
        except aiohttp.ClientSSLError as exc:
            return TLS_FAILED.format(url=url, reason=_reason(exc))
        except UNREACHABLE_ERRORS as exc:
            error: BaseException = exc
        except AttributeError as exc:
            # discord.py 2.7 trips over its missing websocket when the very first gateway connection fails.
            if getattr(bot, "ws", None) is not None or not isinstance(exc.__context__, UNREACHABLE_ERRORS):
                raise
            error = exc.__context__
        if shutdown.requested.is_set():
            return None
        if attempt == settings.connect_tries:
            tries = "1 try" if attempt == 1 else f"{attempt} tries"
            return UNREACHABLE.format(url=url, tries=tries, reason=_reason(error), setting=setting)
        delay = min(settings.connect_backoff * 2 ** (attempt - 1), MAX_BACKOFF)
        log.warning(
            "Discord is unreachable at %s (%s): trying again in %g s (try %d of %d)",
            url, _reason(error), delay, attempt + 1, settings.connect_tries,
        )  # fmt: skip
        if await shutdown.wait(delay):
            return None
    return None


class _Shutdown:
    """What SIGINT/SIGTERM stop: the running client, or the wait before the next try to reach Discord."""

    def __init__(self) -> None:
        self.requested = asyncio.Event()
        self.bot: FactBot | None = None

    def __call__(self, sig: signal.Signals) -> None:
        log.info("received %s: closing the gateway and the database", sig.name)
        self.requested.set()
        if self.bot is not None:
            asyncio.get_running_loop().create_task(self.bot.close())

    async def wait(self, seconds: float) -> bool:
        """Sleep, returning True at once if a shutdown is requested meanwhile."""
        try:
            await asyncio.wait_for(self.requested.wait(), timeout=seconds)
        except TimeoutError:
            return False
        return True


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _one_line_reconnects(record: logging.LogRecord) -> bool:
    """discord.py logs every gateway reconnect with a full traceback; a network blip needs one line."""
    if record.exc_info and record.exc_info[1] is not None and record.getMessage().startswith("Attempting a reconnect"):
        record.msg = f"{record.getMessage()} after {type(record.exc_info[1]).__name__}: {_reason(record.exc_info[1])}"
        record.args = None
        record.exc_info = None
        record.exc_text = None
    return True


async def sync(settings: Settings) -> int:
    """Publish the slash commands globally (this can take up to an hour to show everywhere)."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        return _fail(MISSING_LOGIN)
    use_endpoints(settings.discord_api_base, settings.discord_gateway_url)
    url = settings.discord_api_base or DISCORD_API_BASE
    async with FactService.open(settings.database, settings.match_threshold, seed=False) as service:
        bot = FactBot(settings, service, sync_commands=False)
        try:
            async with bot:
                await bot.login(settings.discord_token.get_secret_value())
                commands = await bot.tree.sync()
        except discord.LoginFailure:
            return _fail(REJECTED_LOGIN)
        except aiohttp.ClientSSLError as exc:
            return _fail(TLS_FAILED.format(url=url, reason=_reason(exc)))
        except UNREACHABLE_ERRORS as exc:
            return _fail(
                UNREACHABLE.format(url=url, tries="1 try", reason=_reason(exc), setting="FACTBOT_DISCORD_API_BASE")
            )
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
