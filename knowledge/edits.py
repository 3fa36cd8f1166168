"""Curators' changes as the domain sees them: build a fact from form fields, edit one field, diff versions.

Everything goes through the pydantic models, so a bad value is refused with the field and the
reason, and nothing reaches the store.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from knowledge import figures
from knowledge.models import Fact, Relation, share_problem
from knowledge.packs import describe

MAX_FIELD = 1000
EDITABLE_FIELDS = (
    "statement", "value", "unit", "qualifier", "as_of", "period", "status", "rank", "note", "object",
    "quote", "publisher", "url", "phrasings",
)  # fmt: skip
RELATION_FIELDS = ("label", "label_ja", "inverse", "values", "temporal", "object", "symmetric", "inherited", "unit")
"""A relation's fields a curator may change one at a time (cues have their own commands)."""
_URL = re.compile(r"https?://\S+")


class EditError(ValueError):
    """Admin input that does not make a valid fact; the message names the field and why."""


def value_data(
    relation: Relation | None,
    raw: str,
    unit: str | None = None,
    qualifier: str | None = None,
    resolve: Callable[[str], str | None] | None = None,
) -> dict[str, Any]:
    """The value object for what an admin typed, shaped by the relation (see knowledge.figures)."""
    try:
        return figures.value_data(relation, raw, unit, qualifier, resolve=resolve)
    except figures.FigureError as exc:
        raise EditError(str(exc)) from None


def _validate(data: dict[str, Any], relation: Relation | None = None) -> Fact:
    try:
        fact = Fact.model_validate(data)
    except ValidationError as exc:
        raise EditError(describe(exc, data)) from exc
    share = share_problem(fact, relation) if relation is not None else None
    if share:
        raise EditError(share)  # "value: a 'stake in' fact is a share of a whole, from 0% to 100%, not 140%"
    return fact


def visible(text: str) -> str:
    """The text without invisible format characters (zero-width spaces, bidi overrides: category Cf)."""
    # Otherwise as typed: "\u200b\u200b" must not pass as a statement, nor an override flip a quote.
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def parse_source(raw: str, quote: str) -> dict[str, Any]:
    """'Nikkei Asia https://asia.nikkei.com/…' -> publisher and url, with the quote."""
    url = _URL.search(raw)
    publisher = _URL.sub("", raw).strip(" ,;-—") if url else raw.strip()
    return {"publisher": publisher, "url": url.group(0) if url else None, "quote": visible(quote)}


def new_fact(
    *,
    fact_id: str,
    subject: str,
    relation: Relation | None,
    value: str,
    statement: str,
    source: str,
    quote: str,
    unit: str | None = None,
    as_of: str | None = None,
    obj: str | None = None,
    phrasings: str = "",
    note: str | None = None,
    resolve: Callable[[str], str | None] | None = None,
) -> Fact:
    """A fact from an admin's form, validated; raises EditError naming the first bad field."""
    if relation is None:
        raise EditError("relation: unknown relation; pick one from the list or add it with /curate relation add")
    data = {
        "id": fact_id,
        "subject": subject,
        "predicate": relation.id,
        "object": obj or None,
        "value": value_data(relation, value, unit, resolve=resolve),
        "statement": visible(statement),
        "as_of": as_of or None,
        "sources": [parse_source(source, quote)],
        "phrasings": [p.strip() for p in phrasings.splitlines() if p.strip()],
        "note": note or None,
    }
    return _validate(data, relation)


def apply_edit(fact: Fact, field: str, raw: str, relation: Relation | None = None) -> Fact:
    """The fact with one field changed, validated; raises EditError naming the field and why."""
    if field not in EDITABLE_FIELDS:
        raise EditError(f"field: {field!r} cannot be edited; editable fields are {', '.join(EDITABLE_FIELDS)}")
    if field in ("statement", "quote"):
        raw = visible(raw)
    if len(raw) > MAX_FIELD:
        raise EditError(f"{field}: {len(raw)} characters is over the {MAX_FIELD}-character limit")
    data = fact.model_dump(mode="json")
    empty = not raw.strip()
    source = dict(data["sources"][0])
    if field == "value":
        unit = data["value"].get("unit") or data["value"].get("currency")
        qualifier = data["value"].get("qualifier")
        data["value"] = value_data(relation, raw, unit, qualifier)
    elif field == "unit" and empty:
        raise EditError("unit: empty; say what is counted (jobs, vehicles) or give a currency code (USD)")
    elif field == "unit" and data["value"]["kind"] == "money":
        currency = figures.is_currency(raw)
        if currency is None:
            raise EditError(f"unit: {raw.strip()!r} is not a currency code (USD, JPY, EUR…)")
        data["value"]["currency"] = currency
    elif field in ("unit", "qualifier"):
        if field not in data["value"] and not (field == "qualifier" and data["value"]["kind"] == "percent"):
            raise EditError(f"{field}: a {data['value']['kind']} value has no {field}")
        data["value"][field] = raw.strip()
    elif field in ("quote", "publisher", "url"):
        source[field] = None if (empty and field == "url") else raw.strip()
        data["sources"] = [source, *data["sources"][1:]]
    elif field == "phrasings":
        data["phrasings"] = [p.strip() for p in re.split(r"[\n|]", raw) if p.strip()]
    else:
        data[field] = None if empty and field in ("as_of", "period", "note", "object") else raw.strip()
    return _validate(data, relation)


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(data, list) and data and isinstance(data[0], dict):
        out = {}
        for i, value in enumerate(data):
            out.update(_flatten(value, f"{prefix}[{i}]"))
        return out
    return {prefix: data}


def changed_fields(old: Fact, new: Fact) -> set[str]:
    """The names of the fields two versions of a fact differ in (never its id)."""
    return {name for name in Fact.model_fields if name != "id" and getattr(old, name) != getattr(new, name)}


def diff(old: Fact | None, new: Fact) -> list[str]:
    """What changed between two versions, one line per field: 'value.amount: 4100000.0 → 4200000.0'."""
    before = _flatten(old.model_dump(mode="json")) if old else {}
    after = _flatten(new.model_dump(mode="json"))
    lines = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            lines.append(f"{key}: {_short(before.get(key))} → {_short(after.get(key))}")
    return lines


def _short(value: Any) -> str:
    text = "—" if value is None else str(value)
    return text if len(text) <= 80 else text[:79] + "…"
