"""Questions: in channels (mentions, DMs, switched-on channels), `/ask`, `/status`, `/fact show`."""

from __future__ import annotations

import logging
import re
import time
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import NO_MENTIONS, UserFacingError, send_ephemeral
from bot.render import answer_embed, clip
from knowledge.answers import MAX_QUESTION_CHARS
from knowledge.models import Answer
from knowledge.service import FactService
from knowledge.store import StoreError

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)

QUESTION_RATE = 5
"""Questions one user may ask per QUESTION_PER seconds, in channels and through /ask."""
QUESTION_PER = 30.0
BUTTON_LABEL = 80
CHOICE_LIMIT = 25
HELP = "Ask me about the story: for example “How much of Nissan does Mitsubishi own?” or use /ask."


class ReplyBudget:
    """One per-user budget for everything posted publicly on someone's request: channel answers,
    /ask, /status, /fact show and "did you mean" buttons share it, so no route floods a channel.

    In memory for one process; when several processes share a PostgreSQL store (shards), the budget
    lives in the database so it holds across them, and falls back to memory while it is unreachable.
    """

    def __init__(
        self,
        rate: int = QUESTION_RATE,
        per: float = QUESTION_PER,
        max_users: int = 10_000,
        service: FactService | None = None,
    ) -> None:
        self.rate, self.per, self.max_users = rate, per, max_users
        self.service = service if service is not None and service.shares_budgets else None
        self._buckets: dict[int, app_commands.Cooldown] = {}

    async def spend(self, user_id: int) -> float | None:
        """Take one reply from the user's budget: None when allowed, else seconds to wait."""
        if self.service is not None:
            try:
                return await self.service.spend_reply(user_id, self.rate, self.per)
            except StoreError as exc:
                log.warning("reply budgets are kept in memory for now: %s", exc)
        return self._spend_here(user_id)

    def _spend_here(self, user_id: int) -> float | None:
        now = time.monotonic()
        if len(self._buckets) >= self.max_users:
            # Forget users whose window has passed, so memory stays bounded under a flood.
            self._buckets = {u: b for u, b in self._buckets.items() if b.get_tokens(now) < self.rate}
        bucket = self._buckets.setdefault(user_id, app_commands.Cooldown(self.rate, self.per))
        return bucket.update_rate_limit(now)

    async def check(self, interaction: discord.Interaction[Any]) -> None:
        """Spend for a slash command or button; over budget raises the same error a cooldown does."""
        retry = await self.spend(interaction.user.id)
        if retry is not None:
            raise app_commands.CommandOnCooldown(app_commands.Cooldown(self.rate, self.per), retry)


async def _budget(interaction: discord.Interaction[Any]) -> bool:
    cog = interaction.client.get_cog("Ask")
    if isinstance(cog, Ask):
        await cog.budget.check(interaction)
    return True


class SuggestionButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"factbot:fact:(?P<id>[a-z0-9-]{1,64})"
):
    """A "did you mean" button; it keeps working after a restart because its custom id names the fact."""

    def __init__(self, fact_id: str, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL),
                style=discord.ButtonStyle.secondary,
                custom_id=f"factbot:fact:{fact_id}",
            )
        )
        self.fact_id = fact_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SuggestionButton:
        """Rebuild the button from a pressed custom id."""
        label = item.label if isinstance(item, discord.ui.Button) and item.label else match["id"]
        return cls(match["id"], label)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Post the suggested fact's answer publicly in the channel (within the presser's reply budget)."""
        bot: FactBot = interaction.client
        cog = bot.get_cog("Ask")
        retry = await cog.budget.spend(interaction.user.id) if isinstance(cog, Ask) else None
        if retry is not None:
            await send_ephemeral(interaction, f"Slow down a little: try again in {retry:.0f}s.")
            return
        answer = bot.answerer(interaction.guild_id).answer_fact(self.fact_id)
        if not answer.answered:
            await send_ephemeral(interaction, "That fact is no longer available.")
            return
        await interaction.response.send_message(embed=answer_embed(answer), allowed_mentions=NO_MENTIONS)


def suggestion_view(answer: Answer) -> discord.ui.View | None:
    """Up to three buttons, one per suggestion, or None when there is nothing to suggest."""
    if not answer.suggestion_ids:
        return None
    view = discord.ui.View(timeout=None)
    for fact_id, text in zip(answer.suggestion_ids, answer.suggestions, strict=True):
        view.add_item(SuggestionButton(fact_id, text))
    return view


class Ask(commands.Cog):
    """Answers questions wherever people ask them."""

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot
        self.budget = ReplyBudget(service=bot.service)

    fact = app_commands.Group(name="fact", description="Look up a fact by its id")

    def _wants_answer(self, message: discord.Message) -> bool:
        if message.guild is None:
            return True
        if self.bot.user is not None and self.bot.user.id in message.raw_mentions:
            return True
        channel = message.channel
        # A thread follows its parent: switching a channel on covers the threads people open under it.
        ids = (channel.id, channel.parent_id) if isinstance(channel, discord.Thread) else (channel.id,)
        return any(self.bot.service.is_answer_channel(message.guild.id, i) for i in ids)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a question asked in a DM, with a mention, or in a switched-on channel."""
        if message.author.bot or message.webhook_id is not None or not self._wants_answer(message):
            return
        if await self.budget.spend(message.author.id) is not None:
            log.debug("cooldown: ignoring a question from %s", message.author.id)
            return  # silent: a cooldown reply would be the very spam the cooldown prevents
        me = self.bot.user.id if self.bot.user else 0
        question = re.sub(rf"<@!?{me}>", " ", message.content).strip()
        if not question:
            await message.reply(HELP, mention_author=False, allowed_mentions=NO_MENTIONS)
            return
        guild_id = message.guild.id if message.guild else None
        answer = self.bot.answerer(guild_id).ask(question)
        view = suggestion_view(answer)
        if answer.answered:
            await message.reply(embed=answer_embed(answer), mention_author=False, allowed_mentions=NO_MENTIONS)
        elif view is not None:
            await message.reply(answer.answer, view=view, mention_author=False, allowed_mentions=NO_MENTIONS)
        else:
            await message.reply(answer.answer, mention_author=False, allowed_mentions=NO_MENTIONS)
        await self.bot.service.note_answer(guild_id, question, answer)

    @app_commands.command(name="ask")
    @app_commands.describe(question="Your question, e.g. How much of Nissan does Mitsubishi own?")
    @app_commands.check(_budget)
    async def ask(
        self, interaction: discord.Interaction[FactBot], question: app_commands.Range[str, 1, MAX_QUESTION_CHARS]
    ) -> None:
        """Ask a question about the story; the answer cites its source."""
        answer = self.bot.answerer(interaction.guild_id).ask(question)
        view = suggestion_view(answer)
        if answer.answered:
            await interaction.response.send_message(embed=answer_embed(answer), allowed_mentions=NO_MENTIONS)
        elif view is None:
            await send_ephemeral(interaction, answer.answer)
        else:
            await interaction.response.send_message(
                answer.answer, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
        await self.bot.service.note_answer(interaction.guild_id, question, answer)

    @ask.autocomplete("question")
    async def _ask_complete(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        questions = self.bot.answerer(interaction.guild_id).index.complete(current, limit=CHOICE_LIMIT)
        return [app_commands.Choice(name=clip(q, 100), value=clip(q, 100)) for q in questions]

    @app_commands.command(name="status")
    @app_commands.check(_budget)
    async def status(self, interaction: discord.Interaction[FactBot]) -> None:
        """Where the partnerships stand: talks, NDA, letter of intent, with dates and sources."""
        answer = self.bot.answerer(interaction.guild_id).stages()
        if not answer.answered:
            await send_ephemeral(interaction, answer.answer)
            return
        await interaction.response.send_message(embed=answer_embed(answer), allowed_mentions=NO_MENTIONS)

    @fact.command(name="show")
    @app_commands.describe(fact_id="The fact's id (start typing to search ids and statements)")
    @app_commands.rename(fact_id="id")
    @app_commands.check(_budget)
    async def show(self, interaction: discord.Interaction[FactBot], fact_id: app_commands.Range[str, 1, 64]) -> None:
        """Show one fact with its value, status and source."""
        answer = self.bot.answerer(interaction.guild_id).answer_fact(fact_id)
        if not answer.answered:
            raise UserFacingError(f"There is no fact with the id {fact_id!r}. Start typing to search.")
        await interaction.response.send_message(embed=answer_embed(answer), allowed_mentions=NO_MENTIONS)

    @show.autocomplete("fact_id")
    async def _show_complete(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        facts = self.bot.answerer(interaction.guild_id).index.search_facts(current, limit=CHOICE_LIMIT)
        return [app_commands.Choice(name=clip(f"{f.id}: {f.statement}", 100), value=f.id) for f in facts]


async def setup(bot: FactBot) -> None:
    """Load the cog and register the suggestion buttons so old messages' buttons keep working."""
    bot.add_dynamic_items(SuggestionButton)
    await bot.add_cog(Ask(bot))
