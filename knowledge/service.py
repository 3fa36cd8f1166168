"""The knowledge as the adapters use it: the store plus one ready answerer per scope, kept current.

Adapters (the Discord cogs and the CLI) call this, never the store directly for changes: every
change is validated, written in one transaction with its history entry, and then applied to the
in-memory indexes one fact at a time, so the next question sees it without a rebuild.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import re
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from knowledge import drafting, review, snapshot, spreadsheet
from knowledge.answers import Answerer
from knowledge.bodies import Bodies, Timelines
from knowledge.edits import EditError, apply_edit, changed_fields, diff
from knowledge.matcher import DEFAULT_THRESHOLD, PAUSE_SECONDS, FactIndex, Knowledge
from knowledge.models import (
    Answer,
    Bloc,
    Entity,
    Fact,
    FactRecord,
    Gap,
    GuildSettings,
    Pack,
    Relation,
    RelationRecord,
    Status,
)
from knowledge.overlay import LayerIndex
from knowledge.packs import MAX_PACK_BYTES, PackError, describe, parse_pack
from knowledge.reading import normalise
from knowledge.review import Review, ReviewError
from knowledge.snapshot import Snapshots
from knowledge.store import (
    BASE,
    CHANNELS_KEY,
    SETTINGS_KEY,
    AliasError,
    FactStore,
    ImportReport,
    StoreError,
    UnknownFact,
    UnknownRelation,
)
from knowledge.vocabulary import split_cues

log = logging.getLogger(__name__)

WATCH_INTERVAL = 0.5
"""How often the running bot checks for writes made outside it (seconds): well under the 1 s promised."""
LOW_CONFIDENCE = 85.0
"""Answers scored below this are logged as gaps too: they were answered, but maybe not well."""


class StaleReview(Exception):
    """A review step from a candidate someone already decided on; `review` is where it is now."""

    def __init__(self, current: Review) -> None:
        super().__init__("someone already decided on that candidate")
        self.review = current


_pauses = 0
_pauses_lock = threading.Lock()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while big knowledge work runs (nested and threaded uses count).

    Building an index or reading a big file allocates millions of objects that live on; the
    collector would walk all of them again and again as they pile up, each full pass holding the
    interpreter, so the event loop, for hundreds of milliseconds. Reference counting still frees
    everything short-lived meanwhile; what is built is then frozen (`gc.freeze`)."""
    global _pauses
    with _pauses_lock:
        _pauses += 1
        gc.disable()
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0:
                # What the work allocated would otherwise be one huge young generation for the first
                # collection after it to walk; frozen, what is garbage is still freed by refcounting.
                gc.freeze()
                gc.enable()


DISPOSE_BATCH = 2000
"""Entries freed per turn of the event loop when a replaced index is taken apart."""
RELEASE_BATCH = 1000
"""Models read for a build let go of this many at a time (see `_build_and_release`)."""
DISPOSE_WAIT = 120.0
"""How long a replaced index waits for its last readers before it is left to be freed as usual."""


def _build_and_release(knowledge: Knowledge, threshold: float) -> Answerer:
    """The index over the knowledge read, then the models read let go of, a slice at a time, here in
    the worker thread. The index keeps compact bodies, not those models: dropped whole on the event
    loop, 100,000 of them were one chain of deallocations holding it for about 100 ms."""
    answerer = Answerer.from_knowledge(knowledge, threshold)
    for models in (knowledge.facts, knowledge.entities):
        while models:
            del models[-RELEASE_BATCH:]
            time.sleep(PAUSE_SECONDS)
    return answerer


async def dispose(answerer: Answerer) -> None:
    """Free a replaced index a slice at a time. Dropped whole, a 100,000-fact index is one chain of
    deallocations holding the interpreter (and every server) for 80 ms and more; emptied a few
    thousand entries per turn, the event loop keeps running in between.

    Only an index nobody else holds is taken apart: a command or a draft still working with it (it
    fetched the answerer, then awaited) keeps it whole, and it is freed the ordinary way after."""
    index = answerer.index
    deadline = asyncio.get_running_loop().time() + DISPOSE_WAIT
    # Ours (the argument and `index`) and getrefcount's own: anything more is a reader.
    while sys.getrefcount(answerer) > 2 or sys.getrefcount(index) > 3:
        if asyncio.get_running_loop().time() > deadline:
            return
        await asyncio.sleep(0.5)
    containers: list[dict[str, object] | set[object] | list[object]] = []
    for value in vars(index).values():
        if isinstance(value, Bodies | Timelines):
            containers.extend(value.parts())
        elif isinstance(value, dict | set | list):
            containers.append(value)
    for container in containers:
        while container:
            for _ in range(min(DISPOSE_BATCH, len(container))):
                if isinstance(container, dict):
                    container.popitem()
                else:
                    container.pop()
            await asyncio.sleep(0)


@dataclass(frozen=True)
class Change:
    """A saved change: the new record and what changed, for the confirmation and the mod log."""

    record: FactRecord
    lines: tuple[str, ...]
    action: str
    kept_by: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """For a base change: servers that keep their own value of a changed field, and those fields."""

    def summary(self) -> str:
        """'edited honda-ceo (version 3): note: — → …'."""
        head = f"{self.action} `{self.record.fact.id}` (version {self.record.version})"
        text = head + ("\n" + "\n".join(f"• {line}" for line in self.lines[:12]) if self.lines else "")
        if self.kept_by:
            servers = "; ".join(f"{scope} ({', '.join(fields)})" for scope, fields in self.kept_by[:10])
            more = f" and {len(self.kept_by) - 10} more" if len(self.kept_by) > 10 else ""
            text += f"\nServers keeping their own value: {servers}{more}"
        return text


class FactService:
    """Owns the store and the in-memory indexes; adapters ask it, never the store, for answers."""

    def __init__(
        self, store: FactStore, threshold: float = DEFAULT_THRESHOLD, snapshots: Snapshots | None = None
    ) -> None:
        self.store = store
        self.threshold = threshold
        self.snapshots = snapshots
        self._answerers: dict[str, Answerer] = {}
        self._disposals: set[asyncio.Task[None]] = set()
        self._overrides: dict[str, set[str]] = {}
        self._relation_overrides: dict[str, set[str]] = {}
        self._entity_overrides: dict[str, set[str]] = {}
        self._settings: dict[int, GuildSettings] = {}
        self._lock = asyncio.Lock()
        self.answer_channels: dict[int, set[int]] = {}

    @classmethod
    @contextlib.asynccontextmanager
    async def open(
        cls,
        location: str | Path,
        threshold: float = DEFAULT_THRESHOLD,
        seed: bool = True,
        snapshots: Snapshots | None = None,
    ) -> AsyncIterator[FactService]:
        """The one place a database is chosen: a SQLite path or a `sqlite:`/`postgresql:` URL,
        migrated and (by default) seeded; indexes are built by `start()` for those who answer, from
        a saved snapshot of the base index when `snapshots` holds one for this very database state."""
        async with FactStore(location) as store:
            if seed:
                await store.seed()
            yield cls(store, threshold, snapshots)

    @staticmethod
    async def upgrade(location: str | Path) -> tuple[int, int]:
        """Apply pending migrations; returns the schema version before and after."""
        async with FactStore(location, migrate=False) as store:
            before = await store.schema_version()
            after = await store.migrate()
        return before, after

    @staticmethod
    async def copy(source: str | Path, target: str | Path) -> dict[str, int]:
        """Copy one database whole into another, empty one; returns the rows checked per table."""
        async with FactStore(source) as src, FactStore(target) as dst:
            return await src.copy_to(dst)

    # -- reading, for the adapters (they never hold the store) ------------------------------------

    async def knowledge(self, scope: str = BASE) -> Knowledge:
        """A snapshot of a scope's knowledge, as stored (no index built)."""
        return await self.store.knowledge(scope)

    async def records(self, scope: str = BASE, include_retired: bool = True) -> list[FactRecord]:
        """Every fact visible in a scope, current versions."""
        return await self.store.records(scope, include_retired)

    async def record(self, fact_id: str, scope: str = BASE) -> FactRecord:
        """One fact as a scope sees it (UnknownFact if none)."""
        return await self.store.record(fact_id, scope)

    async def history(self, fact_id: str, scope: str = BASE) -> list[FactRecord]:
        """Every version a scope has seen of a fact, oldest first."""
        return await self.store.history(fact_id, scope)

    async def relations(self, scope: str = BASE) -> list[Relation]:
        """Relations visible in a scope."""
        return await self.store.relations(scope)

    async def relation(self, relation_id: str, scope: str = BASE) -> RelationRecord | None:
        """One relation as a scope sees it."""
        return await self.store.relation(relation_id, scope)

    async def relation_history(self, relation_id: str, scope: str = BASE) -> list[RelationRecord]:
        """Every version a scope has seen of a relation, oldest first."""
        return await self.store.relation_history(relation_id, scope)

    async def entities(self, scope: str = BASE) -> list[Entity]:
        """Entities visible in a scope."""
        return await self.store.entities(scope)

    async def blocs(self, scope: str = BASE) -> list[Bloc]:
        """Blocs visible in a scope."""
        return await self.store.blocs(scope)

    async def export_pack(self, scope: str = BASE, pack_id: str = "export") -> Pack:
        """A scope's whole knowledge as a pack."""
        return await self.store.export_pack(scope, pack_id)

    async def retired_ids(self, scope: str, prefix: str = "", limit: int = 25) -> list[str]:
        """Retired fact ids containing the text typed (autocomplete)."""
        return await self.store.retired_ids(scope, prefix, limit)

    async def gaps(self, guild_id: int, limit: int = 10) -> list[Gap]:
        """A server's most asked unanswered questions."""
        return await self.store.gaps(guild_id, limit)

    async def forget_gaps(self, guild_id: int, question: str | None = None) -> int:
        """Delete one logged question, or all of a server's."""
        return await self.store.forget_gaps(guild_id, question)

    async def start(self) -> None:
        """Seed on first use, build the base index and every server layer's, load channel settings."""
        # Read the change marks first: a write another process makes while we build is then caught up.
        self.store.seen_marks = await self.store.change_marks()
        await self.store.seed()
        self._answerers[BASE] = await self._build(BASE, at_start=True)
        for scope in await self.store.scopes():
            self._answerers[scope] = await self._build(scope)
        self.answer_channels = await self.store.answer_channels()

    async def watch(self, interval: float = WATCH_INTERVAL) -> None:
        """Pick up writes made outside this process (the CLI, another shard's process): PostgreSQL
        announces them at once (LISTEN/NOTIFY); the change marks are also compared every `interval`,
        which is all SQLite has and what catches up on anything missed while disconnected."""
        wake = asyncio.Event()
        listening: bool | None = None
        while True:
            if self.store.shared:
                up = self.store.backend.listening() or await self.store.backend.listen(lambda _key: wake.set())
                if up != listening:
                    if up:
                        log.info("listening for changes at %s", self.store.where)
                    else:
                        log.warning("lost the change notices from %s; catching up by polling", self.store.where)
                    listening = up
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), interval)
            wake.clear()
            try:
                await self.catch_up()
            except Exception:  # the database is closing or briefly unreachable: try again next beat
                log.debug("could not catch up with the database", exc_info=True)

    async def catch_up(self) -> set[str]:
        """Reload whatever other processes changed since we last looked; returns the change marks moved."""
        now = await self.store.change_marks()
        seen = self.store.seen_marks
        changed = {key for key, version in now.items() if seen.get(key) != version}
        if not changed:
            return changed
        log.info(
            "the fact database changed outside this process (%s); reloading",
            ", ".join(key or "base" for key in sorted(changed)),
        )
        if BASE in changed and not await self._catch_up_facts(BASE, seen.get(BASE, 0), now[BASE]):
            await self.reload(BASE)
        else:
            for scope in sorted(changed - {BASE, CHANNELS_KEY, SETTINGS_KEY}):
                await self.reload(scope)
        if CHANNELS_KEY in changed:
            self.answer_channels = await self.store.answer_channels()
        if SETTINGS_KEY in changed:
            self._settings.clear()
        for key in changed:
            seen[key] = max(seen.get(key, 0), now[key])
        return changed

    async def load(self, scope: str = BASE) -> Answerer:
        """What one question needs (the CLI): the base index, from its snapshot when one fits, and
        the scope's layer over it."""
        self._answerers[BASE] = await self._build(BASE, at_start=True)
        if scope != BASE:
            self._answerers[scope] = await self._build(scope)
        return self.answerer(scope)

    async def _catch_up_facts(self, scope: str, after: int, upto: int) -> bool:
        """Apply another process's changes to the base fact by fact when they only saved facts (an
        edit, a retirement): the index is not rebuilt from every stored fact. False when they did
        more, or are no longer logged: then rebuild."""
        if scope not in self._answerers:
            return False
        ids = await self.store.changed_facts(scope, after, upto)
        if ids is None:
            return False
        records = await self.store.records_of(ids, scope)
        if set(records) != set(ids):
            return False
        for fact_id in ids:
            await self._apply(scope, records[fact_id].fact)
        log.info("applied %d fact(s) changed by another process", len(ids))
        return True

    async def _build(self, scope: str, at_start: bool = False) -> Answerer:
        with collector_paused():
            return await self._build_now(scope, at_start)

    async def _build_now(self, scope: str, at_start: bool = False) -> Answerer:
        base = self._answerers.get(BASE)
        if scope != BASE and base is not None:
            return await self._build_layer(scope, base.index)
        state = None
        if scope == BASE and at_start and self.snapshots is not None:
            # Only at start: reading (or writing) a snapshot holds the interpreter for a second or
            # more, which a running bot's reload must not do to its servers.
            state = snapshot.key({**await self.store.base_state(), "threshold": self.threshold})
            index = await asyncio.to_thread(self.snapshots.load, self.store.where, state)
            if index is not None:
                gc.freeze()
                return Answerer(index)
        knowledge = await self.store.knowledge(scope)
        if scope != BASE:
            self._overrides[scope] = await self.store.own_ids("facts", scope)
            self._relation_overrides[scope] = await self.store.own_ids("relations", scope)
        log.debug("built the index for scope %r: %d facts", scope or "base", len(knowledge.facts))
        # Building an index is pure CPU work: a worker thread keeps the event loop answering meanwhile.
        answerer = await asyncio.to_thread(_build_and_release, knowledge, self.threshold)
        if state is not None and self.snapshots is not None:
            # The key was read before the facts: a write meanwhile leaves this snapshot never used.
            await asyncio.to_thread(self.snapshots.save, self.store.where, state, answerer.index)
        # An index is millions of long-lived objects and holds no reference cycles (a replaced one
        # is freed by reference counting alone). Left to the cyclic collector, every full collection
        # walks all of them with the interpreter held: 270 ms at 30,000 facts, a stall of every
        # server at a random moment. Frozen, they are skipped (measured in benchmarks/looplag.py).
        gc.freeze()
        return answerer

    async def _build_layer(self, scope: str, base: FactIndex) -> Answerer:
        """A server's index as a layer over the base's: only what the server changed is read and
        indexed (a few rows), so a server's first edit costs what that edit costs."""
        own = await self.store.own_knowledge(scope)
        self._overrides[scope] = {f.id for f in own.facts}
        self._relation_overrides[scope] = {r.id for r in own.relations}
        self._entity_overrides[scope] = {e.id for e in own.entities} | {b.id for b in own.blocs}
        layer = base.layer()
        for relation in own.relations:
            layer.relations[relation.id] = relation
        if own.relations:
            layer.set_relation(own.relations[-1])  # one rebuild of the cue tables for them all
        layer.add_knowledge(own)
        log.debug("layered scope %r over the base: %d facts of its own", scope, len(own.facts))
        return Answerer(layer)

    def _install(self, scope: str, answerer: Answerer) -> None:
        """Answer from a new index at once; the one it replaces is taken apart in the background."""
        old = self._answerers.get(scope)
        self._answerers[scope] = answerer
        if old is not None:
            task = asyncio.get_running_loop().create_task(dispose(old), name="factbot-dispose-index")
            self._disposals.add(task)
            task.add_done_callback(self._disposals.discard)

    def answerer(self, scope: str = BASE) -> Answerer:
        """The answerer for a scope (a server id) or the base; servers without a layer share the base."""
        return self._answerers.get(scope) or self._answerers[BASE]

    async def reload(self, scope: str = BASE) -> None:
        """Rebuild indexes from the store: one server's, or (for the base) every scope's, including
        server layers created outside this process."""
        async with self._lock:
            scopes = list(self._answerers) if scope == BASE else [scope]
            if scope == BASE:
                scopes += sorted(await self.store.scopes() - set(scopes))
            for name in scopes:
                self._install(name, await self._build(name))

    async def _apply(self, scope: str, fact: Fact) -> None:
        """Put one saved fact into the indexes that see it (incremental, no rebuild)."""
        if not self._answerers:
            return  # the CLI changes the store without loading indexes
        if scope == BASE:
            self._answerers[BASE].index.add_fact(fact)
            for name, answerer in list(self._answerers.items()):
                if name == BASE:
                    continue
                if fact.id in self._overrides.get(name, set()):
                    # The server changed some fields of this fact: the base's change to the others shows.
                    answerer.index.add_fact((await self.store.record(fact.id, name)).fact)
                elif not isinstance(answerer.index, LayerIndex):
                    answerer.index.add_fact(fact)
                # else: a layer reads the base's tables, so it sees the change already
            return
        self._overrides.setdefault(scope, set()).add(fact.id)
        if scope in self._answerers:
            self._answerers[scope].index.add_fact(fact)
        else:
            async with self._lock:
                self._install(scope, await self._build(scope))

    async def _apply_entity(self, scope: str, entity: Entity) -> None:
        if not self._answerers:
            return
        if scope == BASE:
            self._answerers[BASE].index.add_entity(entity)
            for name, answerer in list(self._answerers.items()):
                index = answerer.index
                if name == BASE:
                    continue
                if isinstance(index, LayerIndex):
                    if index.own_names or entity.id in self._entity_overrides.get(name, set()):
                        # Its own name lists were copied from the base's: layer it again (a few rows).
                        async with self._lock:
                            self._install(name, await self._build(name))
                    continue
                # A server that added names of its own sees the base's change with its names on top.
                index.add_entity(await self.store.entity(entity.id, name) or entity)
        elif scope in self._answerers:
            self._entity_overrides.setdefault(scope, set()).add(entity.id)
            self._answerers[scope].index.add_entity(entity)
        else:
            async with self._lock:
                self._install(scope, await self._build(scope))

    # -- changes ---------------------------------------------------------------------------------

    async def add_fact(self, fact: Fact, actor: str, reason: str | None, scope: str) -> Change:
        """Add a new fact to a scope."""
        record = await self.store.add_fact(fact, actor, reason, scope)
        await self._apply(scope, record.fact)
        return Change(record, tuple(diff(None, record.fact)), "added")

    async def add_facts(self, facts: list[Fact], actor: str, reason: str | None, scope: str) -> list[Change]:
        """Add new facts to a scope all or nothing: a taken or repeated id and none is added."""
        records = await self.store.add_facts(facts, actor, reason, scope)
        for record in records:
            await self._apply(scope, record.fact)
        return [Change(record, tuple(diff(None, record.fact)), "added") for record in records]

    async def edit(
        self,
        fact_id: str,
        field: str,
        value: str,
        actor: str,
        reason: str | None,
        scope: str,
        expected_version: int | None = None,
    ) -> Change:
        """Change one field of a fact; `expected_version` (default: the version now) guards against races."""
        current = await self.store.record(fact_id, scope)
        relation = await self.store.relation(current.fact.predicate, scope)
        updated = apply_edit(current.fact, field, value, relation.relation if relation else None)
        if updated == current.fact:
            raise EditError(f"{field}: that is already the value; nothing changed")
        return await self._save(current, updated, actor, reason, scope, expected_version, "edited")

    async def set_status(
        self,
        fact_id: str,
        status: Status,
        actor: str,
        reason: str | None,
        scope: str,
        expected_version: int | None = None,
    ) -> Change:
        """Retire or restore a fact (it stays in history either way)."""
        current = await self.store.record(fact_id, scope)
        if current.fact.status is status:
            raise EditError(f"status: {fact_id!r} is already {status.value}")
        if status is Status.CURRENT and current.fact.status is Status.RETIRED:
            # Restore to the last live status it had (a disputed fact comes back disputed).
            history = await self.store.history(fact_id, scope)
            live = [r.fact.status for r in history if r.fact.live]
            status = live[-1] if live else Status.CURRENT
        updated = current.fact.model_copy(update={"status": status})
        action = "retired" if status is Status.RETIRED else "restored"
        return await self._save(current, updated, actor, reason, scope, expected_version, action)

    async def _save(
        self, current: FactRecord, updated: Fact, actor: str, reason: str | None, scope: str,
        expected_version: int | None, action: str,
    ) -> Change:  # fmt: skip
        """Save a new version (refused if stale), put it in the indexes, and say what changed."""
        version = current.version if expected_version is None else expected_version
        record = await self.store.save_fact(updated, actor, reason, scope, expected_version=version)
        await self._apply(scope, record.fact)
        kept = await self._kept_elsewhere(current.fact, record.fact) if scope == BASE else ()
        return Change(record, tuple(diff(current.fact, record.fact)), action, kept)

    async def _kept_elsewhere(self, before: Fact, after: Fact) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The servers that keep their own value of a field the base just changed, with those fields."""
        changed = changed_fields(before, after)
        kept = []
        for scope, overrides in sorted((await self.store.layers_of(after.id)).items()):
            fields = changed if overrides is None else changed & {o.rstrip("+") for o in overrides}
            if "phrasings" in fields and overrides is not None and "phrasings" not in overrides:
                fields.discard("phrasings")  # a server that only added phrasings still gets the base's
            if fields:
                kept.append((scope, tuple(sorted(fields))))
        return tuple(kept)

    async def rollback(self, fact_id: str, version: int, actor: str, reason: str | None, scope: str) -> Change:
        """Make an earlier version current again, as a new version."""
        current = await self.store.record(fact_id, scope)
        if version == current.version:
            raise EditError(f"version: {fact_id!r} is already at version {version}; nothing changed")
        record = await self.store.rollback(fact_id, version, actor, reason, scope)
        if record.version == current.version:  # the store wrote nothing: that version says what this one does
            raise EditError(
                f"version: version {version} of {fact_id!r} is the same as the current version "
                f"{current.version}; nothing changed"
            )
        await self._apply(scope, record.fact)
        return Change(record, tuple(diff(current.fact, record.fact)), f"rolled back to version {version}:")

    async def add_alias(self, target: str, text: str, actor: str, scope: str) -> str:
        """A new phrasing for a fact, or a new alias for an entity; returns what was done."""
        text = text.strip()
        if not 2 <= len(text) <= 200:
            raise EditError("text: a phrasing or alias must be 2 to 200 characters")
        if not normalise(text):
            # "!!" or zero-width spaces would match "?", "🙂" or "..." once normalised.
            raise EditError("text: empty once punctuation and invisible characters are removed")
        try:
            renamed = await self.store.add_entity_alias(target, text, scope)
        except AliasError as exc:
            raise EditError(f"text: {exc}") from None
        if renamed is not None:
            await self._apply_entity(scope, renamed)
            return f"{text!r} now names {renamed.name}"
        try:
            current = await self.store.record(target, scope)
        except UnknownFact:
            raise EditError(f"target: {target!r} is neither a fact id nor an entity id") from None
        if normalise(text) in {normalise(p) for p in current.fact.phrasings}:
            raise EditError(f"text: {text!r} is already a phrasing of {target!r}")
        phrasings = "\n".join((*current.fact.phrasings, text))
        await self.edit(target, "phrasings", phrasings, actor, f"new phrasing: {text}", scope, current.version)
        return f"{text!r} now asks for `{target}`"

    async def remove_alias(self, target: str, text: str, actor: str, scope: str) -> str:
        """Remove a phrasing of a fact or an alias of an entity."""
        try:
            renamed = await self.store.remove_entity_alias(target, text, scope)
        except AliasError as exc:
            raise EditError(f"text: {exc}") from None
        if renamed is not None:
            await self.reload(scope)  # an index can't forget a name one at a time
            return f"{text!r} no longer names {renamed.name}"
        current = await self.store.record(target, scope)
        kept_phrasings = [p for p in current.fact.phrasings if normalise(p) != normalise(text)]
        if len(kept_phrasings) == len(current.fact.phrasings):
            raise EditError(f"text: {text!r} is not a phrasing of {target!r}")
        await self.edit(target, "phrasings", "\n".join(kept_phrasings), actor, f"removed phrasing: {text}", scope)
        return f"{text!r} no longer asks for `{target}`"

    async def import_pack(
        self,
        pack: Pack,
        actor: str,
        scope: str,
        dry_run: bool = False,
        expected_versions: Mapping[str, int] | None = None,
    ) -> ImportReport:
        """Validate and load a pack all or nothing (or only preview it), then refresh the indexes.

        `expected_versions` (a preview's `versions`) refuses the import if any of those facts moved since."""
        with collector_paused():
            if dry_run:
                return await self.store.preview_import(pack, actor, scope)
            report = await self.store.import_pack(pack, actor, scope, expected_versions=expected_versions)
            if self._answerers:
                await self.reload(scope)
            return report

    async def read_file(self, text: str, origin: str, scope: str) -> tuple[Pack, list[str]]:
        """A knowledge file as a pack: YAML or JSON, or a curator's CSV of facts or of entities.

        Parsing runs in a worker thread, so a big file never stalls the event loop. Returns the
        pack and the names of entities the file introduces (a CSV's unknown names become entities)."""
        with collector_paused():
            return await self._read_file(text, origin, scope)

    async def _read_file(self, text: str, origin: str, scope: str) -> tuple[Pack, list[str]]:
        if len(text.encode()) > MAX_PACK_BYTES:
            raise PackError(f"{origin}: over the {MAX_PACK_BYTES:,}-byte limit for a knowledge file")
        if not origin.casefold().endswith(".csv"):
            return await asyncio.to_thread(parse_pack, text, origin), []
        names = spreadsheet.Names.of(await self.store.entities(scope), await self.store.blocs(scope))
        if spreadsheet.is_entity_sheet(text):
            existing = {e.id: e for e in await self.store.entities(scope)}
            pack, sheet = await asyncio.to_thread(spreadsheet.read_entities, text, origin, names, existing)
        else:
            relations = {r.id: r for r in await self.store.relations(scope)}
            pack, sheet = await asyncio.to_thread(spreadsheet.read_facts, text, origin, names, relations)
        return pack, sheet.new_entities

    async def import_file(self, text: str, origin: str, actor: str, scope: str, dry_run: bool = False) -> ImportReport:
        """Read and load a knowledge file all or nothing (or preview it); the report names what is new."""
        pack, new_entities = await self.read_file(text, origin, scope)
        report = await self.import_pack(pack, actor, scope, dry_run=dry_run)
        report.entities_created = new_entities
        return report

    # -- relations ---------------------------------------------------------------------------------

    async def _apply_relation(self, scope: str, relation: Relation) -> None:
        """Put a saved relation into the indexes that see it: the next question uses its cues."""
        if not self._answerers:
            return
        if scope == BASE:
            self._answerers[BASE].index.set_relation(relation)
            for name, answerer in self._answerers.items():
                index = answerer.index
                if name == BASE or relation.id in self._relation_overrides.get(name, set()):
                    continue
                if not isinstance(index, LayerIndex) or index.own_relations:
                    index.set_relation(relation)  # its own cue tables: rebuilt with the base's change
            return
        self._relation_overrides.setdefault(scope, set()).add(relation.id)
        if scope in self._answerers:
            self._answerers[scope].index.set_relation(relation)
        else:
            async with self._lock:
                self._install(scope, await self._build(scope))

    async def add_relation(
        self, relation: Relation, actor: str, scope: str, reason: str | None = None
    ) -> RelationRecord:
        """A new relation; refused when the id, a label or a cue already belongs to another."""
        clash = _cue_clash(relation, {r.id: r for r in await self.store.relations(scope)})
        if clash:
            raise EditError(clash)
        record = await self.store.save_relation(relation, actor, reason or "added", scope, expected_version=0)
        await self._apply_relation(scope, record.relation)
        return record

    async def edit_relation(
        self,
        relation_id: str,
        changes: dict[str, object],
        actor: str,
        scope: str,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> RelationRecord:
        """Change a relation's fields (labels, value kinds, cues…), validated, as a new version."""
        current = await self.store.relation(relation_id, scope)
        if current is None:
            raise UnknownRelation(relation_id)
        data = {**current.relation.model_dump(mode="json"), **changes}
        try:
            updated = Relation.model_validate(data)
        except ValidationError as exc:
            raise EditError(describe(exc, data)) from None
        if updated == current.relation:
            raise EditError("nothing changed")
        version = current.version if expected_version is None else expected_version
        record = await self.store.save_relation(updated, actor, reason, scope, expected_version=version)
        await self._apply_relation(scope, record.relation)
        return record

    async def add_cue(self, relation_id: str, cue: str, actor: str, scope: str, weight: float = 1.0) -> RelationRecord:
        """Teach a relation a new way people ask for it (English or Japanese, told apart by script)."""
        text = " ".join(cue.split())
        if not normalise(text):
            raise EditError("cue: empty once punctuation and invisible characters are removed")
        current = await self.store.relation(relation_id, scope)
        if current is None:
            raise UnknownRelation(relation_id)
        relation = current.relation
        if normalise(text) in {normalise(c) for c in relation.all_cues()}:
            raise EditError(f"cue: {text!r} is already a cue of {relation.label!r}")
        english, japanese = split_cues([text], weight)
        changes: dict[str, object] = {"cues": {**relation.cues, **english}, "cues_ja": {**relation.cues_ja, **japanese}}
        return await self.edit_relation(relation_id, changes, actor, scope, f"new cue: {text}", current.version)

    async def remove_cue(self, relation_id: str, cue: str, actor: str, scope: str) -> RelationRecord:
        """Stop reading a phrase as asking for a relation."""
        current = await self.store.relation(relation_id, scope)
        if current is None:
            raise UnknownRelation(relation_id)
        relation = current.relation
        key = normalise(cue)
        cues = {c: w for c, w in relation.cues.items() if normalise(c) != key}
        cues_ja = {c: w for c, w in relation.cues_ja.items() if normalise(c) != key}
        if len(cues) + len(cues_ja) == len(relation.cues) + len(relation.cues_ja):
            raise EditError(f"cue: {cue!r} is not a cue of {relation.label!r}")
        changes: dict[str, object] = {"cues": cues, "cues_ja": cues_ja}
        return await self.edit_relation(relation_id, changes, actor, scope, f"removed cue: {cue}", current.version)

    # -- questions without an answer -------------------------------------------------------------

    async def settings(self, guild_id: int) -> GuildSettings:
        """A server's settings, cached."""
        if guild_id not in self._settings:
            self._settings[guild_id] = await self.store.guild_settings(guild_id)
        return self._settings[guild_id]

    async def save_settings(self, settings: GuildSettings) -> None:
        """Store a server's settings and refresh the cache."""
        await self.store.save_guild_settings(settings)
        self._settings[settings.guild_id] = settings

    async def note_answer(self, guild_id: int | None, question: str, answer: Answer) -> None:
        """Log a declined or low-confidence question for /curate gaps, unless the server switched it off."""
        if guild_id is None or (answer.answered and answer.score >= LOW_CONFIDENCE):
            return
        if not (await self.settings(guild_id)).gaps_enabled:
            return
        text = re.sub(r"\s+", " ", normalise(question)).strip()
        if not text:
            return
        suggestion = answer.suggestion_ids[0] if answer.suggestion_ids else None
        if answer.answered and answer.facts:
            suggestion = answer.facts[0].id
        try:
            await self.store.record_gap(guild_id, text, suggestion)
        except StoreError as exc:
            # The question log is best effort: a full disk or a database restarting must not cost the
            # asker an answer.
            log.warning("the question log is not kept: %s", exc)

    # -- drafts under review (/curate draft) ------------------------------------------------------

    async def start_review(self, scope: str, data: bytes, origin: str, actor: str, **given: str | None) -> Review:
        """Draft an article's candidate facts and keep them for review in a server (24 hours).

        Refuses binary, empty, non-UTF-8 and over-large input (DraftError). Drafting runs in a
        worker thread: a long article never stalls the event loop."""
        text = drafting.decode(data, origin)
        article = drafting.read_article(text, **given)
        if not article.publisher:
            raise ReviewError(
                "publisher: who published the article? Give the publisher option (or front matter), "
                "so every accepted fact cites it"
            )
        index = await self._draft_index(scope)
        result = await asyncio.to_thread(drafting.draft, article, index)
        started = review.from_draft(result, scope, actor, origin)
        await self.store.save_review(started)
        return started

    async def _draft_index(self, scope: str) -> FactIndex:
        if self._answerers:
            return self.answerer(scope).index
        return await asyncio.to_thread(FactIndex, await self.store.knowledge(scope))

    async def open_reviews(self, scope: str) -> list[Review]:
        """A server's reviews still open (unexpired), newest first."""
        return await self.store.open_reviews(scope)

    async def review(self, scope: str, review_id: str) -> Review:
        """A server's review by id (ReviewError when expired or not this server's)."""
        found = await self.store.review(scope, review_id)
        if found is None:
            raise ReviewError("this draft has expired (drafts are kept 24 hours) or belongs elsewhere: start again")
        return found

    async def decide(
        self,
        scope: str,
        review_id: str,
        shown: int,
        actor: str,
        accept: bool,
        changes: Mapping[str, str] | None = None,
    ) -> tuple[Review, ImportReport | None]:
        """Accept (optionally edited) or skip the candidate a curator was shown at position `shown`.

        Accepting imports its row into the server's layer exactly as `facts import` would (PackError
        names a bad field and nothing changes). A step from a position someone already moved past
        raises StaleReview, carrying where the review is now."""
        current = await self.review(scope, review_id)
        if current.position != shown or current.current is None:
            raise StaleReview(current)
        report = None
        if accept:
            row = review.edited(current.current.row, dict(changes or {}))
            report = await self.import_file(review.sheet(row), "draft.csv", actor, scope)
            saved = [*report.added, *report.changed, *report.unchanged]
            moved = current.after(saved[0] if saved else "?")
        else:
            moved = current.after()
        if not await self.store.step_review(moved, shown):
            raise StaleReview(await self.review(scope, review_id))
        return moved, report

    # -- reply budgets ------------------------------------------------------------------------------

    @property
    def shares_budgets(self) -> bool:
        """Whether per-user reply budgets must live in the database (several processes share it)."""
        return self.store.shared

    async def spend_reply(self, user_id: int, rate: int, per: float) -> float | None:
        """One reply from a user's budget kept in the database: None when allowed, else seconds to wait."""
        return await self.store.spend_reply(user_id, rate, per)

    # -- answer channels ---------------------------------------------------------------------------

    def is_answer_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when a server's admins switched answering on in this channel."""
        return channel_id in self.answer_channels.get(guild_id, set())

    async def set_answer_channel(self, guild_id: int, channel_id: int, enabled: bool, actor: str) -> bool:
        """Persist a channel switch, then update the in-memory set used on every message."""
        changed = await self.store.set_answer_channel(guild_id, channel_id, enabled, actor)
        channels = self.answer_channels.setdefault(guild_id, set())
        if enabled:
            channels.add(channel_id)
        else:
            channels.discard(channel_id)
        return changed


def _cue_clash(relation: Relation, relations: dict[str, Relation]) -> str | None:
    """Why a new relation would be confused with an existing one (its id, a label or a cue is taken), or None."""
    if relation.id in relations:
        return f"id: a relation {relation.id!r} already exists; add cues to it instead"
    taken: dict[str, tuple[str, Relation]] = {}
    for other in relations.values():
        for kind, names in (("label", (other.label, other.label_ja or "")), ("cue", tuple(other.all_cues()))):
            for name in names:
                if normalise(name):
                    taken.setdefault(normalise(name), (kind, other))
    for name in (relation.label, relation.label_ja or ""):
        hit = taken.get(normalise(name)) if normalise(name) else None
        if hit is not None:
            kind, other = hit
            return f"label: {name!r} is already a {kind} of {other.id!r} ({other.label}); add cues to it instead"
    return None
