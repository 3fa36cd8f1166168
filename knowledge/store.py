"""The fact store: one aiosqlite connection, numbered migrations, versioned facts, packs in and out.

Every SQL statement of the project is in this module. Writes run in explicit transactions
(`BEGIN IMMEDIATE` … `COMMIT`), so a crash mid-write leaves the previous state, never half a change.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

import aiosqlite
from pydantic import ValidationError

from knowledge import vocabulary
from knowledge.matcher import Knowledge, normalise
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

log = logging.getLogger(__name__)

BASE = ""
"""The scope of the shared base knowledge; a server's own layer uses its id as the scope."""
PACK_ACTOR = "pack"
BUILTIN_PACK_ID = "builtin"
VOCABULARY_ID = "vocabulary"
GAP_RETENTION_DAYS = 30
GAP_MAX_PER_GUILD = 200
GAP_QUESTION_CHARS = 300
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class StoreError(Exception):
    """The database cannot be opened, migrated or read; the message says what to do."""


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full: the write was rolled back whole."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"the disk holding {path} is full: nothing changed; free some space and try again")


def _is_full(exc: sqlite3.OperationalError) -> bool:
    return "full" in str(exc).casefold()


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

    def __init__(self, moved: Mapping[str, FactRecord | None]) -> None:
        names = ", ".join(
            f"{fact_id} (now version {r.version} by {r.changed_by})" if r else f"{fact_id} (now gone)"
            for fact_id, r in moved.items()
        )
        super().__init__(f"changed since your preview: {names}; nothing imported")
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
    """Facts, entities and blocs in SQLite, returned as models. Use as `async with FactStore(path)`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    @property
    def db(self) -> aiosqlite.Connection:
        """The open connection."""
        if self._db is None:
            raise StoreError("the fact store is not open")
        return self._db

    async def open(self) -> None:
        """Open (creating the folder and file if needed), set pragmas, and migrate."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = await aiosqlite.connect(self.path, isolation_level=None)
            await self._db.execute("PRAGMA journal_mode=WAL")
            await self._db.execute("PRAGMA synchronous=FULL")
            await self._db.execute("PRAGMA busy_timeout=5000")
            await self.migrate()
        except (sqlite3.DatabaseError, OSError) as exc:
            await self.close()
            raise StoreError(f"cannot open the fact database at {self.path}: {exc}") from exc
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Close the connection (safe to call twice)."""
        if self._db is not None:
            db, self._db = self._db, None
            await db.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction: all of it is committed, or none of it."""
        async with self._write_lock:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except sqlite3.OperationalError as exc:
                await self._rollback()
                if _is_full(exc):
                    raise StoreFull(self.path) from exc
                raise
            except BaseException:
                await self._rollback()
                raise
            else:
                try:
                    await self.db.execute("COMMIT")
                except sqlite3.OperationalError as exc:
                    await self._rollback()
                    if _is_full(exc):
                        raise StoreFull(self.path) from exc
                    raise

    async def _rollback(self) -> None:
        if self.db.in_transaction:
            await self.db.execute("ROLLBACK")

    async def data_version(self) -> int:
        """A number SQLite changes whenever another connection (a CLI edit, another process) commits."""
        async with self.db.execute("PRAGMA data_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def schema_version(self) -> int:
        """The applied migration number (PRAGMA user_version)."""
        async with self.db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> int:
        """Apply every migration newer than the database, each in its own transaction."""
        current = await self.schema_version()
        steps = migrations()
        if steps and current > steps[-1][0]:
            raise StoreError(
                f"the database at {self.path} has schema version {current}, newer than this factbot "
                f"understands ({steps[-1][0]}); upgrade factbot"
            )
        for number, name, script in steps:
            if number <= current:
                continue
            log.info("applying migration %s", name)
            # executescript commits first, so the whole step, version bump included, is one script.
            try:
                await self.db.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
            except sqlite3.DatabaseError:
                if self.db.in_transaction:
                    await self.db.execute("ROLLBACK")
                raise
            current = number
        return current

    # -- reading ----------------------------------------------------------------------------------

    async def entities(self, scope: str = BASE) -> list[Entity]:
        """Entities visible in a scope: the base, overlaid by the scope's own."""
        bodies = await self._layered("entities", scope)
        return await asyncio.to_thread(lambda: [Entity.model_validate_json(body) for body in bodies])

    async def blocs(self, scope: str = BASE) -> list[Bloc]:
        """Blocs visible in a scope."""
        return [Bloc.model_validate_json(body) for body in await self._layered("blocs", scope)]

    async def _layered(self, table: str, scope: str) -> list[str]:
        sql = {
            "entities": "SELECT id, scope, body FROM entities WHERE scope IN ('', ?) ORDER BY id, scope",
            "blocs": "SELECT id, scope, body FROM blocs WHERE scope IN ('', ?) ORDER BY id, scope",
        }[table]
        bodies: dict[str, str] = {}
        async with self.db.execute(sql, (scope,)) as cursor:
            async for row in cursor:
                bodies[row[0]] = row[2]  # the scope's row sorts after the base row and wins
        return list(bodies.values())

    async def records(self, scope: str = BASE, include_retired: bool = True) -> list[FactRecord]:
        """Current version of every fact visible in a scope, ordered by id."""
        async with self.db.execute(
            "SELECT scope, id, version, body, changed_at, changed_by, reason FROM facts "
            "WHERE scope IN ('', ?) ORDER BY id, scope",
            (scope,),
        ) as cursor:
            rows = list(await cursor.fetchall())

        def parse() -> list[FactRecord]:
            records: dict[str, FactRecord] = {}
            for row in rows:
                records[str(row[1])] = _record(row)  # the scope's row sorts after the base row and wins
            return [r for r in records.values() if include_retired or r.fact.live]

        # Validating every stored fact is CPU work: a worker thread keeps the event loop answering.
        return await asyncio.to_thread(parse)

    async def retired_ids(self, scope: str, prefix: str = "", limit: int = 25) -> list[str]:
        """Ids of retired facts visible in a scope whose id contains the text typed (for autocomplete)."""
        async with self.db.execute(
            "SELECT id FROM facts f WHERE scope IN ('', ?) AND status = 'retired' AND instr(id, ?) > 0 "
            "AND NOT EXISTS (SELECT 1 FROM facts g WHERE g.id = f.id AND g.scope = ? AND f.scope = '' "
            "AND g.status != 'retired') ORDER BY id LIMIT ?",
            (scope, prefix.casefold().strip(), scope, limit),
        ) as cursor:
            return [str(row[0]) for row in await cursor.fetchall()]

    async def knowledge(self, scope: str = BASE) -> Knowledge:
        """A snapshot for the matcher: relations, entities, blocs, and live facts of a scope."""
        return Knowledge(
            entities=await self.entities(scope),
            blocs=await self.blocs(scope),
            facts=[r.fact for r in await self.records(scope, include_retired=False)],
            relations=await self.relations(scope),
        )

    # -- relations --------------------------------------------------------------------------------

    async def relation_records(self, scope: str = BASE) -> list[RelationRecord]:
        """Every relation visible in a scope (the scope's own version wins), ordered by id."""
        records: dict[str, RelationRecord] = {}
        async with self.db.execute(
            "SELECT scope, id, version, body, changed_at, changed_by, reason FROM relations "
            "WHERE scope IN ('', ?) ORDER BY id, scope",
            (scope,),
        ) as cursor:
            async for row in cursor:
                records[row[1]] = _relation_record(row)
        return list(records.values())

    async def relations(self, scope: str = BASE) -> list[Relation]:
        """Relations visible in a scope."""
        return [r.relation for r in await self.relation_records(scope)]

    async def relation(self, relation_id: str, scope: str = BASE) -> RelationRecord | None:
        """One relation as a scope sees it."""
        async with self.db.execute(
            "SELECT scope, id, version, body, changed_at, changed_by, reason FROM relations "
            "WHERE id = ? AND scope IN ('', ?) ORDER BY scope DESC LIMIT 1",
            (relation_id, scope),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _relation_record(row)

    async def relation_history(self, relation_id: str, scope: str = BASE) -> list[RelationRecord]:
        """Every version a scope has seen of a relation, oldest first."""
        async with self.db.execute(
            "SELECT scope, id, version, body, changed_at, changed_by, reason FROM relation_versions "
            "WHERE id = ? AND scope IN ('', ?) ORDER BY version",
            (relation_id, scope),
        ) as cursor:
            rows = [_relation_record(row) for row in await cursor.fetchall()]
        return _as_seen_by(rows, scope)

    async def _visible_relation(self, db: aiosqlite.Connection, relation_id: str, scope: str) -> RelationRecord | None:
        for where in dict.fromkeys((scope, BASE)):
            async with db.execute(
                "SELECT scope, id, version, body, changed_at, changed_by, reason FROM relations "
                "WHERE id = ? AND scope = ?",
                (relation_id, where),
            ) as cursor:
                row = await cursor.fetchone()
            if row is not None:
                return _relation_record(row)
        return None

    async def _write_relation(
        self, db: aiosqlite.Connection, relation: Relation, version: int, actor: str, reason: str | None, scope: str
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
        async with self.transaction() as db:
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

    async def record(self, fact_id: str, scope: str = BASE) -> FactRecord:
        """The current version of one fact (a scope's own version first, then the base)."""
        async with self.db.execute(
            "SELECT scope, id, version, body, changed_at, changed_by, reason FROM facts "
            "WHERE id = ? AND scope IN ('', ?) ORDER BY scope DESC LIMIT 1",
            (fact_id, scope),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            raise UnknownFact(fact_id)
        return _record(row)

    async def history(self, fact_id: str, scope: str = BASE) -> list[FactRecord]:
        """Every version a scope has seen of a fact, oldest first: the base's up to the server's copy."""
        async with self.db.execute(
            "SELECT scope, id, version, body, changed_at, changed_by, reason FROM fact_versions "
            "WHERE id = ? AND scope IN ('', ?) ORDER BY version",
            (fact_id, scope),
        ) as cursor:
            records = _as_seen_by([_record(row) for row in await cursor.fetchall()], scope)
        if not records:
            raise UnknownFact(fact_id)
        return records

    # -- writing ----------------------------------------------------------------------------------

    async def _write_fact(
        self, db: aiosqlite.Connection, fact: Fact, version: int, actor: str, reason: str | None, scope: str
    ) -> FactRecord:
        at = _now()
        body = fact.model_dump_json(exclude_defaults=False)
        await db.execute(
            "INSERT INTO facts (scope, id, version, subject, predicate, status, body, changed_at, changed_by, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (scope, id) DO UPDATE SET version = excluded.version, subject = excluded.subject, "
            "predicate = excluded.predicate, status = excluded.status, body = excluded.body, "
            "changed_at = excluded.changed_at, changed_by = excluded.changed_by, reason = excluded.reason",
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
            ),
        )
        await db.execute(
            "INSERT INTO fact_versions (scope, id, version, body, changed_at, changed_by, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (scope, fact.id, version, body, at.isoformat(), actor, reason),
        )
        return FactRecord(fact=fact, scope=scope, version=version, changed_at=at, changed_by=actor, reason=reason)

    async def _current(self, db: aiosqlite.Connection, fact_id: str, scope: str) -> FactRecord | None:
        async with db.execute(
            "SELECT scope, id, version, body, changed_at, changed_by, reason FROM facts WHERE id = ? AND scope = ?",
            (fact_id, scope),
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _record(row)

    async def _put_named(self, db: aiosqlite.Connection, table: str, item: Entity | Bloc, scope: str) -> None:
        sql = {
            "entities": "INSERT INTO entities (scope, id, body) VALUES (?, ?, ?) "
            "ON CONFLICT (scope, id) DO UPDATE SET body = excluded.body",
            "blocs": "INSERT INTO blocs (scope, id, body) VALUES (?, ?, ?) "
            "ON CONFLICT (scope, id) DO UPDATE SET body = excluded.body",
        }[table]
        await db.execute(sql, (scope, item.id, item.model_dump_json()))

    async def _visible(self, db: aiosqlite.Connection, fact_id: str, scope: str) -> FactRecord | None:
        """What a scope sees: its own version of a fact, else the base's."""
        current = await self._current(db, fact_id, scope)
        if current is None and scope != BASE:
            current = await self._current(db, fact_id, BASE)
        return current

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
        async with self.transaction() as db:
            return await self._save_in(db, fact, actor, reason, scope, expected_version)

    async def _save_in(
        self,
        db: aiosqlite.Connection,
        fact: Fact,
        actor: str,
        reason: str | None,
        scope: str,
        expected_version: int | None,
    ) -> FactRecord:
        """`save_fact`'s checks and write, inside a transaction the caller holds."""
        missing = sorted(fact.entity_ids - await self._known_ids(scope))
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
        async with self.transaction() as db:
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
        return next((e for e in await self.entities(scope) if e.id == entity_id), None)

    async def save_entity(self, entity: Entity, scope: str = BASE) -> None:
        """Add or replace an entity in a scope (a server's copy overrides the base's)."""
        async with self.transaction() as db:
            await self._put_named(db, "entities", entity, scope)

    async def add_entity_alias(self, entity_id: str, text: str, scope: str = BASE) -> Entity | None:
        """Give an entity one more name, read and written in one transaction (None: no such entity).

        Refused when the name, once normalised, is already this entity's or names another entity or bloc.
        """
        key = normalise(text)
        async with self.transaction() as db:
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
            await self._put_named(db, "entities", renamed, scope)
        return renamed

    async def remove_entity_alias(self, entity_id: str, text: str, scope: str = BASE) -> Entity | None:
        """Take a name off an entity, read and written in one transaction (None: no such entity)."""
        key = normalise(text)
        async with self.transaction() as db:
            entity = next((e for e in await self.entities(scope) if e.id == entity_id), None)
            if entity is None:
                return None
            kept = tuple(a for a in entity.aliases if normalise(a) != key)
            if len(kept) == len(entity.aliases):
                raise AliasError(f"{text!r} is not an alias of {entity.name}")
            renamed = entity.model_copy(update={"aliases": kept})
            await self._put_named(db, "entities", renamed, scope)
        return renamed

    async def scopes(self) -> set[str]:
        """Every server scope that has its own facts or entities."""
        out: set[str] = set()
        for sql in (
            "SELECT DISTINCT scope FROM facts WHERE scope != ''",
            "SELECT DISTINCT scope FROM entities WHERE scope != ''",
        ):
            async with self.db.execute(sql) as cursor:
                out.update(str(row[0]) for row in await cursor.fetchall())
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
        async with self.transaction() as db:
            if expected_versions is not None:
                # Checked inside the transaction, so no edit can slip in between the check and the write.
                moved: dict[str, FactRecord | None] = {}
                for fact_id, expected in expected_versions.items():
                    current = await self._visible(db, fact_id, scope)
                    if (current.version if current else 0) != expected:
                        moved[fact_id] = current
                if moved:
                    raise StaleImport(moved)
            problems = check_references(pack.entities, pack.blocs, pack.facts, known=await self._known_ids(scope))
            if problems:
                raise PackError("; ".join(problems))
            await self._import_relations(db, pack, actor, scope, report, keep_local_edits)
            problems = []
            for i, fact in enumerate(pack.facts):
                relation = await self._visible_relation(db, fact.predicate, scope)
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
            for fact in pack.facts:
                current = await self._visible(db, fact.id, scope)
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
        self, db: aiosqlite.Connection, pack: Pack, actor: str, scope: str, report: ImportReport, keep: bool
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
        for fact in pack.facts:
            if await self._visible_relation(db, fact.predicate, scope) is None:
                created = vocabulary.new_relation(fact.predicate.replace("_", " ").replace("-", " "))
                created = created.model_copy(update={"id": fact.predicate})
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
        await self._seed_vocabulary()
        digest = builtin_digest()
        async with self.db.execute("SELECT digest FROM packs WHERE id = ?", (BUILTIN_PACK_ID,)) as cursor:
            row = await cursor.fetchone()
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
        async with self.db.execute("SELECT digest FROM packs WHERE id = ?", (VOCABULARY_ID,)) as cursor:
            row = await cursor.fetchone()
        if row is not None and row[0] == digest:
            return
        pack = Pack(id="vocabulary", title="built-in vocabulary", relations=vocabulary.builtin().relations)
        report = ImportReport()
        async with self.transaction() as db:
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
        )

    # -- answer channels --------------------------------------------------------------------------

    async def answer_channels(self) -> dict[int, set[int]]:
        """Every server's switched-on channels: {guild id: {channel ids}}."""
        out: dict[int, set[int]] = {}
        async with self.db.execute("SELECT guild_id, channel_id FROM answer_channels") as cursor:
            async for guild_id, channel_id in cursor:
                out.setdefault(int(guild_id), set()).add(int(channel_id))
        return out

    async def set_answer_channel(self, guild_id: int, channel_id: int, enabled: bool, actor: str) -> bool:
        """Switch answering on or off in a channel; True when that changed anything."""
        async with self.transaction() as db:
            if enabled:
                cursor = await db.execute(
                    "INSERT OR IGNORE INTO answer_channels (guild_id, channel_id, added_by, added_at) "
                    "VALUES (?, ?, ?, ?)",
                    (str(guild_id), str(channel_id), actor, _now().isoformat()),
                )
            else:
                cursor = await db.execute(
                    "DELETE FROM answer_channels WHERE guild_id = ? AND channel_id = ?",
                    (str(guild_id), str(channel_id)),
                )
            return cursor.rowcount > 0

    # -- questions without an answer, and server settings -----------------------------------------

    async def record_gap(self, guild_id: int, question: str, suggestion: str | None) -> None:
        """Count a declined or low-confidence question; old and excess rows are pruned as we go."""
        now = _now()
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO question_gaps (guild_id, question, asked, first_asked, last_asked, suggestion) "
                "VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT (guild_id, question) DO UPDATE SET "
                "asked = asked + 1, last_asked = excluded.last_asked, suggestion = excluded.suggestion",
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
        async with self.db.execute(
            "SELECT question, asked, last_asked, suggestion FROM question_gaps WHERE guild_id = ? "
            "ORDER BY asked DESC, last_asked DESC LIMIT ?",
            (str(guild_id), limit),
        ) as cursor:
            rows = await cursor.fetchall()
        return [Gap(question=q, asked=n, last_asked=datetime.fromisoformat(t), suggestion=s) for q, n, t, s in rows]

    async def forget_gaps(self, guild_id: int, question: str | None = None) -> int:
        """Delete one logged question, or all of a server's; returns how many rows went."""
        async with self.transaction() as db:
            if question is None:
                cursor = await db.execute("DELETE FROM question_gaps WHERE guild_id = ?", (str(guild_id),))
            else:
                cursor = await db.execute(
                    "DELETE FROM question_gaps WHERE guild_id = ? AND question = ?", (str(guild_id), question)
                )
            return cursor.rowcount

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        """A server's settings (defaults when it never changed any)."""
        async with self.db.execute(
            "SELECT gaps_enabled, admin_role_id, mod_log_channel_id FROM guild_settings WHERE guild_id = ?",
            (str(guild_id),),
        ) as cursor:
            row = await cursor.fetchone()
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
        async with self.transaction() as db:
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


def _record(row: Iterable[object]) -> FactRecord:
    body, label, fields = _versioned(row, "fact")
    try:
        fact = Fact.model_validate_json(body)
    except ValidationError as exc:
        raise StoreError(f"{label} no longer validates: {exc}") from exc
    return FactRecord(fact=fact, **fields)
