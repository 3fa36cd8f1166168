"""Curator spreadsheets: a CSV of facts (one a row) or of entities, read into a pack.

Names in cells are resolved against the knowledge (entity names and aliases, relation ids, labels
and cues); a name nobody has becomes a new entity or relation, reported to the curator, never a
refusal. Every row is validated through the models; one bad row refuses the file, naming the row,
the field and why.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from knowledge import figures, vocabulary
from knowledge.models import (
    ID_PATTERN,
    Bloc,
    Entity,
    EntityKind,
    Fact,
    Pack,
    Relation,
    Timing,
    ValueKind,
    share_problem,
)
from knowledge.packs import PackError, describe
from knowledge.reading import spell_plus

FACT_COLUMNS = (
    "subject", "relation", "object", "value", "unit", "as_of", "status", "statement", "publisher", "published", "url",
    "quote",
)  # fmt: skip
OPTIONAL_FACT_COLUMNS = ("id", "period", "note", "phrasings", "title", "qualifier", "rank")
ENTITY_COLUMNS = ("name", "kind", "aliases")
OPTIONAL_ENTITY_COLUMNS = ("id", "description")
STATUSES = ("current", "superseded", "ended", "disputed")
MAX_ROWS = 200_000
_ID = re.compile(ID_PATTERN)


def slug(text: str, prefix: str = "e") -> str:
    """An id from a name: 'François Provost' -> 'francois-provost'; other scripts get a stable digest."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    folded = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:50].strip("-")
    if folded and _ID.match(folded):
        return folded
    return f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"


def name_key(text: str) -> str:
    """A name folded for lookup: case, width, accents and punctuation do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = spell_plus(text)  # "Paramount+" is not "Paramount", as the question reader reads it
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@dataclass
class Names:
    """Every entity and bloc name known, for resolving spreadsheet cells to ids."""

    ids: dict[str, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, entities: Iterable[Entity], blocs: Iterable[Bloc] = ()) -> Names:
        """Index entities and blocs by id, name and alias."""
        names = cls()
        items: list[Entity | Bloc] = [*entities, *blocs]
        for item in items:
            names.add(item.id, (item.name, *item.aliases))
        return names

    def add(self, target: str, texts: Iterable[str]) -> None:
        """Let these names resolve to this id (an earlier holder of a name keeps it)."""
        self.taken.add(target)
        self.ids.setdefault(target, target)
        for text in (*texts, target):
            key = name_key(text)
            if key:
                self.ids.setdefault(key, target)

    def resolve(self, text: str) -> str | None:
        """The id a name refers to, or None."""
        return self.ids.get(text) if text in self.taken else self.ids.get(name_key(text))

    def new_id(self, name: str) -> str:
        """A fresh id for a new name."""
        base = slug(name)
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base[:60]}-{n}", n + 1
        return candidate


@dataclass
class SheetReport:
    """What reading a spreadsheet created besides the rows themselves."""

    new_entities: list[str] = field(default_factory=list)
    new_relations: list[str] = field(default_factory=list)


def _rows(
    text: str, origin: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    """The sheet's non-blank rows with the line each ends on (as a spreadsheet numbers them)."""
    text = text.removeprefix("\ufeff")  # spreadsheets often write a byte-order mark
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip().casefold() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise PackError(f"{origin}: not valid CSV: {exc}") from exc
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required and c not in optional]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)}")
        raise PackError(f"{origin}: header: {'; '.join(parts)}; expected {','.join(required)}")
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if None in row:
                raise PackError(f"{origin}: line {reader.line_num}: more cells than columns")
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
            if len(rows) > MAX_ROWS:
                raise PackError(f"{origin}: more than {MAX_ROWS:,} rows")
    except csv.Error as exc:
        raise PackError(f"{origin}: line {reader.line_num}: not valid CSV: {exc}") from exc
    return [(line, r) for line, r in rows if any(r.values())]


def is_entity_sheet(text: str) -> bool:
    """True when a CSV's header is the entity sheet's (name,kind,aliases)."""
    first = text.removeprefix("\ufeff").split("\n", 1)[0]
    return [h.strip().casefold() for h in first.split(",")][:3] == list(ENTITY_COLUMNS)


def read_entities(
    text: str, origin: str, names: Names, existing: dict[str, Entity] | None = None
) -> tuple[Pack, SheetReport]:
    """An entity sheet as a pack; a name the knowledge already has adds to that entity's aliases (its
    other names and description are kept)."""
    existing = existing or {}
    by_name: dict[str, list[Entity]] = {}
    for known in existing.values():
        by_name.setdefault(name_key(known.name), []).append(known)
    report = SheetReport()
    entities: list[Entity] = []
    rows_of: dict[str, tuple[int, str]] = {}  # entity id -> the sheet's row that gave it, and its name
    problems = []
    for line, row in _rows(text, origin, ENTITY_COLUMNS, OPTIONAL_ENTITY_COLUMNS):
        name = row["name"]
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        written = row["kind"].casefold() or "company"
        try:
            kind = EntityKind(written).value  # "Organisation" is an organization
        except ValueError:
            kind = written
            problems.append(f"row {line}: kind: {kind!r} is not one of {', '.join(k.value for k in EntityKind)}")
            continue
        known_id = row.get("id") or names.resolve(name) or _named_by_alias(aliases, kind, by_name, rows_of)
        entity_id = known_id or names.new_id(name)
        if entity_id in rows_of:
            first_line, first_name = rows_of[entity_id]
            problems.append(
                f"row {line} ({name}): names the entity of row {first_line} ({first_name}), whose name or "
                "aliases include it; give each entity names of its own, or merge the two rows"
            )
            continue
        rows_of[entity_id] = (line, name)
        before = existing.get(entity_id)
        if before is not None:
            # Keep what the knowledge already calls it; the sheet's names are added.
            aliases = [*before.aliases, *([name] if name != before.name else []), *aliases]
            aliases = [a for a in aliases if a != before.name]
            name = before.name
        try:
            entity = Entity(
                id=entity_id,
                name=name,
                kind=EntityKind(kind),
                aliases=tuple(dict.fromkeys(aliases))[:50],
                description=row.get("description") or (before.description if before else None),
            )
        except ValidationError as exc:
            problems.append(f"row {line} ({name or 'no name'}): {describe(exc)}")
            continue
        if known_id is None:
            report.new_entities.append(name)
        names.add(entity.id, (entity.name, *entity.aliases))
        entities.append(entity)
    if problems:
        raise PackError(f"{origin}: " + "; ".join(problems[:10]))
    return Pack(id="spreadsheet", title=origin[-200:] or "spreadsheet", entities=tuple(entities)), report


def _named_by_alias(
    aliases: list[str], kind: str, by_name: dict[str, list[Entity]], taken: dict[str, tuple[int, str]]
) -> str | None:
    """The known entity a new row names by one of its aliases ("Sony Group", also called "Sony", where
    the knowledge has "Sony"): the whole name of exactly one entity of the same kind that no other row
    of the sheet took. An alias that is only another alias of a known entity ("Daimler" of
    Mercedes-Benz, given for "Daimler Truck") merges nothing."""
    found = {
        entity.id
        for alias in aliases
        for entity in by_name.get(name_key(alias), ())
        if entity.kind.value == kind and entity.id not in taken
    }
    return found.pop() if len(found) == 1 else None


def read_facts(text: str, origin: str, names: Names, relations: dict[str, Relation]) -> tuple[Pack, SheetReport]:
    """A fact sheet as a pack: names resolved, new entities and relations created and reported."""
    report = SheetReport()
    relations = dict(relations)
    new_relations: dict[str, Relation] = {}
    new_entities: list[Entity] = []
    facts: list[Fact] = []
    problems: list[str] = []
    used_ids: set[str] = set()
    rows = _rows(text, origin, FACT_COLUMNS, OPTIONAL_FACT_COLUMNS)

    def entity_for(text: str, kind: EntityKind = EntityKind.COMPANY) -> str:
        found = names.resolve(text)
        if found:
            return found
        entity = Entity(id=names.new_id(text), name=text[:200], kind=kind)
        names.add(entity.id, (entity.name,))
        new_entities.append(entity)
        report.new_entities.append(entity.name)
        return entity.id

    for line, row in rows:
        where = f"row {line}"
        try:
            for column in ("subject", "relation", "value", "statement", "publisher", "quote"):
                if not row[column]:
                    raise figures.FigureError(f"{column}: empty; every fact needs one")
            subject = entity_for(row["subject"])
            obj = entity_for(row["object"]) if row["object"] else None
            relation, by_name = vocabulary.resolve_relation(row["relation"], relations), True
            if relation is not None:
                by_name = vocabulary.names_relation(row["relation"], relation)
            status = row["status"].casefold() or "current"
            if status not in STATUSES:
                raise figures.FigureError(f"status: {status!r} is not one of {', '.join(STATUSES)} (blank: current)")
            value = None
            if relation is not None:
                try:
                    value = figures.value_data(relation, row["value"], row["unit"] or None,
                                               row.get("qualifier") or None, resolve=names.resolve)  # fmt: skip
                except figures.FigureError:
                    # Only a relation named outright (id or label) refuses the value; one matched by a
                    # cue ("goals" ~ goal) was a guess, and a relation of the curator's own is made instead.
                    if by_name:
                        raise
                    relation = None
            if relation is None:
                relation = relations.get(vocabulary.relation_slug(row["relation"])) or new_relations.get(
                    vocabulary.relation_slug(row["relation"])
                )
            if relation is None:
                relation = vocabulary.new_relation(row["relation"])
                relations[relation.id] = relation
                new_relations[relation.id] = relation
                report.new_relations.append(relation.label)
            if value is None:
                value = figures.value_data(relation, row["value"], row["unit"] or None, row.get("qualifier") or None,
                                           resolve=names.resolve)  # fmt: skip
            fact_id = row.get("id") or _fact_id(subject, relation.id, obj, row["as_of"], used_ids)
            used_ids.add(fact_id)
            data: dict[str, Any] = {
                "id": fact_id,
                "subject": subject,
                "predicate": relation.id,
                "object": obj,
                "value": value,
                "statement": row["statement"],
                "as_of": row["as_of"] or None,
                "period": row.get("period") or figures.period_in(row["statement"]),
                "status": status,
                "rank": row.get("rank") or "normal",
                "note": row.get("note") or None,
                "phrasings": [p.strip() for p in (row.get("phrasings") or "").split("|") if p.strip()],
                "sources": [
                    {
                        "publisher": row["publisher"],
                        "title": row.get("title") or None,
                        "published": row["published"] or None,
                        "url": row["url"] or None,
                        "quote": row["quote"],
                    }
                ],
            }
            fact = Fact.model_validate(data)
            share = share_problem(fact, relation)
            if share:
                problems.append(f"{where}: {share}")
            else:
                facts.append(fact)
        except figures.FigureError as exc:
            problems.append(f"{where}: {exc}")
        except ValidationError as exc:
            problems.append(f"{where}: {describe(exc)}")
    if problems:
        more = f"; … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise PackError(f"{origin}: " + "; ".join(problems[:10]) + more)
    for relation_id, relation in list(new_relations.items()):
        kinds = {f.value.kind for f in facts if f.predicate == relation_id}
        if kinds and kinds <= {ValueKind.PERSON, ValueKind.ENTITY}:
            # A new relation whose values are all people or companies names a role ("head coach"):
            # its holder stays until replaced, so "who coached them in November 2025" asks for the state.
            new_relations[relation_id] = relation.model_copy(update={"timing": Timing.STATE})
    pack = Pack(
        id="spreadsheet",
        title=origin[-200:] or "spreadsheet",
        relations=tuple(new_relations.values()),
        entities=tuple(new_entities),
        facts=tuple(facts),
    )
    return pack, report


def _fact_id(subject: str, relation: str, obj: str | None, as_of: str, used: set[str]) -> str:
    """A stable id from what a row is about, so importing the same sheet twice changes nothing."""
    parts = [subject, relation.replace("_", "-"), obj or "", as_of]
    base = re.sub(r"-{2,}", "-", "-".join(p for p in parts if p)).strip("-")
    if len(base) > 56 or not _ID.match(base):
        base = f"{subject[:24].strip('-')}-{hashlib.sha256('|'.join(parts).encode()).hexdigest()[:12]}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
