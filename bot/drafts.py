"""`/curate draft`: review an article's candidate facts one at a time, in Discord.

The candidates are kept in the database for 24 hours (`knowledge.review`), and every button names
its draft and the position it was shown at, so the review survives an expired interaction or a
restart: press a button of an old message, or run `/curate draft` again, and it goes on where it
was. Only curators can press; another server never sees a draft.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.checks import actor_of, is_curator
from bot.client import NO_MENTIONS, guild_id_of, send_ephemeral
from bot.render import clip
from knowledge.drafting import DraftError, read_article
from knowledge.packs import PackError
from knowledge.review import EDITABLE, Review, ReviewError
from knowledge.service import StaleReview
from knowledge.store import StoreError

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)

QUOTE_SHOWN = 1000
FIELD_LABELS = {"subject": "Subject", "relation": "Relation", "object": "Object", "value": "Value", "as_of": "As of"}


def value_text(row: dict[str, str]) -> str:
    """A candidate's value as a curator reads and types it: '9000 jobs', '20%'."""
    return " ".join(part for part in (row.get("value", ""), row.get("unit", "")) if part)


def card(review: Review, note: str | None = None) -> tuple[discord.Embed, discord.ui.View | None]:
    """The review's current candidate with its sentence and Accept / Edit / Skip, or the summary at the end."""
    candidate = review.current
    if candidate is None:
        accepted = ", ".join(f"`{i}`" for i in review.accepted[:20]) or "none"
        embed = discord.Embed(
            title="Draft reviewed",
            description=f"{len(review.accepted)} accepted, {review.skipped} skipped.\nAccepted: {accepted}",
        )
        if note:
            embed.description = f"{note}\n\n{embed.description}"
        return embed, None
    row = candidate.row
    value = value_text(row)
    embed = discord.Embed(
        title=clip(f"Candidate {review.position + 1} of {len(review.candidates)}: {candidate.figure}", 256),
        description=clip(("" if not note else note + "\n\n") + "> " + row.get("quote", ""), QUOTE_SHOWN),
    )
    embed.add_field(name="Subject", value=clip(row.get("subject") or "—", 1024))
    embed.add_field(name="Relation", value=clip(row.get("relation") or "—", 1024))
    if row.get("object"):
        embed.add_field(name="Object", value=clip(row["object"], 1024))
    embed.add_field(name="Value", value=clip(value or "—", 1024))
    embed.add_field(name="As of", value=row.get("as_of") or "—")
    if candidate.updates:
        embed.add_field(name="Stored now", value=clip(f"this {candidate.updates}", 1024), inline=False)
    source = " · ".join(x for x in (row.get("publisher"), row.get("published")) if x) or review.source
    embed.set_footer(text=clip(f"{review.progress()} · {source} · draft {review.id}", 2048))
    view = discord.ui.View(timeout=None)
    for action, label, style in (
        ("accept", "Accept", discord.ButtonStyle.success),
        ("edit", "Edit…", discord.ButtonStyle.primary),
        ("skip", "Skip", discord.ButtonStyle.secondary),
    ):
        view.add_item(ReviewButton(review.id, review.position, action, label, style))
    return embed, view


async def show(interaction: discord.Interaction[Any], review: Review, note: str | None = None) -> None:
    """Send a review's card to the curator only (a new ephemeral message)."""
    embed, view = card(review, note)
    kwargs: dict[str, Any] = {"embed": embed, "ephemeral": True, "allowed_mentions": NO_MENTIONS}
    if view is not None:
        kwargs["view"] = view
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


async def _update(interaction: discord.Interaction[Any], review: Review, note: str | None = None) -> None:
    """Replace the card the curator pressed on with the review as it is now."""
    embed, view = card(review, note)
    await interaction.edit_original_response(embed=embed, view=view, allowed_mentions=NO_MENTIONS)


async def _accepted(interaction: discord.Interaction[FactBot], review: Review, report: Any) -> str:
    fact_id = review.accepted[-1]
    created = ", ".join(report.entities_created or []) if report is not None else ""
    note = f"Accepted `{fact_id}` into this server's facts." + (f" New entities: {created}." if created else "")
    cog = interaction.client.get_cog("Curate")
    if cog is not None and hasattr(cog, "mod_log"):
        await cog.mod_log(interaction, f"accepted `{fact_id}` from draft {review.id} ({review.source})")
    return note


class ReviewButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"factbot:review:(?P<id>[a-z0-9]{6,16}):(?P<pos>\d{1,4}):(?P<action>accept|edit|skip)",
):
    """Accept, Edit or Skip one candidate; works after the interaction expired or the bot restarted."""

    def __init__(
        self,
        review_id: str,
        position: int,
        action: str,
        label: str = "",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label or action.title(),
                style=style,
                custom_id=f"factbot:review:{review_id}:{position}:{action}",
            )
        )
        self.review_id, self.position, self.action = review_id, position, action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewButton:
        """Rebuild from the pressed custom id."""
        return cls(match["id"], int(match["pos"]), match["action"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Check the presser, then take the step (or open the edit form)."""
        bot: FactBot = interaction.client
        if interaction.guild_id is None or not await is_curator(interaction):
            await send_ephemeral(interaction, "You are not allowed to do that.")
            return
        scope = str(guild_id_of(interaction))
        if self.action == "edit":
            try:
                review = await bot.service.review(scope, self.review_id)
            except ReviewError as exc:
                await send_ephemeral(interaction, str(exc))
                return
            if review.position != self.position or review.current is None:
                await show(interaction, review, "Someone already decided on that one; here is where the draft is.")
                return
            await interaction.response.send_modal(EditCandidate(review, self.position))
            return
        await interaction.response.defer()
        await step(interaction, scope, self.review_id, self.position, accept=self.action == "accept")


async def step(
    interaction: discord.Interaction[FactBot],
    scope: str,
    review_id: str,
    position: int,
    accept: bool,
    changes: dict[str, str] | None = None,
    new_message: bool = False,
) -> None:
    """Accept or skip a candidate and show the next; a refused row keeps the card with the reason."""
    service = interaction.client.service
    reply = show if new_message else _update
    try:
        review, report = await service.decide(scope, review_id, position, actor_of(interaction), accept, changes)
    except StaleReview as stale:
        await reply(interaction, stale.review, "Someone already decided on that one; here is where the draft is.")
        return
    except ReviewError as exc:
        await interaction.followup.send(str(exc), ephemeral=True, allowed_mentions=NO_MENTIONS)
        return
    except (PackError, StoreError) as exc:
        await interaction.followup.send(
            clip(f"Not accepted, nothing changed: {exc}. Edit it, or skip it.", 1900),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )
        if new_message:
            await show(interaction, await service.review(scope, review_id))
        return
    note = await _accepted(interaction, review, report) if accept else "Skipped."
    await reply(interaction, review, note)


class EditCandidate(discord.ui.Modal, title="Edit, then accept"):
    """The candidate's fields, filled in; submitting accepts it as changed."""

    def __init__(self, review: Review, position: int) -> None:
        super().__init__(timeout=None)
        self.review_id, self.position = review.id, position
        row = review.candidates[position].row
        self.inputs: dict[str, discord.ui.TextInput[Any]] = {}
        for name in EDITABLE:
            default = row.get(name, "")
            if name == "value":
                default = value_text(row)
            field: discord.ui.TextInput[Any] = discord.ui.TextInput(
                label=FIELD_LABELS[name] + (" (with its unit, e.g. 9,000 jobs)" if name == "value" else ""),
                default=default[:200],
                required=name in ("subject", "relation", "value"),
                max_length=200,
            )
            self.inputs[name] = field
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction[FactBot]) -> None:  # type: ignore[override]
        """Accept the candidate with the fields as submitted."""
        if interaction.guild_id is None or not await is_curator(interaction):
            await send_ephemeral(interaction, "You are not allowed to do that.")
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        review = await interaction.client.service.review(str(interaction.guild_id), self.review_id)
        row = review.candidates[self.position].row
        shown = value_text(row)
        changes = {
            name: str(field.value)
            for name, field in self.inputs.items()
            if str(field.value).strip() != (shown if name == "value" else row.get(name, "")).strip()
        }
        await step(
            interaction, str(interaction.guild_id), self.review_id, self.position, True, changes, new_message=True
        )


class PasteArticle(discord.ui.Modal, title="Draft facts from an article"):
    """Paste an article (up to 4,000 characters) and where it comes from."""

    article: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Article text", style=discord.TextStyle.paragraph, max_length=4000
    )
    publisher: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Publisher", required=False, max_length=100)
    published: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Published (YYYY-MM-DD)", required=False, max_length=10
    )
    url: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Link", required=False, max_length=500)

    async def on_submit(self, interaction: discord.Interaction[FactBot]) -> None:  # type: ignore[override]
        """Draft the pasted text and show its first candidate."""
        if interaction.guild_id is None or not await is_curator(interaction):
            await send_ephemeral(interaction, "You are not allowed to do that.")
            return
        given: dict[str, str | None] = {
            "publisher": str(self.publisher.value),
            "published": str(self.published.value),
            "url": str(self.url.value),
        }
        await begin(interaction, str(self.article.value).encode(), "pasted text", given)


async def begin(
    interaction: discord.Interaction[FactBot], data: bytes, origin: str, given: dict[str, str | None]
) -> None:
    """Draft an article into a new review and show its first candidate (or say there is none)."""
    given = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in given.items()}
    published = given.get("published")
    if published and read_article("x", published=published).published is None:
        await send_ephemeral(interaction, f"published: {published!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD.")
        return
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        review = await interaction.client.service.start_review(
            str(guild_id_of(interaction)), data, origin, actor_of(interaction), **given
        )
    except (DraftError, ReviewError) as exc:
        await send_ephemeral(interaction, f"{exc}; nothing changed.")
        return
    if not review.candidates:
        await send_ephemeral(
            interaction,
            f"No new figures to review in {origin}"
            + (f" ({review.dropped} repeat stored facts or lack a subject or relation)." if review.dropped else "."),
        )
        return
    note = f"{len(review.candidates)} candidates from {origin}" + (
        f" ({review.dropped} more repeat stored facts or lack a subject or relation)" if review.dropped else ""
    )
    await show(interaction, review, note + ".")
