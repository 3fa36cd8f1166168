"""`/compare`: two to four companies or blocs on one metric, every figure cited, with a bar chart."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, UserFacingError, send_ephemeral
from bot.render import CHART_FILENAME, answer_embed, chart_png

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)


class Compare(commands.Cog):
    """Side-by-side figures for companies and blocs."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot

    @app_commands.command(name="compare")
    @app_commands.describe(
        first="A company or bloc, e.g. Honda–Nissan–Mitsubishi",
        second="Another, e.g. Toyota group",
        third="Optional third subject",
        fourth="Optional fourth subject",
        metric="What to compare (default: the figure most subjects have)",
    )
    @app_commands.checks.cooldown(3, 30.0, key=lambda i: i.user.id)
    async def compare(
        self,
        interaction: discord.Interaction[FactBot],
        first: app_commands.Range[str, 1, 100],
        second: app_commands.Range[str, 1, 100],
        third: app_commands.Range[str, 1, 100] | None = None,
        fourth: app_commands.Range[str, 1, 100] | None = None,
        metric: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Compare companies or blocs: cited figures, computed totals and a bar chart."""
        answerer = self.bot.answerer(interaction.guild_id)
        subjects = []
        for text in (first, second, third, fourth):
            if text is None:
                continue
            subject = answerer.index.resolve_subject(text)
            if subject is None:
                raise UserFacingError(f"I don't know {text!r}: pick a company or bloc from the suggestions.")
            subjects.append(subject)
        relation = None
        if metric is not None:
            relation = answerer.index.relation(metric) or next(
                (r for r in answerer.index.relations.values() if r.label.casefold() == metric.casefold()), None
            )
            if relation is None:
                raise UserFacingError(f"I don't know the metric {metric!r}: pick one from the suggestions.")
        comparison = answerer.compare(subjects, relation.id if relation else None)
        if not comparison.answer.answered:
            await send_ephemeral(interaction, comparison.answer.answer)
            return
        if len(comparison.bars) < 2:
            await interaction.response.send_message(embed=answer_embed(comparison.answer), allowed_mentions=NO_MENTIONS)
            return
        await interaction.response.defer(thinking=True)
        png = await asyncio.to_thread(chart_png, comparison)
        embed = answer_embed(comparison.answer)
        embed.set_image(url=f"attachment://{CHART_FILENAME}")
        await interaction.followup.send(
            embed=embed, file=discord.File(io.BytesIO(png), filename=CHART_FILENAME), allowed_mentions=NO_MENTIONS
        )

    @compare.autocomplete("first")
    @compare.autocomplete("second")
    @compare.autocomplete("third")
    @compare.autocomplete("fourth")
    async def _subject_complete(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        index = self.bot.answerer(interaction.guild_id).index
        return [app_commands.Choice(name=index.name(i)[:100], value=i) for i in index.search_subjects(current)]

    @compare.autocomplete("metric")
    async def _metric_complete(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        answerer = self.bot.answerer(interaction.guild_id)
        typed = current.casefold().strip()
        choices = [(answerer.label(r), r) for r in answerer.metrics()]
        return [app_commands.Choice(name=label[:100], value=r) for label, r in choices if typed in label.casefold()][
            :25
        ]


async def setup(bot: FactBot) -> None:
    """Load the cog."""
    await bot.add_cog(Compare(bot))
