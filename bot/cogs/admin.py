"""`/curate …`: server admins keep the facts right — add, edit, retire, restore, aliases, history,
rollback, import and export, unanswered questions — for their server only; owners edit the base.

The group is hidden from members by default (`default_permissions`, a UI hint only) and every
command and button re-checks the user: Manage Server, the server's configured admin role, or a
bot owner. Discord sets default permissions per top-level command, which is why these live in
`/curate` and the public lookup stays `/fact show`.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import re
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands
from pydantic import ValidationError

from bot import drafts
from bot.checks import actor_of as _actor
from bot.checks import is_curator
from bot.client import NO_MENTIONS, UserFacingError, guild_id_of, send_ephemeral
from bot.render import clip
from knowledge.drafting import MAX_ARTICLE_BYTES
from knowledge.edits import EDITABLE_FIELDS, RELATION_FIELDS, EditError, diff, new_fact
from knowledge.models import Relation, Status, ValueKind, check_partial_date
from knowledge.packs import MAX_PACK_BYTES, PackError, describe
from knowledge.service import Change
from knowledge.store import (
    BASE,
    FactExists,
    RelationExists,
    StaleImport,
    StaleRelation,
    StaleVersion,
    UnknownFact,
    UnknownRelation,
    UnknownVersion,
)
from knowledge.vocabulary import relation_slug, split_cues

if TYPE_CHECKING:
    from bot.client import FactBot

log = logging.getLogger(__name__)

Where = Literal["server", "base"]
CONFIRM_SECONDS = 300.0
GAPS_SHOWN = 10
MESSAGE_LIMIT = 1900


async def _scope(interaction: discord.Interaction[FactBot], where: Where) -> str:
    """The scope a change goes to: the server's own layer, or the base for owners only."""
    if where == "base":
        if not await interaction.client.is_owner(interaction.user):
            raise UserFacingError("Only the bot's owners can change the shared base; leave `where` as server.")
        return BASE
    return str(guild_id_of(interaction))


def _slug(*parts: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")
    return text[:56].strip("-") or "fact"


def gap_key(question: str) -> str:
    """A short stable key for a logged question (custom ids are limited to 100 characters)."""
    return hashlib.sha256(question.encode()).hexdigest()[:12]


class AddFactForm(discord.ui.Modal, title="Add a fact"):
    """The long fields of a new fact; the short ones come from the slash command's options."""

    value: discord.ui.TextInput[AddFactForm] = discord.ui.TextInput(
        label="Value", placeholder="4.1 million · 34% · letter of intent · a sentence", max_length=200
    )
    statement: discord.ui.TextInput[AddFactForm] = discord.ui.TextInput(
        label="Statement (one plain sentence)", style=discord.TextStyle.paragraph, max_length=1000
    )
    source: discord.ui.TextInput[AddFactForm] = discord.ui.TextInput(
        label="Source: publisher, then URL if any", placeholder="Nikkei Asia https://asia.nikkei.com/…", max_length=300
    )
    quote: discord.ui.TextInput[AddFactForm] = discord.ui.TextInput(
        label="Quote (the source's exact words)", style=discord.TextStyle.paragraph, max_length=1500
    )
    phrasings: discord.ui.TextInput[AddFactForm] = discord.ui.TextInput(
        label="Questions people ask (one per line)", style=discord.TextStyle.paragraph, required=False,
        max_length=1000,
    )  # fmt: skip

    def __init__(self, cog: Curate, options: dict[str, Any]) -> None:
        super().__init__(timeout=900)
        self.cog = cog
        self.options = options

    async def on_submit(self, interaction: discord.Interaction[FactBot]) -> None:  # type: ignore[override]
        """Validate everything, then save: a bad field is named and nothing is written."""
        if not await is_curator(interaction):
            await send_ephemeral(interaction, "You are not allowed to do that.")
            return
        opts = self.options
        scope = opts["scope"]
        answerer = interaction.client.service.answerer(scope)
        base_id = _slug(opts["subject"], opts["predicate"].replace("_", "-"), opts.get("as_of") or "")
        fact_id, n = base_id, 1
        while await self._taken(interaction, fact_id, scope):
            n += 1
            fact_id = f"{base_id}-{n}"
        try:
            fact = new_fact(
                fact_id=fact_id, subject=opts["subject"], relation=answerer.index.relation(opts["predicate"]),
                value=self.value.value, statement=self.statement.value, source=self.source.value,
                quote=self.quote.value, unit=opts.get("unit"), as_of=opts.get("as_of"), obj=opts.get("object"),
                phrasings=self.phrasings.value or "", resolve=answerer.index.resolve_subject,
            )  # fmt: skip
            change = await interaction.client.service.add_fact(fact, _actor(interaction), "added from Discord", scope)
        except (EditError, PackError, FactExists) as exc:
            await send_ephemeral(interaction, f"Not added: {exc}")
            return
        await self.cog.done(interaction, change)

    @staticmethod
    async def _taken(interaction: discord.Interaction[FactBot], fact_id: str, scope: str) -> bool:
        """True when any fact has the id in the scope, retired ones included (they can be restored)."""
        if fact_id in interaction.client.service.answerer(scope).index.facts:
            return True
        try:
            await interaction.client.service.record(fact_id, scope)
        except UnknownFact:
            return False
        return True

    async def on_error(self, interaction: discord.Interaction[FactBot], error: Exception) -> None:  # type: ignore[override]
        """Unexpected errors are logged; the admin gets the generic apology."""
        log.error("error in the add-fact form", exc_info=error)
        await send_ephemeral(interaction, "Sorry, something went wrong on my side. It has been logged.")


class ConfirmImport(discord.ui.View):
    """Apply or cancel a previewed import; only the admin who asked may press."""

    def __init__(
        self, cog: Curate, owner_id: int, pack: Any, scope: str, new_entities: list[str], versions: dict[str, int]
    ) -> None:
        super().__init__(timeout=CONFIRM_SECONDS)
        self.cog, self.owner_id, self.pack, self.scope = cog, owner_id, pack, scope
        self.new_entities = new_entities
        self.versions = versions  # each fact's version at preview time: a fact that moved since is not overwritten

    async def interaction_check(self, interaction: discord.Interaction[FactBot]) -> bool:  # type: ignore[override]
        """Only the admin who previewed the import may confirm it."""
        if interaction.user.id != self.owner_id or not await is_curator(interaction):
            await send_ephemeral(interaction, "Only the admin who started this import can confirm it.")
            return False
        return True

    @discord.ui.button(label="Apply import", style=discord.ButtonStyle.danger)
    async def apply(self, interaction: discord.Interaction[FactBot], button: discord.ui.Button[Any]) -> None:
        """Apply the import, all or nothing."""
        self.stop()
        try:
            report = await interaction.client.service.import_pack(
                self.pack, _actor(interaction), self.scope, expected_versions=self.versions
            )
        except StaleImport as exc:
            await interaction.response.edit_message(content=clip(f"Import refused: {exc}.", MESSAGE_LIMIT), view=None)
            return
        except PackError as exc:
            await interaction.response.edit_message(content=f"Import refused, nothing changed: {exc}", view=None)
            return
        report.entities_created = self.new_entities  # the preview named them; the confirmation should too
        await interaction.response.edit_message(content=f"Imported: {report.summary()}.", view=None)
        await self.cog.mod_log(interaction, f"imported a knowledge file: {report.summary()}")

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction[FactBot], button: discord.ui.Button[Any]) -> None:
        """Drop the import."""
        self.stop()
        await interaction.response.edit_message(content="Import cancelled: nothing changed.", view=None)


class GapButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"factbot:gap:(?P<fact>[a-z0-9-]{1,64}):(?P<key>[0-9a-f]{12})",
):
    """One click turns a logged question into a new phrasing of the fact it should have found."""

    def __init__(self, fact_id: str, key: str, label: str = "Add as phrasing") -> None:
        super().__init__(
            discord.ui.Button(label=clip(label, 80), style=discord.ButtonStyle.primary,
                              custom_id=f"factbot:gap:{fact_id}:{key}")
        )  # fmt: skip
        self.fact_id, self.key = fact_id, key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> GapButton:
        """Rebuild from the pressed custom id."""
        return cls(match["fact"], match["key"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        """Check the presser, find the logged question, add it as a phrasing, forget the gap."""
        bot: FactBot = interaction.client
        if not await is_curator(interaction):
            await send_ephemeral(interaction, "You are not allowed to do that.")
            return
        guild_id = guild_id_of(interaction)
        gaps = await bot.service.gaps(guild_id, limit=200)
        gap = next((g for g in gaps if gap_key(g.question) == self.key), None)
        if gap is None:
            await send_ephemeral(interaction, "That question is no longer in the log.")
            return
        try:
            done = await bot.service.add_alias(self.fact_id, gap.question, _actor(interaction), str(guild_id))
        except (EditError, UnknownFact) as exc:
            await send_ephemeral(interaction, f"Not added: {exc}")
            return
        await bot.service.forget_gaps(guild_id, gap.question)
        await send_ephemeral(interaction, f"Done: {done}.")


class Curate(commands.Cog):
    """Admin curation of the facts, per server."""

    curate = app_commands.Group(
        name="curate",
        description="Curate this server's facts (admins only)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )
    alias = app_commands.Group(name="alias", description="Phrasings of facts and names of entities", parent=curate)
    relation = app_commands.Group(
        name="relation", description="What facts can state, and the words people use for it", parent=curate
    )
    settings = app_commands.Group(name="settings", description="Curation settings for this server", parent=curate)

    def __init__(self, bot: FactBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction[FactBot]) -> bool:  # type: ignore[override]
        """Every /curate command is for curators only, whatever the UI shows."""
        if not await is_curator(interaction):
            raise app_commands.CheckFailure("not a curator")
        return True

    async def done(self, interaction: discord.Interaction[FactBot], change: Change) -> None:
        """Confirm a change to the admin (ephemeral) and post it to the mod log; a base change to a field
        a server keeps its own value of is posted to that server's mod log too."""
        await send_ephemeral(interaction, clip(change.summary()[0].upper() + change.summary()[1:], MESSAGE_LIMIT))
        await self.mod_log(interaction, change.summary())
        fact = change.record.fact
        for scope, fields in change.kept_by:
            keeps = await self.bot.service.record(fact.id, scope)
            # "value.amount: 4400000.0 → 4200000.0": the base's new value, then the one this server keeps.
            shown = "; ".join(line for line in diff(fact, keeps.fact) if line.split(":", 1)[0].split(".")[0] in fields)
            await self.post_to_mod_log(
                int(scope),
                f"The shared base changed `{fact.id}`; this server keeps its own ({shown or ', '.join(fields)}). "
                "To take the base's, edit it here with /curate edit.",
            )

    async def mod_log(self, interaction: discord.Interaction[FactBot], text: str) -> None:
        """Post a change to the server's mod-log channel, if it chose one (best effort)."""
        if interaction.guild_id is None:
            return
        await self.post_to_mod_log(interaction.guild_id, f"<@{interaction.user.id}> {text}")

    async def post_to_mod_log(self, guild_id: int, text: str) -> None:
        """Post to a server's mod-log channel, if it chose one (by REST: the server may be on another
        process's shard, so its channel need not be in this process's cache)."""
        channel_id = (await self.bot.service.settings(guild_id)).mod_log_channel_id
        if not channel_id:
            return
        cached = self.bot.get_channel(channel_id)
        if cached is not None and not isinstance(cached, discord.TextChannel):
            return
        channel = cached or self.bot.get_partial_messageable(channel_id, guild_id=guild_id)
        try:
            await channel.send(clip(text, MESSAGE_LIMIT), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not post to the mod log %s in guild %s", channel_id, guild_id)

    async def _run(self, interaction: discord.Interaction[FactBot], action: Any) -> None:
        try:
            change = await action
        except (EditError, PackError, UnknownFact, UnknownVersion, StaleVersion, FactExists) as exc:
            raise UserFacingError(f"Nothing changed: {exc}") from exc
        await self.done(interaction, change)

    # -- add, edit, retire, restore, rollback ------------------------------------------------------

    @curate.command(name="add")
    @app_commands.describe(
        subject="Who or what the fact is about", predicate="What kind of fact", object="The other party, if any",
        unit="Unit for a number, or a currency code (default: the relation's own unit)",
        as_of="Date: YYYY, YYYY-MM or YYYY-MM-DD",
        where="This server (default) or the shared base (owners only)",
    )  # fmt: skip
    async def add(
        self, interaction: discord.Interaction[FactBot], subject: str, predicate: str,
        object: str | None = None, unit: app_commands.Range[str, 1, 40] | None = None,
        as_of: app_commands.Range[str, 4, 10] | None = None, where: Where = "server",
    ) -> None:  # fmt: skip
        """Add a fact with its source (opens a form for the value, statement and quote)."""
        if as_of is not None:
            try:  # checked before the form opens, so nobody types a whole fact only to have it refused
                check_partial_date(as_of)
            except ValueError as exc:
                raise UserFacingError(f"as_of: {as_of!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD.") from exc
        scope = await _scope(interaction, where)
        index = self.bot.service.answerer(scope).index
        subject_id = index.resolve_subject(subject)
        if subject_id is None:
            raise UserFacingError(f"subject: I don't know {subject!r}; pick one from the suggestions.")
        object_id = index.resolve_subject(object) if object else None
        if object and object_id is None:
            raise UserFacingError(f"object: I don't know {object!r}; pick one from the suggestions.")
        relation = index.relation(predicate) or index.relation(relation_slug(predicate))
        if relation is None:
            raise UserFacingError(
                f"predicate: I don't know the relation {predicate!r}; pick one from the suggestions "
                "or add it with /curate relation add."
            )
        predicate = relation.id
        options = {"scope": scope, "subject": subject_id, "predicate": predicate, "object": object_id,
                   "unit": unit, "as_of": as_of}  # fmt: skip
        await interaction.response.send_modal(AddFactForm(self, options))

    @curate.command(name="edit")
    @app_commands.describe(
        id="The fact to change", field="Which field", value="The new value (for phrasings: one per line or |)",
        version="The version you are editing (from /curate history); default: the current one",
        reason="Why (kept in the history)", where="This server (default) or the shared base (owners only)",
    )  # fmt: skip
    @app_commands.choices(field=[app_commands.Choice(name=f, value=f) for f in EDITABLE_FIELDS])
    async def edit(
        self, interaction: discord.Interaction[FactBot], id: str, field: str,
        value: app_commands.Range[str, 0, 1000], version: app_commands.Range[int, 1] | None = None,
        reason: app_commands.Range[str, 1, 300] | None = None, where: Where = "server",
    ) -> None:  # fmt: skip
        """Change one field of a fact; refused if someone changed it since your version."""
        scope = await _scope(interaction, where)
        await self._run(
            interaction, self.bot.service.edit(id, field, value, _actor(interaction), reason, scope, version)
        )

    @curate.command(name="retire")
    @app_commands.describe(id="The fact to retire", reason="Why (kept in the history)", version="Your version")
    async def retire(
        self, interaction: discord.Interaction[FactBot], id: str,
        reason: app_commands.Range[str, 1, 300], version: app_commands.Range[int, 1] | None = None,
        where: Where = "server",
    ) -> None:  # fmt: skip
        """Stop answering with a fact; it stays in the history and can be restored."""
        scope = await _scope(interaction, where)
        await self._run(
            interaction,
            self.bot.service.set_status(id, Status.RETIRED, _actor(interaction), reason, scope, version),
        )

    @curate.command(name="restore")
    @app_commands.describe(id="The retired fact to bring back", reason="Why (kept in the history)")
    async def restore(
        self, interaction: discord.Interaction[FactBot], id: str,
        reason: app_commands.Range[str, 1, 300] | None = None, where: Where = "server",
    ) -> None:  # fmt: skip
        """Bring a retired fact back."""
        scope = await _scope(interaction, where)
        await self._run(
            interaction, self.bot.service.set_status(id, Status.CURRENT, _actor(interaction), reason, scope)
        )

    @curate.command(name="rollback")
    @app_commands.describe(id="The fact", version="The version to go back to", reason="Why")
    async def rollback(
        self, interaction: discord.Interaction[FactBot], id: str,
        version: app_commands.Range[int, 1], reason: app_commands.Range[str, 1, 300] | None = None,
        where: Where = "server",
    ) -> None:  # fmt: skip
        """Make an earlier version current again (as a new version)."""
        scope = await _scope(interaction, where)
        await self._run(interaction, self.bot.service.rollback(id, version, _actor(interaction), reason, scope))

    @curate.command(name="history")
    @app_commands.describe(id="The fact")
    async def history(self, interaction: discord.Interaction[FactBot], id: str) -> None:
        """Every version of a fact: who, when, why, and what changed."""
        from knowledge.edits import diff

        try:
            records = await self.bot.service.history(id, str(guild_id_of(interaction)))
        except UnknownFact as exc:
            raise UserFacingError(f"There is no fact with the id {id!r}.") from exc
        blocks, previous = [], None
        for record in records:
            who = record.changed_by.removeprefix("user:")
            who = f"<@{who}>" if who.isdigit() else who
            lines = diff(previous, record.fact) if previous else ["created"]
            head = f"**v{record.version}** · {record.changed_at:%Y-%m-%d %H:%M} UTC · {who}"
            if record.reason:
                head += f" · {record.reason}"
            blocks.append(head + "\n" + "\n".join(f"  {clip(line, 200)}" for line in lines[:8]))
            previous = record.fact
        text = "\n".join(reversed(blocks))  # newest first: the part that fits is the part people want
        await send_ephemeral(interaction, clip(text, MESSAGE_LIMIT))

    # -- aliases and phrasings ---------------------------------------------------------------------

    @alias.command(name="add")
    @app_commands.describe(target="A fact id (new question) or an entity id (new name)", text="The phrasing or name")
    async def alias_add(
        self, interaction: discord.Interaction[FactBot], target: str, text: app_commands.Range[str, 2, 200]
    ) -> None:
        """Teach a new question for a fact, or a new name for a company."""
        await self._alias(interaction, self.bot.service.add_alias, target, text, "added")

    @alias.command(name="remove")
    @app_commands.describe(target="A fact id or an entity id", text="The phrasing or name to remove")
    async def alias_remove(
        self, interaction: discord.Interaction[FactBot], target: str, text: app_commands.Range[str, 1, 200]
    ) -> None:
        """Forget a phrasing of a fact or a name of a company."""
        await self._alias(interaction, self.bot.service.remove_alias, target, text, "removed")

    async def _alias(self, interaction: discord.Interaction[FactBot], operation: Any, target: str, text: str,
                     verb: str) -> None:  # fmt: skip
        try:
            done = await operation(target, text, _actor(interaction), str(guild_id_of(interaction)))
        except (EditError, UnknownFact, StaleVersion) as exc:
            raise UserFacingError(f"Nothing changed: {exc}") from exc
        await send_ephemeral(interaction, f"Done: {done}.")
        await self.mod_log(interaction, f"alias {verb}: {done}")

    # -- relations ------------------------------------------------------------------------------------

    @relation.command(name="add")
    @app_commands.describe(
        label="What answers call it, e.g. 'job cuts'",
        cues="Phrases people use, separated by | (e.g. layoffs|jobs cut)",
        values="Value kinds it takes, comma-separated (default: any): quantity, percent, money, date, person, text…",
        label_ja="Japanese label (optional)", where="This server (default) or the shared base (owners only)",
    )  # fmt: skip
    async def relation_add(
        self, interaction: discord.Interaction[FactBot], label: app_commands.Range[str, 2, 100],
        cues: app_commands.Range[str, 0, 1000] | None = None, values: app_commands.Range[str, 0, 200] | None = None,
        label_ja: app_commands.Range[str, 1, 100] | None = None, where: Where = "server",
    ) -> None:  # fmt: skip
        """Add a relation facts can state; its label is its first cue."""
        scope = await _scope(interaction, where)
        phrases = [label, *(c.strip() for c in (cues or "").split("|") if c.strip())]
        english, japanese = split_cues(phrases)
        try:
            kinds = tuple(ValueKind(v.strip().casefold()) for v in (values or "").split(",") if v.strip())
        except ValueError:
            known = ", ".join(k.value for k in ValueKind)
            raise UserFacingError(f"values: {values!r} is not a list of value kinds ({known}).") from None
        try:
            relation = Relation(
                id=relation_slug(label), label=label, label_ja=label_ja, values=kinds, cues=english, cues_ja=japanese
            )
        except ValidationError as exc:
            raise UserFacingError(f"Nothing changed: {describe(exc)}") from exc
        try:
            record = await self.bot.service.add_relation(relation, _actor(interaction), scope)
        except (EditError, RelationExists) as exc:
            raise UserFacingError(f"Nothing changed: {exc}") from exc
        text = f"added relation `{record.relation.id}` ({record.relation.label}) with cues: {', '.join(phrases)}"
        await send_ephemeral(interaction, clip(text[0].upper() + text[1:], MESSAGE_LIMIT))
        await self.mod_log(interaction, text)

    @relation.command(name="cue")
    @app_commands.describe(
        relation="The relation", text="A phrase people use to ask for it (English or Japanese)",
        action="Add (default) or remove the phrase", weight="0.1-2; under 1 for words other questions use too",
        where="This server (default) or the shared base (owners only)",
    )  # fmt: skip
    async def relation_cue(
        self, interaction: discord.Interaction[FactBot], relation: str, text: app_commands.Range[str, 1, 100],
        action: Literal["add", "remove"] = "add", weight: app_commands.Range[float, 0.1, 2.0] = 1.0,
        where: Where = "server",
    ) -> None:  # fmt: skip
        """Teach a relation a way people ask for it, or forget one; the next question uses it."""
        scope = await _scope(interaction, where)
        service = self.bot.service
        try:
            if action == "add":
                record = await service.add_cue(relation, text, _actor(interaction), scope, weight)
            else:
                record = await service.remove_cue(relation, text, _actor(interaction), scope)
        except (EditError, UnknownRelation, StaleRelation) as exc:
            raise UserFacingError(f"Nothing changed: {exc}") from exc
        done = f"cue {text!r} {'added to' if action == 'add' else 'removed from'} `{record.relation.id}`"
        done += f" (version {record.version})"
        await send_ephemeral(interaction, done[0].upper() + done[1:])
        await self.mod_log(interaction, done)

    @relation.command(name="edit")
    @app_commands.describe(
        relation="The relation", field="Which field", value="The new value (values: comma-separated kinds)",
        where="This server (default) or the shared base (owners only)",
    )  # fmt: skip
    @app_commands.choices(field=[app_commands.Choice(name=f, value=f) for f in RELATION_FIELDS])
    async def relation_edit(
        self, interaction: discord.Interaction[FactBot], relation: str, field: str,
        value: app_commands.Range[str, 0, 200], where: Where = "server",
    ) -> None:  # fmt: skip
        """Change a relation's label, Japanese label, value kinds, or whether it is a timeline."""
        scope = await _scope(interaction, where)
        parsed: object = value.strip() or None
        if field == "values":
            parsed = [v.strip() for v in value.split(",") if v.strip()]
        elif field in ("temporal", "symmetric", "inherited"):
            if value.casefold() not in ("true", "false", "yes", "no"):
                raise UserFacingError(f"{field}: say true or false, not {value!r}.")
            parsed = value.casefold() in ("true", "yes")
        try:
            record = await self.bot.service.edit_relation(relation, {field: parsed}, _actor(interaction), scope)
        except (EditError, UnknownRelation, StaleRelation) as exc:
            raise UserFacingError(f"Nothing changed: {exc}") from exc
        done = f"relation `{record.relation.id}` {field} changed (version {record.version})"
        await send_ephemeral(interaction, done[0].upper() + done[1:])
        await self.mod_log(interaction, done)

    @relation.command(name="list")
    async def relation_list(self, interaction: discord.Interaction[FactBot]) -> None:
        """The relations facts can state here, with a few of their cues."""
        index = self.bot.service.answerer(str(guild_id_of(interaction))).index
        lines = []
        for rel in sorted(index.relations.values(), key=lambda r: r.id):
            kinds = ",".join(k.value for k in rel.values) or "any"
            cues = ", ".join(list(rel.all_cues())[:5])
            lines.append(clip(f"`{rel.id}` {rel.label} [{kinds}]: {cues}", MESSAGE_LIMIT))
        # The built-ins alone overflow one message: send them all in several, never clip the tail off.
        pages = [""]
        for line in lines or ["No relations."]:
            if pages[-1] and len(pages[-1]) + 1 + len(line) > MESSAGE_LIMIT:
                pages.append("")
            pages[-1] = f"{pages[-1]}\n{line}" if pages[-1] else line
        for page in pages:
            await send_ephemeral(interaction, page)

    @relation.command(name="history")
    @app_commands.describe(relation="The relation")
    async def relation_history(self, interaction: discord.Interaction[FactBot], relation: str) -> None:
        """Every version of a relation: who, when, why."""
        records = await self.bot.service.relation_history(relation, str(guild_id_of(interaction)))
        if not records:
            raise UserFacingError(f"No relation has the id {relation!r}.")
        lines = [
            f"v{r.version} · {r.changed_at:%Y-%m-%d %H:%M} UTC · {r.changed_by}"
            + (f" · {r.reason}" if r.reason else "")
            for r in records
        ]
        await send_ephemeral(interaction, clip("\n".join(lines), MESSAGE_LIMIT))

    # -- import and export ----------------------------------------------------------------------------

    @curate.command(name="export")
    async def export(self, interaction: discord.Interaction[FactBot]) -> None:
        """Download this server's knowledge (base plus your changes) as a YAML pack file."""
        from bot.cli import dump_pack

        scope = str(guild_id_of(interaction))
        pack = await self.bot.service.export_pack(scope, pack_id=f"server-{scope}")
        data = (await asyncio.to_thread(dump_pack, pack, "yaml")).encode()  # a big pack renders off the loop
        await interaction.response.send_message(
            f"{len(pack.facts)} facts, with their sources and history versions' current state.",
            file=discord.File(io.BytesIO(data), filename=f"factbot-{scope}.yaml"),
            ephemeral=True, allowed_mentions=NO_MENTIONS,
        )  # fmt: skip

    @curate.command(name="import")
    @app_commands.describe(
        file="A pack (YAML/JSON, e.g. from /curate export) or a spreadsheet (CSV of facts or entities)"
    )
    async def import_(self, interaction: discord.Interaction[FactBot], file: discord.Attachment) -> None:
        """Load a pack file: every entry is validated, you see what would change, then confirm."""
        scope = str(guild_id_of(interaction))
        if file.size > MAX_PACK_BYTES:
            raise UserFacingError(f"file: {file.size:,} bytes is over the {MAX_PACK_BYTES:,}-byte limit.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        raw = await file.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserFacingError(f"file: not UTF-8 text (byte {exc.start}); nothing changed.") from exc
        try:
            pack, new_entities = await self.bot.service.read_file(text, file.filename, scope)
            report = await self.bot.service.import_pack(pack, _actor(interaction), scope, dry_run=True)
            report.entities_created = new_entities
        except PackError as exc:
            raise UserFacingError(clip(f"Import refused, nothing changed: {exc}", MESSAGE_LIMIT)) from exc
        # The report counts facts and relations only; a sheet of companies changes entities alone.
        known = {e.id: e for e in await self.bot.service.entities(scope)}
        blocs = {b.id: b for b in await self.bot.service.blocs(scope)}
        renamed = [e.name for e in pack.entities if e.id in known and known[e.id] != e]
        news = report.entities_created or renamed or any(blocs.get(b.id) != b for b in pack.blocs)
        lines = [f"`{file.filename}` would change: {report.summary()}."]
        lines += [f"+ {i}" for i in report.added[:15]] + [f"~ {i}" for i in report.changed[:15]]
        lines += [f"~ names of {name}" for name in renamed[:15]]
        if not (report.added or report.changed or report.relations_created or report.relations_changed or news):
            await interaction.followup.send("\n".join(lines) + "\nNothing to do.", ephemeral=True)
            return
        view = ConfirmImport(self, interaction.user.id, pack, scope, new_entities, report.versions)
        await interaction.followup.send(
            clip("\n".join(lines), MESSAGE_LIMIT), view=view, ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @curate.command(name="draft")
    @app_commands.describe(
        file="The article (.txt or .md, up to 1 MB); leave empty to go on with the open draft, or to paste",
        publisher="Who published it (front matter in the file works too)",
        published="When (YYYY-MM-DD)",
        url="A link to it",
        paste="Paste a new article in a form instead",
    )
    async def draft(
        self,
        interaction: discord.Interaction[FactBot],
        file: discord.Attachment | None = None,
        publisher: app_commands.Range[str, 1, 100] | None = None,
        published: app_commands.Range[str, 4, 10] | None = None,
        url: app_commands.Range[str, 1, 500] | None = None,
        paste: bool = False,
    ) -> None:
        """Turn an article's figures into candidate facts and review them one at a time."""
        scope = str(guild_id_of(interaction))
        if file is not None:
            if file.size > MAX_ARTICLE_BYTES:
                raise UserFacingError(f"file: {file.size:,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte limit.")
            if not file.filename.casefold().endswith((".txt", ".md", ".markdown")):
                raise UserFacingError(f"file: {file.filename} is not a .txt or .md article; nothing changed.")
            await interaction.response.defer(ephemeral=True, thinking=True)
            given: dict[str, str | None] = {"publisher": publisher, "published": published, "url": url}
            await drafts.begin(interaction, await file.read(), file.filename, given)
            return
        if not paste:
            open_now = [r for r in await self.bot.service.open_reviews(scope) if not r.finished]
            if open_now:
                await drafts.show(interaction, open_now[0], f"Going on with the draft of {open_now[0].source}.")
                return
        await interaction.response.send_modal(drafts.PasteArticle())

    # -- unanswered questions and settings ------------------------------------------------------------

    @curate.command(name="gaps")
    async def gaps(self, interaction: discord.Interaction[FactBot]) -> None:
        """Questions people asked that I couldn't answer well, most frequent first."""
        guild_id = guild_id_of(interaction)
        settings = await self.bot.service.settings(guild_id)
        if not settings.gaps_enabled:
            await send_ephemeral(interaction, "The question log is off here (`/curate settings gaps`).")
            return
        gaps = await self.bot.service.gaps(guild_id, limit=GAPS_SHOWN)
        if not gaps:
            await send_ephemeral(interaction, "No unanswered questions logged.")
            return
        index = self.bot.service.answerer(str(guild_id)).index
        lines, view = [], discord.ui.View(timeout=None)
        for n, gap in enumerate(gaps, 1):
            line = f"{n}. “{clip(gap.question, 120)}” ×{gap.asked}"
            if gap.suggestion and gap.suggestion in index.facts and len(view.children) < 5 * 5:
                line += f" → maybe `{gap.suggestion}`"
                view.add_item(GapButton(gap.suggestion, gap_key(gap.question), f"{n}: add to {gap.suggestion}"))
            lines.append(line)
        await interaction.response.send_message(
            clip("\n".join(lines), MESSAGE_LIMIT), view=view, ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @settings.command(name="gaps")
    @app_commands.describe(enabled="Log questions I couldn't answer (stores what people typed)")
    async def settings_gaps(self, interaction: discord.Interaction[FactBot], enabled: bool) -> None:
        """Switch the unanswered-question log on or off (off also deletes it)."""
        guild_id = guild_id_of(interaction)
        current = await self.bot.service.settings(guild_id)
        await self.bot.service.save_settings(current.model_copy(update={"gaps_enabled": enabled}))
        await send_ephemeral(interaction, "Question log on." if enabled else "Question log off and cleared.")

    @settings.command(name="modlog")
    @app_commands.describe(channel="Where to post every change (leave empty to stop)")
    async def settings_modlog(
        self, interaction: discord.Interaction[FactBot], channel: discord.TextChannel | None = None
    ) -> None:
        """Post every change to a channel of your choice."""
        guild_id = guild_id_of(interaction)
        current = await self.bot.service.settings(guild_id)
        await self.bot.service.save_settings(
            current.model_copy(update={"mod_log_channel_id": channel.id if channel else None})
        )
        await send_ephemeral(interaction, f"Changes go to {channel.mention}." if channel else "Mod log off.")

    @settings.command(name="adminrole")
    @app_commands.describe(role="Members with this role may curate too (leave empty: Manage Server only)")
    async def settings_adminrole(
        self, interaction: discord.Interaction[FactBot], role: discord.Role | None = None
    ) -> None:
        """Let a role curate facts besides members with Manage Server."""
        if role is not None and (role.is_default() or role.managed):
            # @everyone would make every member a curator; a bot's or integration's role is given by no one.
            raise UserFacingError("Nothing changed: pick a role people are given, not @everyone or a bot's role.")
        guild_id = guild_id_of(interaction)
        current = await self.bot.service.settings(guild_id)
        await self.bot.service.save_settings(current.model_copy(update={"admin_role_id": role.id if role else None}))
        await send_ephemeral(interaction, f"{role.mention} may curate." if role else "Only Manage Server may curate.")

    # -- autocomplete --------------------------------------------------------------------------------

    @add.autocomplete("subject")
    @add.autocomplete("object")
    async def _subject_complete(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        index = self.bot.answerer(interaction.guild_id).index
        ids = index.search_subjects(current) if current else index.first_entities(25)
        return [app_commands.Choice(name=clip(f"{index.name(i)} ({i})", 100), value=i) for i in ids[:25]]

    @add.autocomplete("predicate")
    @relation_cue.autocomplete("relation")
    @relation_edit.autocomplete("relation")
    @relation_history.autocomplete("relation")
    async def _relation_complete(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        index = self.bot.answerer(interaction.guild_id).index
        typed = current.casefold().strip()
        relations = sorted(index.relations.values(), key=lambda r: r.label)
        hits = [r for r in relations if typed in r.label.casefold() or typed in r.id or typed in (r.label_ja or "")]
        return [app_commands.Choice(name=clip(f"{r.label} ({r.id})", 100), value=r.id) for r in hits[:25]]

    @edit.autocomplete("id")
    @retire.autocomplete("id")
    @rollback.autocomplete("id")
    @history.autocomplete("id")
    async def _fact_complete(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        # Served from the in-memory index (never a scan of the store per keystroke), curators only:
        # a crafted autocomplete from a member learns nothing.
        if interaction.guild_id is None or not await is_curator(interaction, quiet=True):
            return []
        index = self.bot.service.answerer(str(interaction.guild_id)).index
        facts = index.search_facts(current, limit=25)
        return [
            app_commands.Choice(name=clip(f"{f.id} [{f.status.value}] {f.statement}", 100), value=f.id) for f in facts
        ]

    @restore.autocomplete("id")
    async def _retired_complete(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None or not await is_curator(interaction, quiet=True):
            return []
        ids = await self.bot.service.retired_ids(str(interaction.guild_id), current, limit=25)
        return [app_commands.Choice(name=clip(i, 100), value=i) for i in ids]

    @alias_add.autocomplete("target")
    @alias_remove.autocomplete("target")
    async def _target_complete(
        self, interaction: discord.Interaction[FactBot], current: str
    ) -> list[app_commands.Choice[str]]:
        index = self.bot.answerer(interaction.guild_id).index
        facts = [(f.id, f"fact {f.id}") for f in index.search_facts(current, limit=12)]
        entities = [
            (i, f"name of {index.name(i)}") for i in index.search_subjects(current, limit=12) if i in index.entities
        ]
        return [app_commands.Choice(name=clip(label, 100), value=value) for value, label in (facts + entities)[:25]]


async def setup(bot: FactBot) -> None:
    """Load the cog and register the gap buttons so they work after a restart."""
    bot.add_dynamic_items(GapButton, drafts.ReviewButton)
    await bot.add_cog(Curate(bot))
