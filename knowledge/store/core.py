"""The fact store: versioned facts, relations, entities, packs in and out, on any `Backend`.

Every statement here is portable SQL (SQLite and PostgreSQL run it as written); what differs
between databases lives in the backend modules. Writes run in one transaction each, so a crash
mid-write leaves the previous state, never half a change, and every write that changes what the
bot answers bumps a change mark, so other processes (another shard, the CLI) notice and reload.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from pydantic import ValidationError

from knowledge import vocabulary
from knowledge.edits import changed_fields
from knowledge.matcher import Knowledge
from knowledge.models import (
    Bloc,
    Entity,
    Fact,
    FactRecord,
    Gap,
    GuildSettings,
    Pack,
    Relation,
    RelationRecord,
    check_fact,
    check_references,
)
from knowledge.packs import PackError, builtin_digest, builtin_packs
from knowledge.reading import normalise
from knowledge.review import Review
from knowledge.store.backend import Backend, Connection, StoreError, open_backend

log = logging.getLogger(__name__)

BASE = ""
"""The scope of the shared base knowledge; a server's own layer uses its id as the scope."""
CHANNELS_KEY = "#channels"
"""The change mark for answer channels (scopes are '' or a server id, never starting with '#')."""
SETTINGS_KEY = "#settings"
"""The change mark for server settings."""
PACK_ACTOR = "pack"
BUILTIN_PACK_ID = "builtin"
VOCABULARY_ID = "vocabulary"
GAP_RETENTION_DAYS = 30
GAP_MAX_PER_GUILD = 200
GAP_QUESTION_CHARS = 300
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_LIKE_SPECIAL = re.compile(r"([\\%_])")
_FACT_ROW = "scope, id, version, body, changed_at, changed_by, reason, overrides"
ADDED_PHRASINGS = "phrasings+"
"""In a server's overrides: it added phrasings; the base's phrasings (and later ones) still count."""
ADDED_NAMES = '["aliases+"]'
"""A server entity row's overrides when the server only added names to a base entity."""
_VERSIONED = ("scope", "id", "version", "body", "changed_at", "changed_by", "reason")
_WRITTEN_TABLE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)", re.IGNORECASE)
_FACT_TABLES = frozenset({"facts", "fact_versions"})
MAX_LOGGED_FACTS = 500
"""A change saving more facts than this (an import) is logged as "reload": applying it fact by fact
would hold the event loop longer than rebuilding in a worker thread."""
KEPT_CHANGES = 1000
"""Changes kept in the change log per scope; a process further behind rebuilds its index."""

COPIED_TABLES: dict[str, tuple[str, ...]] = {
    "entities": ("scope", "id", "body", "overrides"),
    "blocs": ("scope", "id", "body"),
    "facts": (
        "scope",
        "id",
        "version",
        "subject",
        "predicate",
        "status",
        "body",
        "changed_at",
        "changed_by",
        "reason",
        "overrides",
    ),
    "fact_versions": _VERSIONED,
    "relations": _VERSIONED,
    "relation_versions": _VERSIONED,
    "packs": ("id", "digest", "loaded_at"),
    "answer_channels": ("guild_id", "channel_id", "added_by", "added_at"),
    "question_gaps": ("guild_id", "question", "asked", "first_asked", "last_asked", "suggestion"),
    "guild_settings": ("guild_id", "gaps_enabled", "admin_role_id", "mod_log_channel_id"),
    "change_marks": ("name", "version"),
    "reply_budget": ("user_id", "window_start", "used"),
    "reviews": ("scope", "id", "created_by", "expires_at", "position", "body"),
}
"""Every table a database copy moves, with its columns (the schema's migrations define them)."""


class UnknownFact(LookupError):
    """No fact with that id in that scope."""

    def __init__(self, fact_id: str) -> None:
        super().__init__(f"no fact with id {fact_id!r}")
        self.fact_id = fact_id


class FactExists(Exception):
    """Adding a fact whose id is already taken in that scope."""

    def __init__(self, fact_id: str) -> None:
        super().__init__(f"a fact with id {fact_id!r} already exists: edit it, or choose another id")


class UnknownRelation(LookupError):
    """No relation with that id in that scope."""

    def __init__(self, relation_id: str) -> None:
        super().__init__(f"no relation with id {relation_id!r}")
        self.relation_id = relation_id


class RelationExists(Exception):
    """Adding a relation whose id is taken."""

    def __init__(self, relation_id: str) -> None:
        super().__init__(f"a relation with id {relation_id!r} already exists: edit it, or choose another id")


class StaleRelation(Exception):
    """A relation edit that started from a version someone else has since replaced."""

    def __init__(self, current: RelationRecord, expected: int) -> None:
        super().__init__(
            f"relation {current.relation.id!r} changed since you loaded it: you edited version {expected}, "
            f"but version {current.version} was saved by {current.changed_by} at "
            f"{current.changed_at:%Y-%m-%d %H:%M} UTC"
        )
        self.current = current


class AliasError(ValueError):
    """An entity name that cannot be added or removed; the message says why."""


class UnknownVersion(LookupError):
    """Rolling back to a version the fact never had."""

    def __init__(self, fact_id: str, version: int, known: list[int]) -> None:
        super().__init__(f"fact {fact_id!r} has no version {version} (it has {', '.join(map(str, known))})")


class StaleVersion(Exception):
    """An edit started from a version that someone else has since replaced."""

    def __init__(self, current: FactRecord, expected: int) -> None:
        super().__init__(
            f"fact {current.fact.id!r} changed since you loaded it: you edited version {expected}, "
            f"but version {current.version} was saved by {current.changed_by} at "
            f"{current.changed_at:%Y-%m-%d %H:%M} UTC"
        )
        self.current = current
        self.expected = expected


class StaleImport(PackError):
    """Applying an import whose facts someone changed since its preview; nothing is imported."""

    def __init__(self, moved: Mapping[str, FactRecord | None], since: str = "your preview", hint: str = "") -> None:
        names = ", ".join(
            f"{fact_id} (now version {r.version} by {r.changed_by})" if r else f"{fact_id} (now gone)"
            for fact_id, r in moved.items()
        )
        super().__init__(f"changed since {since}: {names}; nothing imported{hint}")
        self.moved = dict(moved)


@dataclass
class ImportReport:
    """What loading a pack changed (or, for a dry run, would change)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    entities: int = 0
    blocs: int = 0
    relations_created: list[str] = field(default_factory=list)
    relations_changed: list[str] = field(default_factory=list)
    entities_created: list[str] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    """Each of the pack's facts' current version when the report was made (0: not there yet)."""

    def summary(self) -> str:
        """One line: '3 added, 1 changed, 20 unchanged; new relations: job cuts'."""
        text = f"{len(self.added)} added, {len(self.changed)} changed, {len(self.unchanged)} unchanged"
        if self.skipped:
            text += f", {len(self.skipped)} kept (edited locally)"
        if self.relations_created:
            text += f"; new relations: {', '.join(self.relations_created)}"
        if self.relations_changed:
            text += f"; relations changed: {', '.join(self.relations_changed)}"
        if self.entities_created:
            text += f"; new entities: {', '.join(self.entities_created)}"
        return text


def _now() -> datetime:
    return datetime.now(UTC)


def migrations() -> list[tuple[int, str, str]]:
    """The numbered schema steps shipped in knowledge/migrations, in order."""
    steps = []
    for entry in (resources.files("knowledge") / "migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            steps.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(steps)


class FactStore:
    """Facts, entities and blocs in a database, returned as models. Use as `async with FactStore(url)`.

    `location` is a SQLite path, a `sqlite:///path` URL or a `postgresql://…` URL.
    """

    def __init__(self, location: Path | str, migrate: bool = True) -> None:
        self.backend: Backend = open_backend(location)
        self._migrate = migrate
        self.where = self.backend.where
        self.seen_marks: dict[str, int] = {}
        """The change marks this process has caught up with (its own writes advance them)."""

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    @property
    def shared(self) -> bool:
        """Whether several processes use this database at once (PostgreSQL)."""
        return self.backend.shared

    @property
    def _read(self) -> Connection:
        return self.backend.reader

    async def open(self) -> None:
        """Connect and migrate."""
        await self.backend.open()
        try:
            if self._migrate:
                await self.migrate()
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Disconnect (safe to call twice)."""
        await self.backend.close()

    @asynccontextmanager
    async def transaction(self, *touches: str) -> AsyncIterator[Connection]:
        """One write transaction: all of it is committed, or none of it. Each key in `touches` (a
        scope, CHANNELS_KEY, SETTINGS_KEY) has its change mark bumped and announced in it, when it
        changed any row."""
        bumped: dict[str, int] = {}
        async with self.backend.transaction() as db:
            tracked = _Tracked(db)
            yield tracked
            for key in dict.fromkeys(touches) if tracked.changed else ():
                row = await db.fetchone(
                    "INSERT INTO change_marks (name, version) VALUES (?, 1) ON CONFLICT (name) DO UPDATE "
                    "SET version = change_marks.version + 1 RETURNING version",
                    (key,),
                )
                bumped[key] = int(row[0]) if row else 0
                await self._log_change(db, tracked, key, bumped[key])
                await self.backend.notify(db, key)
        for key, version in bumped.items():
            # Our own write needs no reload: advance what we have seen, unless someone else's write
            # came between (then the mark stays behind, and the watcher reloads).
            if self.seen_marks.get(key, 0) == version - 1:
                self.seen_marks[key] = version

    async def _log_change(self, db: Connection, tracked: _Tracked, key: str, version: int) -> None:
        """Say what this change touched: the facts it saved, when that is all it did (and not too
        many to apply one by one), else one row meaning "reload"."""
        facts_only = tracked.tables <= _FACT_TABLES and 0 < len(tracked.facts) <= MAX_LOGGED_FACTS
        rows = [(key, version, f) for f in sorted(tracked.facts)] if facts_only else [(key, version, None)]
        await db.executemany("INSERT INTO change_log (name, version, fact_id) VALUES (?, ?, ?)", rows)
        await db.execute("DELETE FROM change_log WHERE name = ? AND version <= ?", (key, version - KEPT_CHANGES))

    async def changed_facts(self, key: str, after: int, upto: int) -> list[str] | None:
        """The facts the changes after version `after` up to `upto` saved, when every one of those
        changes saved only facts and is still logged; None when the index must be rebuilt."""
        if upto <= after or upto - after > KEPT_CHANGES:
            return None
        rows = await self._read.fetch(
            "SELECT version, fact_id FROM change_log WHERE name = ? AND version > ? AND version <= ?",
            (key, after, upto),
        )
        if {int(v) for v, _ in rows} != set(range(after + 1, upto + 1)) or any(f is None for _, f in rows):
            return None
        ids = sorted({str(f) for _, f in rows})
        return ids if len(ids) <= MAX_LOGGED_FACTS else None

    async def change_marks(self) -> dict[str, int]:
        """Every change mark: {scope or CHANNELS_KEY/SETTINGS_KEY: how many changes it has had}."""
        return {str(k): int(v) for k, v in await self._read.fetch("SELECT name, version FROM change_marks")}

    async def schema_version(self) -> int:
        """The applied migration number."""
        return await self.backend.schema_version()

    async def migrate(self) -> int:
        """Apply every migration newer than the database (one process at a time)."""
        steps = migrations()
        current = await self.backend.schema_version()
        if steps and current > steps[-1][0]:
            raise StoreError(
                f"the database at {self.where} has schema version {current}, newer than this factbot "
                f"understands ({steps[-1][0]}); upgrade factbot"
            )
        return await self.backend.migrate(steps)

    # -- reading ----------------------------------------------------------------------------------

    async def entities(self, scope: str = BASE) -> list[Entity]:
        """Entities visible in a scope: the base, overlaid by the scope's own (names it added kept
        on top of the base's, so the base's later changes still show)."""
        rows = await self._read.fetch(
            "SELECT id, scope, body, overrides FROM entities WHERE scope IN ('', ?) ORDER BY id, scope", (scope,)
        )
        return list((await asyncio.to_thread(_entities_seen, rows)).values())

    async def blocs(self, scope: str = BASE) -> list[Bloc]:
        """Blocs visible in a scope."""
        bodies: dict[str, str] = {}
        for bloc_id, body in await self._read.fetch(
            "SELECT id, body FROM blocs WHERE scope IN ('', ?) ORDER BY id, scope", (scope,)
        ):
            bodies[bloc_id] = body  # the scope's row sorts after the base row and wins
        return [Bloc.model_validate_json(body) for body in bodies.values()]

    async def records(self, scope: str = BASE, include_retired: bool = True) -> list[FactRecord]:
        """Current version of every fact visible in a scope, ordered by id."""
        records: dict[str, FactRecord] = {}
        await self._scan(scope, lambda rows: _merge_records(records, rows))
        return [r for r in records.values() if include_retired or r.fact.live]

    async def live_facts(self, scope: str = BASE) -> list[Fact]:
        """The live facts a scope sees (what an index is built from), without their records."""
        facts: dict[str, Fact] = {}

        def parse(rows: list[tuple[Any, ...]]) -> None:
            for row in rows:
                fact, base = _fact(row), facts.get(str(row[1]))
                facts[str(row[1])] = _layered_fact(base, fact, row[7]) if base else fact

        await self._scan(scope, parse)
        return [f for f in facts.values() if f.live]

    async def _scan(self, scope: str, parse: Callable[[list[tuple[Any, ...]]], None]) -> None:
        """Every stored row a scope sees, a chunk at a time, each parsed in a worker thread.

        Validating stored facts is CPU work, and 100,000 rows read, parsed or freed in one piece hold
        the interpreter (so the event loop) for a quarter of a second: chunks keep every step short."""
        sql = f"SELECT {_FACT_ROW} FROM facts WHERE scope IN ('', ?) ORDER BY id, scope"  # noqa: S608
        async for chunk in self._read.chunks(sql, (scope,)):
            await asyncio.to_thread(parse, chunk)

    async def retired_ids(self, scope: str, prefix: str = "", limit: int = 25) -> list[str]:
        """Ids of retired facts visible in a scope whose id contains the text typed (for autocomplete)."""
        rows = await self._read.fetch(
            "SELECT id FROM facts f WHERE scope IN ('', ?) AND status = 'retired' AND id LIKE ? ESCAPE '\\' "
            "AND NOT EXISTS (SELECT 1 FROM facts g WHERE g.id = f.id AND g.scope = ? AND f.scope = '' "
            "AND g.status != 'retired') ORDER BY id LIMIT ?",
            (scope, "%" + _LIKE_SPECIAL.sub(r"\\\1", prefix.casefold().strip()) + "%", scope, limit),
        )
        return [str(row[0]) for row in rows]

    async def knowledge(self, scope: str = BASE) -> Knowledge:
        """A snapshot for the matcher: relations, entities, blocs, and live facts of a scope."""
        return Knowledge(
            entities=await self.entities(scope),
            blocs=await self.blocs(scope),
            facts=await self.live_facts(scope),
            relations=await self.relations(scope),
        )

    async def base_state(self) -> dict[str, object]:
        """What moves with every change to the base's knowledge (the key of an index snapshot)."""
        marks = await self.change_marks()
        counts = []
        for sql in (
            "SELECT COUNT(*), MAX(changed_at) FROM facts WHERE scope = ''",
            "SELECT COUNT(*), MAX(changed_at) FROM relations WHERE scope = ''",
            "SELECT COUNT(*), '' FROM entities WHERE scope = ''",
            "SELECT COUNT(*), '' FROM blocs WHERE scope = ''",
        ):
            row = await self._read.fetchone(sql)
            counts.append([int(row[0]), str(row[1] or "")] if row else [0, ""])
        return {
            "database": self.where,
            "schema": await self.schema_version(),
            "mark": marks.get(BASE, 0),
            "rows": counts,
        }

    async def own_knowledge(self, scope: str) -> Knowledge:
        """What a server's layer holds over the base: the relations, entities, blocs and facts the
        server has its own rows of, each as the server sees it (a fact it changed a field of is the
        base's with that field), retired facts included (the layer hides the base's version)."""
        if scope == BASE:
            raise ValueError("the base has no layer")
        own_relations = await self.own_ids("relations", scope)
        relations = [r for r in await self.relations(scope) if r.id in own_relations]
        rows = await self._read.fetch(
            "SELECT id, scope, body, overrides FROM entities WHERE scope IN ('', ?) "
            "AND id IN (SELECT id FROM entities WHERE scope = ?) ORDER BY id, scope",
            (scope, scope),
        )
        entities = list((await asyncio.to_thread(_entities_seen, rows)).values())
        blocs = [
            Bloc.model_validate_json(body)
            for (body,) in await self._read.fetch("SELECT body FROM blocs WHERE scope = ? ORDER BY id", (scope,))
        ]
        ids = sorted(await self.own_ids("facts", scope))
        records = await self._visible_many(self._read, ids, scope)
        facts = [records[i].fact for i in ids if i in records]
        return Knowledge(entities=entities, blocs=blocs, facts=facts, relations=relations)

    # -- relations --------------------------------------------------------------------------------

    async def relation_records(self, scope: str = BASE) -> list[RelationRecord]:
        """Every relation visible in a scope (the scope's own version wins), ordered by id."""
        records: dict[str, RelationRecord] = {}
        rows = await self._read.fetch(
            "SELECT scope, id, version, body, changed_at, changed_by, reason FROM relations "
            "WHERE scope IN ('', ?) ORDER BY id, scope",
            (scope,),
        )
        for row in rows:
            records[row[1]] = _relation_record(row)
        return list(records.values())

    async def relations(self, scope: str = BASE) -> list[Relation]:
        """Relations visible in a scope."""
        return [r.relation for r in await self.relation_records(scope)]

    async def relation(self, relation_id: str, scope: str = BASE) -> RelationRecord | None:
        """One relation as a scope sees it."""
        row = await self._read.fetchone(
            "SELECT scope, id, version, body, changed_at, changed_by, reason FROM relations "
            "WHERE id = ? AND scope IN ('', ?) ORDER BY scope DESC LIMIT 1",
            (relation_id, scope),
        )
        return None if row is None else _relation_record(row)

    async def relation_history(self, relation_id: str, scope: str = BASE) -> list[RelationRecord]:
        """Every version a scope has seen of a relation, oldest first."""
        rows = await self._read.fetch(
            "SELECT scope, id, version, body, changed_at, changed_by, reason FROM relation_versions "
            "WHERE id = ? AND scope IN ('', ?) ORDER BY version",
            (relation_id, scope),
        )
        return _as_seen_by([_relation_record(row) for row in rows], scope)

    async def _visible_relation(self, db: Connection, relation_id: str, scope: str) -> RelationRecord | None:
        for where in dict.fromkeys((scope, BASE)):
            row = await db.fetchone(
                "SELECT scope, id, version, body, changed_at, changed_by, reason FROM relations "
                "WHERE id = ? AND scope = ?",
                (relation_id, where),
            )
            if row is not None:
                return _relation_record(row)
        return None

    async def _write_relation(
        self, db: Connection, relation: Relation, version: int, actor: str, reason: str | None, scope: str
    ) -> RelationRecord:
        at = _now()
        body = relation.model_dump_json()
        await db.execute(
            "INSERT INTO relations (scope, id, version, body, changed_at, changed_by, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, id) DO UPDATE SET version = excluded.version, "
            "body = excluded.body, changed_at = excluded.changed_at, changed_by = excluded.changed_by, "
            "reason = excluded.reason",
            (scope, relation.id, version, body, at.isoformat(), actor, reason),
        )
        await db.execute(
            "INSERT INTO relation_versions (scope, id, version, body, changed_at, changed_by, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (scope, relation.id, version, body, at.isoformat(), actor, reason),
        )
        return RelationRecord(
            relation=relation, scope=scope, version=version, changed_at=at, changed_by=actor, reason=reason
        )

    async def save_relation(
        self,
        relation: Relation,
        actor: str,
        reason: str | None = None,
        scope: str = BASE,
        expected_version: int | None = None,
    ) -> RelationRecord:
        """Save a relation as a new version in a scope, refusing a stale edit (0 = must be new)."""
        async with self.transaction(scope) as db:
            current = await self._visible_relation(db, relation.id, scope)
            if expected_version is not None and (current.version if current else 0) != expected_version:
                if current is None:
                    raise UnknownRelation(relation.id)
                if expected_version == 0:
                    raise RelationExists(relation.id)
                raise StaleRelation(current, expected_version)
            if current is not None and current.relation == relation and current.scope == scope:
                return current
            version = (current.version if current else 0) + 1
            return await self._write_relation(db, relation, version, actor, reason, scope)

    async def records_of(self, fact_ids: Sequence[str], scope: str = BASE) -> dict[str, FactRecord]:
        """Several facts as a scope sees them, by id (ids not stored are left out)."""
        return await self._visible_many(self._read, fact_ids, scope)

    async def record(self, fact_id: str, scope: str = BASE) -> FactRecord:
        """The current version of one fact (a scope's own version first, then the base)."""
        current = await self._visible(self._read, fact_id, scope)
        if current is None:
            raise UnknownFact(fact_id)
        return current

    async def history(self, fact_id: str, scope: str = BASE) -> list[FactRecord]:
        """Every version a scope has seen of a fact, oldest first: the base's up to the server's copy."""
        rows = await self._read.fetch(
            "SELECT scope, id, version, body, changed_at, changed_by, reason FROM fact_versions "
            "WHERE id = ? AND scope IN ('', ?) ORDER BY version",
            (fact_id, scope),
        )
        records = _as_seen_by([_record(row) for row in rows], scope)
        if not records:
            raise UnknownFact(fact_id)
        return records

    # -- writing ----------------------------------------------------------------------------------

    async def _write_fact(
        self, db: Connection, fact: Fact, version: int, actor: str, reason: str | None, scope: str
    ) -> FactRecord:
        at = _now()
        body = fact.model_dump_json(exclude_defaults=False)
        overrides = await self._overrides(db, fact, scope)
        if isinstance(db, _Tracked):
            db.note_fact(fact.id)
        await db.execute(
            "INSERT INTO facts (scope, id, version, subject, predicate, status, body, changed_at, changed_by, reason, "
            "overrides) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (scope, id) DO UPDATE SET version = excluded.version, subject = excluded.subject, "
            "predicate = excluded.predicate, status = excluded.status, body = excluded.body, "
            "changed_at = excluded.changed_at, changed_by = excluded.changed_by, reason = excluded.reason, "
            "overrides = excluded.overrides",
            (
                scope,
                fact.id,
                version,
                fact.subject,
                fact.predicate,
                fact.status.value,
                body,
                at.isoformat(),
                actor,
                reason,
                overrides,
            ),
        )
        await db.execute(
            "INSERT INTO fact_versions (scope, id, version, body, changed_at, changed_by, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (scope, fact.id, version, body, at.isoformat(), actor, reason),
        )
        return FactRecord(fact=fact, scope=scope, version=version, changed_at=at, changed_by=actor, reason=reason)

    async def _current(self, db: Connection, fact_id: str, scope: str) -> FactRecord | None:
        row = await self._row(db, fact_id, scope)
        return None if row is None else row[0]

    async def _row(self, db: Connection, fact_id: str, scope: str) -> tuple[FactRecord, str | None] | None:
        """A scope's own stored row of a fact, and the fields it overrides (None: all of them)."""
        row = await db.fetchone(
            f"SELECT {_FACT_ROW} FROM facts WHERE id = ? AND scope = ?",  # noqa: S608
            (fact_id, scope),
        )
        return None if row is None else (_record(row), row[7])

    async def _overrides(self, db: Connection, fact: Fact, scope: str) -> str | None:
        """The fields a server's saved copy of a base fact overrides: those it has changed so far
        (None, the whole fact, for a fact the base does not have or a copy made before field layering)."""
        if scope == BASE:
            return None
        base = await self._current(db, fact.id, BASE)
        if base is None:
            return None
        own = await self._row(db, fact.id, scope)
        if own is not None and own[1] is None:
            return None
        before = _layered_record(base, own[0], own[1]).fact if own else base.fact
        kept = set(json.loads(own[1])) if own and own[1] else set()
        return json.dumps(sorted(kept | _changed_fields(before, fact, base.fact)))

    async def _put_named(
        self, db: Connection, table: str, item: Entity | Bloc, scope: str, overrides: str | None = None
    ) -> None:
        if table == "blocs":
            await db.execute(
                "INSERT INTO blocs (scope, id, body) VALUES (?, ?, ?) "
                "ON CONFLICT (scope, id) DO UPDATE SET body = excluded.body",
                (scope, item.id, item.model_dump_json()),
            )
            return
        await db.execute(
            "INSERT INTO entities (scope, id, body, overrides) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (scope, id) DO UPDATE SET body = excluded.body, overrides = excluded.overrides",
            (scope, item.id, item.model_dump_json(), overrides),
        )

    async def _names_layering(self, db: Connection, entity_id: str, scope: str, keeps_base: bool) -> str | None:
        """How a server's row of an entity is stored after a change of names: as names added to the
        base's (so the base's own, and their later changes, still count) while the server has only
        added names; otherwise as the server's own copy."""
        if scope == BASE or not keeps_base:
            return None
        rows = {
            str(r[0]): r[1]
            for r in await db.fetch("SELECT scope, overrides FROM entities WHERE id = ? AND scope IN ('', ?)",
                                    (entity_id, scope))
        }  # fmt: skip
        if BASE not in rows:
            return None
        return ADDED_NAMES if scope not in rows or rows[scope] == ADDED_NAMES else None

    async def _visible_many(self, db: Connection, fact_ids: Sequence[str], scope: str) -> dict[str, FactRecord]:
        """`_visible` for many facts at once: a few hundred ids a query, instead of one query each."""
        out: dict[str, FactRecord] = {}
        ids = list(dict.fromkeys(fact_ids))
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ", ".join("?" for _ in part)
            rows = await db.fetch(
                f"SELECT {_FACT_ROW} FROM facts WHERE scope IN ('', ?) AND id IN ({marks}) "  # noqa: S608
                "ORDER BY id, scope",
                (scope, *part),
            )

            await asyncio.to_thread(_merge_records, out, rows)  # validating is CPU work: off the event loop
        return out

    async def _visible(self, db: Connection, fact_id: str, scope: str) -> FactRecord | None:
        """What a scope sees: the base's fact with the fields the scope changed, or the scope's own."""
        own = await self._row(db, fact_id, scope)
        if scope == BASE:
            return own[0] if own else None
        base = await self._current(db, fact_id, BASE)
        if own is None:
            return base
        return _layered_record(base, own[0], own[1]) if base else own[0]

    async def _unknown_ids(self, db: Connection, ids: Iterable[str], scope: str) -> list[str]:
        """Which of these ids name no entity or bloc a scope sees (one query for just them: a save
        does not read every entity of a big database)."""
        wanted = sorted(set(ids))
        if not wanted:
            return []
        marks = ", ".join("?" for _ in wanted)
        rows = await db.fetch(
            f"SELECT id FROM entities WHERE scope IN ('', ?) AND id IN ({marks}) "  # noqa: S608
            f"UNION SELECT id FROM blocs WHERE scope IN ('', ?) AND id IN ({marks})",
            (scope, *wanted, scope, *wanted),
        )
        found = {str(row[0]) for row in rows}
        return [i for i in wanted if i not in found]

    async def _known_ids(self, scope: str) -> frozenset[str]:
        return frozenset({e.id for e in await self.entities(scope)} | {b.id for b in await self.blocs(scope)})

    async def save_fact(
        self,
        fact: Fact,
        actor: str,
        reason: str | None = None,
        scope: str = BASE,
        expected_version: int | None = None,
    ) -> FactRecord:
        """Save a fact as a new version in a scope, checking it started from the version now visible.

        A server's first change to a base fact copies it into the server's layer (copy on write);
        version numbers continue from the base's, so a stale edit is always detected. Saving what is
        already there writes nothing and returns the current record.
        """
        async with self.transaction(scope) as db:
            return await self._save_in(db, fact, actor, reason, scope, expected_version)

    async def _save_in(
        self,
        db: Connection,
        fact: Fact,
        actor: str,
        reason: str | None,
        scope: str,
        expected_version: int | None,
    ) -> FactRecord:
        """`save_fact`'s checks and write, inside a transaction the caller holds."""
        missing = await self._unknown_ids(db, fact.entity_ids, scope)
        if missing:
            raise PackError(f"{fact.id}: unknown entity or bloc {', '.join(map(repr, missing))}")
        relation = await self._visible_relation(db, fact.predicate, scope)
        problems = check_fact(fact, relation.relation if relation else None)
        if problems:
            raise PackError(f"{fact.id}: " + "; ".join(problems))
        current = await self._visible(db, fact.id, scope)
        if expected_version is not None and (current.version if current else 0) != expected_version:
            if current is None:
                raise UnknownFact(fact.id)
            if expected_version == 0:
                raise FactExists(fact.id)
            raise StaleVersion(current, expected_version)
        if current is not None and current.fact == fact and current.scope == scope:
            return current
        return await self._write_fact(db, fact, (current.version if current else 0) + 1, actor, reason, scope)

    async def add_fact(self, fact: Fact, actor: str, reason: str | None = None, scope: str = BASE) -> FactRecord:
        """Add a new fact; refuse an id that is already taken in the scope."""
        return (await self.add_facts([fact], actor, reason, scope))[0]

    async def add_facts(
        self, facts: Sequence[Fact], actor: str, reason: str | None = None, scope: str = BASE
    ) -> list[FactRecord]:
        """Add new facts all or nothing: one taken id, repeated id or invalid fact and none is added."""
        seen: set[str] = set()
        for i, fact in enumerate(facts):
            if fact.id in seen:
                raise PackError(f"facts[{i}] ({fact.id}): the id appears twice in what you are adding")
            seen.add(fact.id)
        async with self.transaction(scope) as db:
            return [await self._save_in(db, fact, actor, reason, scope, expected_version=0) for fact in facts]

    async def rollback(
        self, fact_id: str, version: int, actor: str, reason: str | None = None, scope: str = BASE
    ) -> FactRecord:
        """Make an earlier version current again, as a new version (history is never rewritten)."""
        history = await self.history(fact_id, scope)
        target = next((r for r in history if r.version == version), None)
        if target is None:
            raise UnknownVersion(fact_id, version, [r.version for r in history])
        return await self.save_fact(
            target.fact, actor, reason or f"rollback to version {version}", scope, expected_version=history[-1].version
        )

    async def entity(self, entity_id: str, scope: str = BASE) -> Entity | None:
        """One entity as a scope sees it."""
        rows = await self._read.fetch(
            "SELECT id, scope, body, overrides FROM entities WHERE id = ? AND scope IN ('', ?) ORDER BY scope",
            (entity_id, scope),
        )
        return _entities_seen(rows).get(entity_id)

    async def save_entity(self, entity: Entity, scope: str = BASE) -> None:
        """Add or replace an entity in a scope (a server's copy overrides the base's)."""
        async with self.transaction(scope) as db:
            await self._put_named(db, "entities", entity, scope)

    async def add_entity_alias(self, entity_id: str, text: str, scope: str = BASE) -> Entity | None:
        """Give an entity one more name, read and written in one transaction (None: no such entity).

        Refused when the name, once normalised, is already this entity's or names another entity or bloc.
        """
        key = normalise(text)
        async with self.transaction(scope) as db:
            entities = await self.entities(scope)
            entity = next((e for e in entities if e.id == entity_id), None)
            if entity is None:
                return None
            if key in {normalise(name) for name in (entity.name, *entity.aliases)}:
                raise AliasError(f"{text!r} is already a name of {entity.name}")
            others: list[Entity | Bloc] = [*entities, *await self.blocs(scope)]
            for other in others:
                if other.id != entity.id and key in {normalise(name) for name in (other.name, *other.aliases)}:
                    raise AliasError(f"{text!r} already names {other.name} ({other.id})")
            try:
                renamed = Entity.model_validate({**entity.model_dump(), "aliases": (*entity.aliases, text)})
            except ValidationError as exc:
                raise AliasError(f"{entity.name} cannot take another name: {exc.errors()[0]['msg']}") from None
            layering = await self._names_layering(db, entity_id, scope, keeps_base=True)
            await self._put_named(db, "entities", renamed, scope, layering)
        return renamed

    async def remove_entity_alias(self, entity_id: str, text: str, scope: str = BASE) -> Entity | None:
        """Take a name off an entity, read and written in one transaction (None: no such entity)."""
        key = normalise(text)
        async with self.transaction(scope) as db:
            entity = next((e for e in await self.entities(scope) if e.id == entity_id), None)
            if entity is None:
                return None
            kept = tuple(a for a in entity.aliases if normalise(a) != key)
            if len(kept) == len(entity.aliases):
                raise AliasError(f"{text!r} is not an alias of {entity.name}")
            renamed = entity.model_copy(update={"aliases": kept})
            base = next((e for e in await self.entities(BASE) if e.id == entity_id), None) if scope != BASE else None
            takes_base_name = base is not None and key in {normalise(a) for a in base.aliases}
            layering = await self._names_layering(db, entity_id, scope, keeps_base=not takes_base_name)
            await self._put_named(db, "entities", renamed, scope, layering)
        return renamed

    async def own_ids(self, table: str, scope: str) -> set[str]:
        """The ids of the facts (or relations) a scope has its own row of."""
        sql = {
            "facts": "SELECT id FROM facts WHERE scope = ?",
            "relations": "SELECT id FROM relations WHERE scope = ?",
        }[table]
        return {str(row[0]) for row in await self._read.fetch(sql, (scope,))}

    async def layers_of(self, fact_id: str) -> dict[str, list[str] | None]:
        """The servers with their own copy of a base fact, and the fields each overrides (None: all)."""
        rows = await self._read.fetch("SELECT scope, overrides FROM facts WHERE id = ? AND scope != ''", (fact_id,))
        return {str(scope): None if over is None else list(json.loads(str(over))) for scope, over in rows}

    async def scopes(self) -> set[str]:
        """Every server scope that has its own facts or entities."""
        out: set[str] = set()
        for sql in (
            "SELECT DISTINCT scope FROM facts WHERE scope != ''",
            "SELECT DISTINCT scope FROM entities WHERE scope != ''",
        ):
            out.update(str(row[0]) for row in await self._read.fetch(sql))
        return out

    async def import_pack(
        self,
        pack: Pack,
        actor: str,
        scope: str = BASE,
        dry_run: bool = False,
        keep_local_edits: bool = False,
        expected_versions: Mapping[str, int] | None = None,
    ) -> ImportReport:
        """Load a pack all or nothing: new facts are added, changed ones get a new version.

        With `keep_local_edits`, a fact whose current version was saved by someone other than the
        pack loader is left alone (a curator's correction survives a pack upgrade). With
        `expected_versions` (a preview's `versions`), any fact whose version moved since is named
        in a `StaleImport` and nothing is imported.
        """
        report = ImportReport(entities=len(pack.entities), blocs=len(pack.blocs))
        async with self.transaction(scope) as db:
            if expected_versions is not None:
                # Checked inside the transaction, so no edit can slip in between the check and the write.
                moved: dict[str, FactRecord | None] = {}
                for fact_id, expected in expected_versions.items():
                    current = await self._visible(db, fact_id, scope)
                    if (current.version if current else 0) != expected:
                        moved[fact_id] = current
                if moved:
                    raise StaleImport(moved)
            if pack.versions:
                # An export brought back: facts changed since it was taken would be silently reverted.
                newer: dict[str, FactRecord | None] = {}
                for fact in pack.facts:
                    current = await self._visible(db, fact.id, scope)
                    exported = pack.versions.get(fact.id)
                    if current and exported and current.version > exported and current.fact != fact:
                        newer[fact.id] = current
                if newer:
                    raise StaleImport(
                        newer,
                        since="this export was taken",
                        hint=" (export again, or delete its `versions` key to import over them)",
                    )
            problems = check_references(pack.entities, pack.blocs, pack.facts, known=await self._known_ids(scope))
            if problems:
                raise PackError("; ".join(problems))
            await self._import_relations(db, pack, actor, scope, report, keep_local_edits)
            problems = []
            relations: dict[str, RelationRecord | None] = {}
            for predicate in dict.fromkeys(f.predicate for f in pack.facts):  # one read per relation
                relations[predicate] = await self._visible_relation(db, predicate, scope)
            for i, fact in enumerate(pack.facts):
                relation = relations[fact.predicate]
                problems += [
                    f"facts[{i}] ({fact.id}).{p}" for p in check_fact(fact, relation.relation if relation else None)
                ]
            if problems:
                raise PackError(
                    "; ".join(problems[:10]) + (f"; … and {len(problems) - 10} more" if len(problems) > 10 else "")
                )
            entities = {e.id: e for e in await self.entities(scope)}
            blocs = {b.id: b for b in await self.blocs(scope)}
            for entity in pack.entities:
                if entities.get(entity.id) != entity:
                    await self._put_named(db, "entities", entity, scope)
            for bloc in pack.blocs:
                if blocs.get(bloc.id) != bloc:
                    await self._put_named(db, "blocs", bloc, scope)
            visible = await self._visible_many(db, [f.id for f in pack.facts], scope)
            for fact in pack.facts:
                current = visible.get(fact.id)
                report.versions[fact.id] = current.version if current else 0
                if current is None:
                    report.added.append(fact.id)
                elif current.fact == fact:
                    report.unchanged.append(fact.id)
                    continue
                elif keep_local_edits and current.changed_by != actor:
                    report.skipped.append(fact.id)
                    continue
                else:
                    report.changed.append(fact.id)
                await self._write_fact(db, fact, (current.version if current else 0) + 1, actor, "import", scope)
            if dry_run:
                raise _DryRun(report)
        return report

    async def _import_relations(
        self, db: Connection, pack: Pack, actor: str, scope: str, report: ImportReport, keep: bool
    ) -> None:
        """Save the relations a pack declares, and create any relation its facts name that nobody has
        (its name is its label and first cue): reported, not refused."""
        for relation in pack.relations:
            current = await self._visible_relation(db, relation.id, scope)
            if current is None:
                report.relations_created.append(relation.label)
            elif current.relation == relation or (keep and current.changed_by != actor):
                continue
            else:
                report.relations_changed.append(relation.label)
            await self._write_relation(db, relation, (current.version if current else 0) + 1, actor, "import", scope)
        for predicate in dict.fromkeys(f.predicate for f in pack.facts):
            if await self._visible_relation(db, predicate, scope) is None:
                created = vocabulary.new_relation(predicate.replace("_", " ").replace("-", " "))
                created = created.model_copy(update={"id": predicate})
                await self._write_relation(db, created, 1, actor, "created by import", scope)
                report.relations_created.append(created.label)

    async def preview_import(self, pack: Pack, actor: str, scope: str = BASE) -> ImportReport:
        """What `import_pack` would change, without changing anything."""
        try:
            await self.import_pack(pack, actor, scope, dry_run=True)
        except _DryRun as dry:
            return dry.report
        raise AssertionError("unreachable: a dry run always rolls back")  # pragma: no cover

    async def seed(self) -> ImportReport | None:
        """Load the shipped packs on first use, and again only when they change (idempotent)."""
        if self.backend.read_only:
            return None  # answered from as it is; a newer pack is loaded where it can be written
        await self._seed_vocabulary()
        digest = builtin_digest()
        row = await self._read.fetchone("SELECT digest FROM packs WHERE id = ?", (BUILTIN_PACK_ID,))
        if row is not None and row[0] == digest:
            return None
        report = ImportReport()
        for pack in builtin_packs():
            part = await self.import_pack(pack, PACK_ACTOR, BASE, keep_local_edits=True)
            report.added += part.added
            report.changed += part.changed
            report.unchanged += part.unchanged
            report.skipped += part.skipped
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO packs (id, digest, loaded_at) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET digest = excluded.digest, loaded_at = excluded.loaded_at",
                (BUILTIN_PACK_ID, digest, _now().isoformat()),
            )
        log.info("seeded the knowledge from the shipped packs: %s", report.summary())
        return report

    async def _seed_vocabulary(self) -> None:
        """Load the shipped relations on first use and when they change; a curator's edit is kept."""
        digest = vocabulary.builtin_digest()
        row = await self._read.fetchone("SELECT digest FROM packs WHERE id = ?", (VOCABULARY_ID,))
        if row is not None and row[0] == digest:
            return
        pack = Pack(id="vocabulary", title="built-in vocabulary", relations=vocabulary.builtin().relations)
        report = ImportReport()
        async with self.transaction(BASE) as db:
            await self._import_relations(db, pack, PACK_ACTOR, BASE, report, keep=True)
            await db.execute(
                "INSERT INTO packs (id, digest, loaded_at) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET digest = excluded.digest, loaded_at = excluded.loaded_at",
                (VOCABULARY_ID, digest, _now().isoformat()),
            )
        log.info(
            "seeded the vocabulary: %d relations new, %d changed",
            len(report.relations_created),
            len(report.relations_changed),
        )

    async def export_pack(self, scope: str = BASE, pack_id: str = "export") -> Pack:
        """The whole knowledge of a scope as one pack, sources included, retired facts too."""
        records = await self.records(scope)
        return Pack(
            id=pack_id,
            title=f"factbot knowledge export ({'base' if scope == BASE else 'server ' + scope})",
            relations=tuple(await self.relations(scope)),
            entities=tuple(await self.entities(scope)),
            blocs=tuple(await self.blocs(scope)),
            facts=tuple(r.fact for r in records),
            versions={r.fact.id: r.version for r in records},
        )

    # -- moving between databases ----------------------------------------------------------------

    async def row_counts(self) -> dict[str, int]:
        """How many rows each table holds."""
        counts = {}
        for table in COPIED_TABLES:
            row = await self._read.fetchone(f"SELECT count(*) FROM {table}")  # noqa: S608 - a fixed table name
            counts[table] = int(row[0]) if row else 0
        return counts

    async def copy_to(self, target: FactStore) -> dict[str, int]:
        """Copy every row into an empty store in one transaction, then check the counts match.

        Refused, with nothing written, when the target holds anything (a half-used database would
        mix two histories). Returns the rows copied per table.
        """
        held = {table: n for table, n in (await target.row_counts()).items() if n}
        if held:
            listing = ", ".join(f"{table}: {n}" for table, n in held.items())
            raise StoreError(f"{target.where} is not empty ({listing}); copy into an empty database")
        copied: dict[str, int] = {}
        async with target.backend.transaction() as db:
            for table, columns in COPIED_TABLES.items():
                rows = await self._read.fetch(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608
                marks = ", ".join("?" for _ in columns)
                await db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)  # noqa: S608
                copied[table] = len(rows)
        counted = await target.row_counts()
        wrong = {t: (n, counted.get(t, 0)) for t, n in copied.items() if counted.get(t, 0) != n}
        if wrong:
            listing = ", ".join(f"{t}: copied {a}, found {b}" for t, (a, b) in wrong.items())
            raise StoreError(f"the copy in {target.where} does not match its source ({listing})")
        return copied

    # -- drafts under review ---------------------------------------------------------------------

    async def save_review(self, review: Review) -> None:
        """Keep a new review; expired ones (of every server) are deleted as we go."""
        async with self.transaction() as db:
            await db.execute("DELETE FROM reviews WHERE expires_at < ?", (_now().isoformat(),))
            await db.execute(
                "INSERT INTO reviews (scope, id, created_by, expires_at, position, body) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    review.scope,
                    review.id,
                    review.created_by,
                    review.expires_at.isoformat(),
                    review.position,
                    review.model_dump_json(),
                ),
            )

    async def review(self, scope: str, review_id: str) -> Review | None:
        """A server's review by id; None when there is none, or it has expired."""
        row = await self._read.fetchone(
            "SELECT body FROM reviews WHERE scope = ? AND id = ? AND expires_at >= ?",
            (scope, review_id, _now().isoformat()),
        )
        return None if row is None else Review.model_validate_json(str(row[0]))

    async def open_reviews(self, scope: str) -> list[Review]:
        """A server's unexpired reviews, newest first."""
        rows = await self._read.fetch(
            "SELECT body FROM reviews WHERE scope = ? AND expires_at >= ?", (scope, _now().isoformat())
        )
        reviews = [Review.model_validate_json(str(row[0])) for row in rows]
        return sorted(reviews, key=lambda r: r.created_at, reverse=True)

    async def step_review(self, review: Review, shown: int) -> bool:
        """Save a review's next step, only if nobody moved it on from position `shown` meanwhile."""
        async with self.transaction() as db:
            changed = await db.execute(
                "UPDATE reviews SET position = ?, body = ? WHERE scope = ? AND id = ? AND position = ?",
                (review.position, review.model_dump_json(), review.scope, review.id, shown),
            )
        return changed > 0

    # -- per-user reply budgets, shared by every process ---------------------------------------------

    async def spend_reply(self, user_id: int, rate: int, per: float) -> float | None:
        """Take one reply from a user's budget of `rate` per `per` seconds (a fixed window shared by
        every process on this database): None when allowed, else the seconds until the window ends."""
        now = int(_now().timestamp() * 1000)
        window = int(per * 1000)
        # One upsert is atomic by itself: on a shared server it runs outside the write lock, so an
        # answer never queues behind an import; SQLite's one connection takes its write transaction.
        async with contextlib.AsyncExitStack() as stack:
            db = self._read if self.shared else await stack.enter_async_context(self.transaction())
            row = await db.fetchone(
                "INSERT INTO reply_budget (user_id, window_start, used) VALUES (?, ?, 1) "
                "ON CONFLICT (user_id) DO UPDATE SET "
                "used = CASE WHEN reply_budget.window_start <= ? THEN 1 ELSE reply_budget.used + 1 END, "
                "window_start = CASE WHEN reply_budget.window_start <= ? THEN excluded.window_start "
                "ELSE reply_budget.window_start END "
                "RETURNING used, window_start",
                (str(user_id), now, now - window, now - window),
            )
        if row is None or int(row[0]) <= rate:
            return None
        return max(0.0, (int(row[1]) + window - now) / 1000)

    # -- answer channels --------------------------------------------------------------------------

    async def answer_channels(self) -> dict[int, set[int]]:
        """Every server's switched-on channels: {guild id: {channel ids}}."""
        out: dict[int, set[int]] = {}
        for guild_id, channel_id in await self._read.fetch("SELECT guild_id, channel_id FROM answer_channels"):
            out.setdefault(int(guild_id), set()).add(int(channel_id))
        return out

    async def set_answer_channel(self, guild_id: int, channel_id: int, enabled: bool, actor: str) -> bool:
        """Switch answering on or off in a channel; True when that changed anything."""
        async with self.transaction(CHANNELS_KEY) as db:
            if enabled:
                changed = await db.execute(
                    "INSERT INTO answer_channels (guild_id, channel_id, added_by, added_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (str(guild_id), str(channel_id), actor, _now().isoformat()),
                )
            else:
                changed = await db.execute(
                    "DELETE FROM answer_channels WHERE guild_id = ? AND channel_id = ?",
                    (str(guild_id), str(channel_id)),
                )
            return changed > 0

    # -- questions without an answer, and server settings -----------------------------------------

    async def record_gap(self, guild_id: int, question: str, suggestion: str | None) -> None:
        """Count a declined or low-confidence question; old and excess rows are pruned as we go."""
        now = _now()
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO question_gaps (guild_id, question, asked, first_asked, last_asked, suggestion) "
                "VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT (guild_id, question) DO UPDATE SET "
                "asked = question_gaps.asked + 1, last_asked = excluded.last_asked, suggestion = excluded.suggestion",
                (str(guild_id), question[:GAP_QUESTION_CHARS], now.isoformat(), now.isoformat(), suggestion),
            )
            await db.execute(
                "DELETE FROM question_gaps WHERE guild_id = ? AND last_asked < ?",
                (str(guild_id), (now - timedelta(days=GAP_RETENTION_DAYS)).isoformat()),
            )
            await db.execute(
                "DELETE FROM question_gaps WHERE guild_id = ? AND question NOT IN (SELECT question FROM "
                "question_gaps WHERE guild_id = ? ORDER BY asked DESC, last_asked DESC LIMIT ?)",
                (str(guild_id), str(guild_id), GAP_MAX_PER_GUILD),
            )

    async def gaps(self, guild_id: int, limit: int = 10) -> list[Gap]:
        """The most frequent unanswered questions of a server, most asked first."""
        rows = await self._read.fetch(
            "SELECT question, asked, last_asked, suggestion FROM question_gaps WHERE guild_id = ? "
            "ORDER BY asked DESC, last_asked DESC LIMIT ?",
            (str(guild_id), limit),
        )
        return [Gap(question=q, asked=n, last_asked=datetime.fromisoformat(t), suggestion=s) for q, n, t, s in rows]

    async def forget_gaps(self, guild_id: int, question: str | None = None) -> int:
        """Delete one logged question, or all of a server's; returns how many rows went."""
        async with self.transaction() as db:
            if question is None:
                changed = await db.execute("DELETE FROM question_gaps WHERE guild_id = ?", (str(guild_id),))
            else:
                changed = await db.execute(
                    "DELETE FROM question_gaps WHERE guild_id = ? AND question = ?", (str(guild_id), question)
                )
            return changed

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        """A server's settings (defaults when it never changed any)."""
        row = await self._read.fetchone(
            "SELECT gaps_enabled, admin_role_id, mod_log_channel_id FROM guild_settings WHERE guild_id = ?",
            (str(guild_id),),
        )
        if row is None:
            return GuildSettings(guild_id=guild_id)
        return GuildSettings(
            guild_id=guild_id,
            gaps_enabled=bool(row[0]),
            admin_role_id=int(row[1]) if row[1] else None,
            mod_log_channel_id=int(row[2]) if row[2] else None,
        )

    async def save_guild_settings(self, settings: GuildSettings) -> None:
        """Store a server's settings; switching the gap log off also deletes what it held."""
        async with self.transaction(SETTINGS_KEY) as db:
            await db.execute(
                "INSERT INTO guild_settings (guild_id, gaps_enabled, admin_role_id, mod_log_channel_id) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET gaps_enabled = excluded.gaps_enabled, "
                "admin_role_id = excluded.admin_role_id, mod_log_channel_id = excluded.mod_log_channel_id",
                (
                    str(settings.guild_id),
                    int(settings.gaps_enabled),
                    None if settings.admin_role_id is None else str(settings.admin_role_id),
                    None if settings.mod_log_channel_id is None else str(settings.mod_log_channel_id),
                ),
            )
            if not settings.gaps_enabled:
                await db.execute("DELETE FROM question_gaps WHERE guild_id = ?", (str(settings.guild_id),))


class _Tracked:
    """A transaction's connection that notes whether any statement changed a row, which tables it
    wrote and which facts it saved (for the change log)."""

    def __init__(self, db: Connection) -> None:
        self.db = db
        self.changed = False
        self.tables: set[str] = set()
        self.facts: set[str] = set()

    def _wrote(self, sql: str) -> None:
        self.changed = True
        found = _WRITTEN_TABLE.search(sql)
        self.tables.add(found.group(1).casefold() if found else "?")

    def note_fact(self, fact_id: str) -> None:
        """A fact this transaction saved (`_write_fact`)."""
        self.facts.add(fact_id)

    async def fetch(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return await self.db.fetch(sql, args)

    async def fetchone(self, sql: str, args: Sequence[object] = ()) -> tuple[Any, ...] | None:
        return await self.db.fetchone(sql, args)

    async def execute(self, sql: str, args: Sequence[object] = ()) -> int:
        count = await self.db.execute(sql, args)
        if count > 0:
            self._wrote(sql)
        return count

    async def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        await self.db.executemany(sql, rows)
        self._wrote(sql)

    def chunks(self, sql: str, args: Sequence[object] = ()) -> AsyncIterator[list[tuple[Any, ...]]]:
        return self.db.chunks(sql, args)


class _DryRun(Exception):
    """Raised inside a transaction to roll a preview back."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("dry run")
        self.report = report


_Versioned = TypeVar("_Versioned", FactRecord, RelationRecord)


def _as_seen_by(rows: list[_Versioned], scope: str) -> list[_Versioned]:
    """A history as a scope sees it: the base's versions up to the server's copy, then the copy's."""
    layer = [r for r in rows if r.scope == scope and scope != BASE]
    base = [r for r in rows if r.scope == BASE]
    if layer:
        base = [r for r in base if r.version < layer[0].version]
    return sorted(base + layer, key=lambda r: r.version)


def _versioned(row: Iterable[object], what: str) -> tuple[str, str, dict[str, Any]]:
    """A stored version row (facts and relations share the shape) as its JSON body, a label for
    errors, and the record fields around the body."""
    scope, item_id, version, body, changed_at, changed_by, reason = tuple(row)
    fields = {
        "scope": str(scope),
        "version": int(str(version)),
        "changed_at": datetime.fromisoformat(str(changed_at)),
        "changed_by": str(changed_by),
        "reason": None if reason is None else str(reason),
    }
    return str(body), f"stored {what} {item_id!r} (version {version})", fields


def _relation_record(row: Iterable[object]) -> RelationRecord:
    body, label, fields = _versioned(row, "relation")
    try:
        relation = Relation.model_validate_json(body)
    except ValidationError as exc:
        raise StoreError(f"{label} no longer validates: {exc}") from exc
    return RelationRecord(relation=relation, **fields)


def _changed_fields(before: Fact, after: Fact, base: Fact) -> set[str]:
    """The fields an edit changed; phrasings that only grew (keeping the base's) are an addition."""
    changed = changed_fields(before, after)
    if "phrasings" in changed:
        changed.discard("phrasings")
        changed.add(ADDED_PHRASINGS if set(base.phrasings) <= set(after.phrasings) else "phrasings")
    return changed


def _layered_record(base: FactRecord, own: FactRecord, overrides: object) -> FactRecord:
    """A server's record of a base fact: the base's fields, with the ones the server changed."""
    if overrides is None:
        return own
    return own.model_copy(update={"fact": _layered_fact(base.fact, own.fact, overrides)})


def _layered_fact(base: Fact, own: Fact, overrides: object) -> Fact:
    """A server's copy of a base fact as it sees it (overrides: the fields it changed; None: all)."""
    if overrides is None:
        return own
    fields = set(json.loads(str(overrides)))
    update: dict[str, Any] = {name: getattr(own, name) for name in fields if name in Fact.model_fields}
    if ADDED_PHRASINGS in fields and "phrasings" not in fields:
        update["phrasings"] = (*base.phrasings, *(p for p in own.phrasings if p not in base.phrasings))
    try:
        return Fact.model_validate({**base.model_dump(), **update})
    except ValidationError:
        return own  # the base moved in a way the server's fields no longer fit: the server's copy stands


def _fact(row: tuple[Any, ...]) -> Fact:
    try:
        return Fact.model_validate_json(str(row[3]))
    except ValidationError as exc:
        raise StoreError(f"stored fact {row[1]!r} (version {row[2]}) no longer validates: {exc}") from exc


def _merge_records(records: dict[str, FactRecord], rows: Iterable[tuple[Any, ...]]) -> None:
    """Add stored fact rows (ordered by id, then scope) to what a scope sees: a scope's row comes
    after the base's and wins, field by field where it says so."""
    for row in rows:
        record, base = _record(row), records.get(str(row[1]))
        records[str(row[1])] = _layered_record(base, record, row[7]) if base else record


def _entities_seen(rows: Iterable[tuple[Any, ...]]) -> dict[str, Entity]:
    """Entity rows (id, scope, body, overrides; ordered by id, then scope) as a scope sees them."""
    seen: dict[str, Entity] = {}
    for entity_id, _, body, overrides in rows:
        entity, base = Entity.model_validate_json(str(body)), seen.get(str(entity_id))
        seen[str(entity_id)] = _merged_entity(base, entity, overrides) if base else entity
    return seen


def _merged_entity(base: Entity, own: Entity, overrides: object) -> Entity:
    """A server's entity: the base's, with the names the server added (or the server's own copy)."""
    if overrides is None:
        return own
    added = tuple(a for a in own.aliases if a not in base.aliases and a != base.name)
    return base.model_copy(update={"aliases": (*base.aliases, *added)})


def _record(row: Iterable[object]) -> FactRecord:
    row = tuple(row)[:7]
    body, label, fields = _versioned(row, "fact")
    try:
        fact = Fact.model_validate_json(body)
    except ValidationError as exc:
        raise StoreError(f"{label} no longer validates: {exc}") from exc
    return FactRecord(fact=fact, **fields)
