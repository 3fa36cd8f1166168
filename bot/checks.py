"""Who may curate: the one check every /curate command, button and form makes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.client import in_known_guild

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)


def actor_of(interaction: discord.Interaction[Any]) -> str:
    """How the history names a Discord user: 'user:<id>'."""
    return f"user:{interaction.user.id}"


async def is_curator(interaction: discord.Interaction[FactBot], quiet: bool = False) -> bool:
    """Manage Server, the server's admin role, or a bot owner. Refusals are logged (not for autocomplete)."""
    bot = interaction.client
    if await bot.is_owner(interaction.user):
        return True
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    if not in_known_guild(interaction):
        return False
    if interaction.permissions.manage_guild:
        return True
    role_id = (await bot.service.settings(interaction.guild_id)).admin_role_id
    if role_id and isinstance(interaction.user, discord.Member) and interaction.user.get_role(role_id):
        return True
    if quiet:
        return False
    log.warning(
        "refused curation by user %s in guild %s (%s)",
        interaction.user.id, interaction.guild_id,
        interaction.command.qualified_name if interaction.command else "button",
    )  # fmt: skip
    return False
