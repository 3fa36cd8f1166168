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
    from knowledge.answers import Answerer

log = logging.getLogger(__name__)

CHOICE_LIMIT = 25
SUBJECT_SEARCH = 100
"""Subjects searched before those without the metric's figures are dropped, so 25 can still be offered."""


def _metric(answerer: Answerer, text: str) -> str | None:
    """The relation id a metric option names, by id or by label; None when unknown."""
    relation = answerer.index.relation(text) or next(
        (r for r in answerer.index.relations.values() if r.label.casefold() == text.casefold()), None
    )
    return relation.id if relation else None


def _distinct(answerer: Answerer, subjects: list[str], predicate: str | None) -> tuple[list[str], str | None]:
    """One subject per figure: a leader and its bloc share one (the bloc's), so the bloc is compared once.

    Returns the subjects to compare and a note naming each subject read as another, or None."""
    groups: dict[str, list[str]] = {}
    for subject in subjects:
        results = answerer.index.lookup(subject, predicate) if predicate else []
        # Whose figure answers for the subject: a leader is answered by its bloc's figure.
        own = results[0].facts[0].subject if len(results) == 1 and results[0].facts else subject
        groups.setdefault(own, []).append(subject)
    kept: list[str] = []
    notes: list[str] = []
    for own, named in groups.items():
        if len(named) == 1:
            kept.append(named[0])  # alone, the answer itself says which bloc's figure it is
            continue
        kept.append(own)
        for subject in dict.fromkeys(named):
            if subject != own:
                notes.append(f"{answerer.index.name(subject)} was read as the {answerer.index.name(own)}.")
    return kept, " ".join(notes) or None


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
            relation = _metric(answerer, metric)
            if relation is None:
                raise UserFacingError(f"I don't know the metric {metric!r}: pick one from the suggestions.")
        predicate = relation if relation else next(iter(answerer.metrics()), None)
        subjects, note = _distinct(answerer, subjects, predicate)
        if len(subjects) < 2:
            reason = f"{note} " if note else ""
            raise UserFacingError(f"{reason}That leaves one subject: pick two different companies or blocs.")
        comparison = answerer.compare(subjects, predicate)
        if not comparison.answer.answered:
            await send_ephemeral(interaction, comparison.answer.answer)
            return
        if len(comparison.bars) < 2:
            await interaction.response.send_message(
                note, embed=answer_embed(comparison.answer), allowed_mentions=NO_MENTIONS
            )
            return
        await interaction.response.defer(thinking=True)
        png = await asyncio.to_thread(chart_png, comparison)
        embed = answer_embed(comparison.answer)
        embed.set_image(url=f"attachment://{CHART_FILENAME}")
        await interaction.followup.send(
            note or discord.utils.MISSING,
            embed=embed,
            file=discord.File(io.BytesIO(png), filename=CHART_FILENAME),
            allowed_mentions=NO_MENTIONS,
        )

    @compare.autocomplete("first")
    @compare.autocomplete("second")
    @compare.autocomplete("third")
    @compare.autocomplete("fourth")
    async def _subject_complete(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        answerer = self.bot.answerer(interaction.guild_id)
        index = answerer.index
        typed = getattr(interaction.namespace, "metric", None)
        chosen = _metric(answerer, typed) if typed else None
        metrics = [chosen] if chosen else answerer.metrics()
        # Only subjects with a figure to compare: a subject with none would just be refused after choosing it.
        offered = [
            i
            for i in index.search_subjects(current, limit=SUBJECT_SEARCH)
            if any(r.facts for m in metrics for r in index.lookup(i, m))
        ]
        return [app_commands.Choice(name=index.name(i)[:100], value=i) for i in offered[:CHOICE_LIMIT]]

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
