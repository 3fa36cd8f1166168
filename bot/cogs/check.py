"""The "Check figures" message command: each figure in a message checked against the sources."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import send_ephemeral
from bot.render import clip
from knowledge import drafting
from knowledge.answers import defuse
from knowledge.matcher import FactIndex

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 1900
VERDICT_MARKS = {"match": "✅ matches", "differs": "❌ differs", "unsourced": "❔ no sourced figure"}


def verdict_lines(results: list[drafting.Checked], index: FactIndex) -> list[str]:
    """One line a figure: the figure, what it is about, and what the sources say."""
    lines = []
    for r in results:
        c = r.candidate
        about = " · ".join(x for x in (c.subject_name, c.relation_label) if x)
        detail = drafting.sources_say(r.facts[0], index) if r.facts else r.reason
        head = f"{VERDICT_MARKS[r.verdict]}: **{c.figure.text}**" + (f" ({about})" if about else "")
        lines.append(f"{head} — {detail}")
    return lines


class Check(commands.Cog):
    """Right-click a message → Apps → Check figures: an ephemeral figure-by-figure check."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(name="Check figures", callback=self.check_figures)
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        """Take the menu off the tree with the cog."""
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    @app_commands.checks.cooldown(5, 30.0, key=lambda i: i.user.id)
    async def check_figures(self, interaction: discord.Interaction[FactBot], message: discord.Message) -> None:
        """Check each figure in this message against the sourced facts (only you see the result)."""
        index = self.bot.answerer(interaction.guild_id).index
        results = drafting.check(message.content[:4000], index)
        if not results:
            await send_ephemeral(interaction, "I found no figures in that message to check.")
            return
        text = "\n".join(verdict_lines(results, index))
        await send_ephemeral(interaction, clip(defuse(text), MESSAGE_LIMIT))


async def setup(bot: FactBot) -> None:
    """Load the cog."""
    await bot.add_cog(Check(bot))
