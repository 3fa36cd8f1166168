"""Load knowledge packs and their source texts from files, validating every entry through the models."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge.models import Pack

BUILTIN_PACKS = ("automakers", "alliance")
"""Shipped packs, in load order (the lexicon of other carmakers first, then the articles)."""
MAX_PACK_BYTES = 5 * 1024 * 1024
"""Refuse larger files before parsing: a knowledge file is small; a huge one is a mistake or an attack."""


class PackError(ValueError):
    """A knowledge file that cannot be read or does not validate; the message names the entry and field."""


def _data() -> resources.abc.Traversable:
    return resources.files("knowledge") / "data"


def builtin_pack_text(name: str) -> str:
    """The raw text of a shipped pack."""
    return (_data() / f"{name}.yaml").read_text(encoding="utf-8")


def builtin_packs() -> list[Pack]:
    """Every shipped pack, validated."""
    return [parse_pack(builtin_pack_text(name), f"{name}.yaml") for name in BUILTIN_PACKS]


def builtin_digest() -> str:
    """A digest of the shipped packs, so the store can tell when they changed."""
    digest = hashlib.sha256()
    for name in BUILTIN_PACKS:
        digest.update(builtin_pack_text(name).encode())
    return digest.hexdigest()


def document_text(document_id: str) -> str:
    """The text of a source document shipped with the packs."""
    return (_data() / "sources" / f"{document_id}.txt").read_text(encoding="utf-8")


class _NoAliasLoader(yaml.SafeLoader):
    """safe_load without anchors and aliases: a few lines of `&a [*a, *a, …]` expand exponentially
    when validated (the "billion laughs"), and a knowledge file never needs them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", mark)
        if getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(None, None, "anchors (&name) are not allowed", mark)
        return super().compose_node(parent, index)


def parse_data(text: str, origin: str) -> Any:
    """Parse YAML or JSON (JSON is valid YAML, but its errors read better from the json module)."""
    try:
        if origin.endswith(".json"):
            return json.loads(text)
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, json.JSONDecodeError, RecursionError) as exc:
        raise PackError(f"{origin}: not valid {'JSON' if origin.endswith('.json') else 'YAML'}: {exc}") from exc


def parse_pack(text: str, origin: str) -> Pack:
    """Validate a pack's text; errors say which entry and which field is wrong, and why."""
    data = parse_data(text, origin)
    if not isinstance(data, dict):
        raise PackError(f"{origin}: expected a mapping with entities, blocs and facts at the top level")
    try:
        return Pack.model_validate(data)
    except ValidationError as exc:
        raise PackError(f"{origin}: {describe(exc, data)}") from exc


def read_pack_file(path: Path) -> Pack:
    """Read and validate a pack file from disk (YAML or JSON, UTF-8, at most MAX_PACK_BYTES)."""
    return parse_pack(read_text_file(path), str(path))


def read_text_file(path: Path) -> str:
    """A knowledge file's text: UTF-8, at most MAX_PACK_BYTES, with a clear error otherwise."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackError(f"{path}: cannot read: {exc.strerror}") from exc
    if size > MAX_PACK_BYTES:
        raise PackError(f"{path}: {size:,} bytes is over the {MAX_PACK_BYTES:,}-byte limit for a knowledge file")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    return text


def describe(exc: ValidationError, data: Any = None) -> str:
    """A pydantic error as short lines: 'facts[3] (honda-ceo).value.amount: must be ≥ 0'."""
    lines = []
    for error in exc.errors()[:10]:
        loc = error["loc"]
        parts: list[str] = []
        node = data
        tag_skipped = False
        for item in loc:
            if isinstance(item, int):
                label = f"[{item}]"
                if isinstance(node, list) and item < len(node):
                    node = node[item]
                    if isinstance(node, dict) and isinstance(node.get("id"), str):
                        label += f" ({node['id']})"
                else:
                    node = None
                parts.append(label)
            else:
                # Discriminated-union tags ("quantity") are noise in a field path.
                if isinstance(node, dict) and node.get("kind") == item and not tag_skipped:
                    tag_skipped = True
                    continue
                node = node.get(item) if isinstance(node, dict) else None
                parts.append(("." if parts else "") + str(item))
        where = "".join(parts) or "entry"
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {message}")
    more = len(exc.errors()) - len(lines)
    if more > 0:
        lines.append(f"… and {more} more")
    return "; ".join(lines)
