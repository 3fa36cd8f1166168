"""`/factbot channels add|remove|list`: where the bot answers every message, per server (admins only)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, guild_id_of, in_known_guild

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)


class Channels(commands.Cog):
    """Server settings for where factbot answers."""

    factbot = app_commands.Group(
        name="factbot",
        description="factbot settings for this server",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),  # a UI hint; the checks below enforce
    )
    channels = app_commands.Group(name="channels", description="Channels where I answer every message", parent=factbot)

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction[FactBot]) -> bool:  # type: ignore[override]
        """Settings change only for servers the bot is really in."""
        if interaction.guild_id is not None and not in_known_guild(interaction):
            raise app_commands.CheckFailure("unknown guild")
        return True

    async def _reply(self, interaction: discord.Interaction[FactBot], text: str) -> None:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @channels.command(name="add")
    @app_commands.describe(channel="The channel where I should answer every question")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def add(self, interaction: discord.Interaction[FactBot], channel: discord.TextChannel) -> None:
        """Answer every message in a channel, not only mentions (Manage Server)."""
        guild_id = guild_id_of(interaction)
        changed = await self.bot.service.set_answer_channel(
            guild_id, channel.id, True, actor=f"user:{interaction.user.id}"
        )
        log.info("user %s switched answering on in %s/%s", interaction.user.id, guild_id, channel.id)
        await self._reply(
            interaction,
            f"I'll answer questions in {channel.mention}." if changed else f"{channel.mention} is already on.",
        )

    @channels.command(name="remove")
    @app_commands.describe(channel="The channel where I should only answer mentions")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def remove(self, interaction: discord.Interaction[FactBot], channel: discord.TextChannel) -> None:
        """Stop answering every message in a channel (Manage Server)."""
        guild_id = guild_id_of(interaction)
        changed = await self.bot.service.set_answer_channel(
            guild_id, channel.id, False, actor=f"user:{interaction.user.id}"
        )
        await self._reply(
            interaction,
            f"I'll only answer mentions in {channel.mention}." if changed else f"{channel.mention} wasn't on.",
        )

    @channels.command(name="list")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def list_channels(self, interaction: discord.Interaction[FactBot]) -> None:
        """List the channels where I answer every message (Manage Server)."""
        guild_id = guild_id_of(interaction)
        ids = sorted(self.bot.service.answer_channels.get(guild_id, set()))
        text = "\n".join(f"• <#{i}>" for i in ids) if ids else "No channels: I answer only mentions and DMs."
        await self._reply(interaction, text)


async def setup(bot: FactBot) -> None:
    """Load the cog."""
    await bot.add_cog(Channels(bot))
