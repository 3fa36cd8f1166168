"""The discord.py bot: construction, start-up (`setup_hook`), one error path for slash commands."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands, tasks

from bot.config import Settings
from bot.locales import Translator
from knowledge.answers import Answerer
from knowledge.service import FactService
from knowledge.store import BASE, StoreError, StoreFull, StoreUnavailable

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.cogs.ask", "bot.cogs.compare", "bot.cogs.channels", "bot.cogs.admin", "bot.cogs.check")
NO_MENTIONS = discord.AllowedMentions.none()
DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY = yarl.URL("wss://gateway.discord.gg/")
HEALTH_INTERVAL = 15.0
DRAIN_SECONDS = 8.0
"""How long a stopping bot waits for commands in flight (under Docker's default 10 s stop grace, with
SIGKILL after it, a longer wait would only be cut short)."""
IN_FLIGHT = ("CommandTree-invoker", "discord-ui-view-dispatch", "discord.py: on_message", "discord.py: on_interaction")
"""discord.py's names for the tasks that run a command, a button or a message handler."""
GENERIC_APOLOGY = "Sorry, something went wrong on my side. It has been logged."

# factbot never joins voice: don't warn at every start that voice libraries are missing.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


def use_endpoints(api_base: str | None, gateway_url: str | None) -> None:
    """Point discord.py at a REST base and a gateway other than Discord's (a proxy, a test double)."""
    discord.http.Route.BASE = api_base or DISCORD_API_BASE
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url) if gateway_url else DISCORD_GATEWAY


def guild_id_of(interaction: discord.Interaction[Any]) -> int:
    """The server an interaction came from; guild-only commands never see None here."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id


def in_known_guild(interaction: discord.Interaction[Any]) -> bool:
    """True when the interaction comes from a server the bot is really in.

    discord.py gives interactions from unseen servers a stand-in guild, so `interaction.guild` is
    never None there; a forged or stray interaction is caught by checking the bot's own cache.
    """
    if interaction.guild_id is None:
        return False
    guild = interaction.client.get_guild(interaction.guild_id)
    if guild is None or guild.unavailable:
        log.warning("refused an interaction for unknown guild %s by user %s", interaction.guild_id, interaction.user.id)
        return False
    return True


def scope_of(guild_id: int | None) -> str:
    """The knowledge scope for a server: its own layer when it has one (DMs use the base)."""
    return BASE if guild_id is None else str(guild_id)


async def send_ephemeral(interaction: discord.Interaction[Any], text: str) -> None:
    """Tell only the user who acted: the initial response if it is still open, else a followup."""
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
    else:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


class UserFacingError(app_commands.AppCommandError):
    """An error whose message is safe and useful to show the user as it is."""


class FactTree(app_commands.CommandTree["FactBot"]):
    """The command tree with one error path: each error type maps to a short ephemeral reply."""

    async def on_error(self, interaction: discord.Interaction[FactBot], error: app_commands.AppCommandError) -> None:
        """Map an error to what the user sees; log unexpected ones with their traceback."""
        command = interaction.command.qualified_name if interaction.command else "?"
        if isinstance(error, app_commands.CommandOnCooldown):
            message = f"Slow down a little: try again in {error.retry_after:.0f}s."
        elif isinstance(error, app_commands.NoPrivateMessage):
            message = "That command only works in a server."
        elif isinstance(
            error, app_commands.MissingPermissions | app_commands.MissingRole | app_commands.MissingAnyRole
        ):
            log.warning(
                "refused /%s for user %s in guild %s: %s", command, interaction.user.id, interaction.guild_id, error
            )
            message = "You are not allowed to do that."
        elif isinstance(error, app_commands.CheckFailure):
            log.warning("refused /%s for user %s in guild %s", command, interaction.user.id, interaction.guild_id)
            message = "You are not allowed to do that."
        elif isinstance(error, app_commands.TransformerError):
            message = f"That isn't a valid value: {error.value!r}."
        elif isinstance(error, UserFacingError):
            message = str(error)
        elif isinstance(getattr(error, "original", None), StoreFull):
            log.error("/%s: %s", command, getattr(error, "original", error))
            message = "The disk is full: nothing changed. The bot's operator has been told in the log."
        elif isinstance(getattr(error, "original", None), StoreUnavailable):
            log.error("/%s: %s", command, getattr(error, "original", error))
            message = "The fact database is unreachable right now: nothing changed. Try again in a moment."
        elif isinstance(getattr(error, "original", None), StoreError):
            log.error("/%s: %s", command, getattr(error, "original", error))
            message = (
                "The fact database can't be written right now: nothing changed. The operator has been told in the log."
            )
        else:
            original = getattr(error, "original", error)
            log.error("error in /%s", command, exc_info=(type(original), original, original.__traceback__))
            message = GENERIC_APOLOGY
        try:
            await send_ephemeral(interaction, message)
        except discord.HTTPException:
            log.exception("could not tell the user about an error in /%s", command)


class FactBot(commands.Bot):
    """factbot on Discord. Takes its settings and the fact service; cogs reach both through the bot."""

    def __init__(
        self,
        settings: Settings,
        service: FactService,
        *,
        guild_ready_timeout: float = 2.0,
        sync_commands: bool = True,
        health_file: Path | None = None,
        **options: Any,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # privileged: needed to read questions asked in channels
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=FactTree,
            help_command=None,
            allowed_mentions=NO_MENTIONS,
            owner_ids=set(settings.owner_ids) or None,
            guild_ready_timeout=guild_ready_timeout,
            max_messages=500,
            activity=discord.CustomActivity(name=presence_text(settings)),
            **options,
        )
        self.settings = settings
        self.service = service
        self.sync_commands = sync_commands
        self.health_file = health_file

    def answerer(self, guild_id: int | None) -> Answerer:
        """The answerer for a server's scope."""
        return self.service.answerer(scope_of(guild_id))

    async def setup_hook(self) -> None:
        """Build the indexes, load the extensions, then sync commands to the dev server if one is set."""
        await self.service.start()
        await self.tree.set_translator(Translator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.sync_commands and self.settings.syncs_commands and self.settings.dev_guild_id:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to the dev server %s", len(synced), self.settings.dev_guild_id)
        if self.health_file is not None:
            self._health.start()
        self._watcher = asyncio.create_task(self.service.watch(), name="factbot-watch-store")

    async def on_message(self, message: discord.Message, /) -> None:
        """Questions are handled by the ask cog; there are no prefix commands to process."""

    async def on_ready(self) -> None:
        """Log once the gateway is ready, and report healthy at once rather than at the next beat."""
        log.info("ready as %s in %d servers%s", self.user, len(self.guilds), shard_note(self.settings))
        if self.health_file is not None:
            self.health_file.touch()

    @tasks.loop(seconds=HEALTH_INTERVAL)
    async def _health(self) -> None:
        # Touch the health file only while the gateway connection is up; `factbot health` reads its age.
        if self.health_file is not None and self.is_ready() and not self.is_closed() and self.connected():
            self.health_file.touch()

    def connected(self) -> bool:
        """Whether the gateway connection is up."""
        return bool(self.ws and self.ws.open)

    async def close(self) -> None:
        """Let commands in flight finish (bounded), stop the health beat and the store watcher, then
        close the gateway and HTTP session: an admin pressing Apply as the bot stops still gets a reply."""
        await self.drain()
        watcher = getattr(self, "_watcher", None)
        if watcher is not None:
            watcher.cancel()
        if self._health.is_running():
            self._health.cancel()
        if self.health_file is not None:
            self.health_file.unlink(missing_ok=True)
        await super().close()

    async def drain(self, limit: float = DRAIN_SECONDS) -> int:
        """Wait for slash commands, buttons and message handlers already running; how many there were."""
        me = asyncio.current_task()
        running = [
            t for t in asyncio.all_tasks() if t is not me and not t.done() and t.get_name().startswith(IN_FLIGHT)
        ]
        if running:
            log.info("letting %d command(s) in flight finish before closing", len(running))
            _, late = await asyncio.wait(running, timeout=limit)
            if late:
                log.warning("%d command(s) still running after %.0fs; closing anyway", len(late), limit)
        return len(running)


class ShardedFactBot(FactBot, commands.AutoShardedBot):
    """factbot running some or all shards of a bot split across processes (FACTBOT_SHARD_IDS of
    FACTBOT_SHARD_COUNT): discord.py's AutoShardedBot, one gateway connection per shard."""

    def connected(self) -> bool:
        """Whether every shard this process runs is connected."""
        return bool(self.shards) and all(not shard.is_closed() for shard in self.shards.values())


def make_bot(settings: Settings, service: FactService, **options: Any) -> FactBot:
    """The bot the settings ask for: sharded when FACTBOT_SHARD_COUNT is set, else one connection."""
    if settings.shard_count is None:
        return FactBot(settings, service, **options)
    shard_ids = list(settings.shard_ids) if settings.shard_ids is not None else None
    return ShardedFactBot(settings, service, shard_count=settings.shard_count, shard_ids=shard_ids, **options)


def shard_note(settings: Settings) -> str:
    """', shards 0, 1 of 4' for a sharded process, else ''."""
    if settings.shard_count is None:
        return ""
    ids = settings.shard_ids if settings.shard_ids is not None else range(settings.shard_count)
    word = "shard" if len(ids) == 1 else "shards"
    return f", {word} {', '.join(map(str, ids))} of {settings.shard_count}"


def presence_text(settings: Settings) -> str:
    """The bot's status line: how to ask, and for a sharded process which shards it runs."""
    return "Ask me: @mention or /ask" + (f" ·{shard_note(settings)[1:]}" if settings.shard_count else "")


def health_ok(path: Path, max_age: float = HEALTH_INTERVAL * 4) -> bool:
    """True when the bot touched its health file recently."""
    try:
        return time.time() - path.stat().st_mtime < max_age
    except OSError:
        return False
