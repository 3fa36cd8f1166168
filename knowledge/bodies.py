"""Fact bodies kept compact in the index, and read back into models when a question needs them.

A fact held as a pydantic model costs about 1.6 KB (its field dict, its value and source models, a
dozen small strings): 165 MB of a 100,000-fact index, and most of the time it took to read an index
snapshot back (every model is rebuilt object by object). Held as the compact JSON it is stored as,
it costs about a quarter of that, and one is read back into a model in under 10 µs: a question
reads a few dozen. The most recently read ones are kept as models, a bounded few.

`Timelines` keeps the index's lists of facts by key (a subject and relation, an object) as ids, and
reads the facts through the bodies.

Measured against the alternatives on the 100,000-fact database: one pickle per fact is twice the
size of the JSON and slower to read back (13 µs against 8 µs); `model_validate` of a parsed dict is
slower than pydantic's own JSON reading (10 µs).
"""

from __future__ import annotations

import contextlib
import functools
import zlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

KEEP = 512
"""Models read back and kept as such (the facts recent questions read), per table."""


class Bodies(MutableMapping[str, M], Generic[M]):
    """Models by id, each held as its compact JSON; reading one validates it back into a model."""

    __slots__ = ("_blobs", "_keep", "_recent", "model")

    def __init__(self, model: type[M], keep: int = KEEP) -> None:
        self.model = model
        self._blobs: dict[str, bytes] = {}
        self._recent: dict[str, M] = {}
        self._keep = keep

    def __getitem__(self, key: str) -> M:
        recent = self._recent
        found = recent.get(key)
        if found is not None:
            return found
        reader = zlib.decompressobj(zdict=_dictionary(self.model))
        found = self.model.model_validate_json(reader.decompress(self._blobs[key]) + reader.flush())
        remember(self._recent, key, found, self._keep)
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._blobs

    def __setitem__(self, key: str, model: M) -> None:
        writer = zlib.compressobj(zdict=_dictionary(self.model))
        self._blobs[key] = writer.compress(model.model_dump_json(exclude_none=True).encode()) + writer.flush()
        self._recent.pop(key, None)
        remember(self._recent, key, model, self._keep)

    def __delitem__(self, key: str) -> None:
        del self._blobs[key]
        self._recent.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)

    def parts(self) -> tuple[dict[str, Any], ...]:
        """The dicts it is made of (for taking a replaced index apart a slice at a time)."""
        return self._recent, self._blobs

    def __getstate__(self) -> dict[str, Any]:
        """A snapshot keeps the bodies, not the models read back from them."""
        return {"model": self.model, "_blobs": self._blobs, "_keep": self._keep}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model, self._blobs, self._keep = state["model"], state["_blobs"], state["_keep"]
        self._recent = {}


@functools.cache
def _dictionary(model: type[BaseModel]) -> bytes:
    """What every body of a model says (its field names and the values of its enumerations, as its
    JSON spells them), as a zlib preset dictionary: a body then costs its own words only (a fact
    of the Renault–Nissan story 330 bytes instead of 770), and is read back in about a microsecond."""
    words: dict[str, None] = {}

    def walk(schema: Any) -> None:
        if isinstance(schema, dict):
            for name in schema.get("properties", {}):
                words[f'"{name}":'] = None
            for value in (*schema.get("enum", ()), schema.get("const")):
                if isinstance(value, str):
                    words[f'"{value}"'] = None
            for value in schema.values():
                walk(value)
        elif isinstance(schema, list):
            for value in schema:
                walk(value)

    walk(model.model_json_schema())
    return "".join(words).encode()


class Timelines:
    """Facts by key (a subject or an object, and a relation: a timeline), kept as ids and read through
    `sources`, the index's tables of facts by id. Filed by relation, then by subject: 100,000 keys
    then cost no tuple each. An id alone is kept as itself, more as a list in `order`.

    `get` gives a new list of facts: read it freely. Change it only through `file` and `unfile`."""

    __slots__ = ("_by", "order", "sources")

    def __init__(self, sources: tuple[Mapping[str, Any], ...], order: Callable[[Any], Any] | None = None) -> None:
        self.sources = sources
        self.order = order
        self._by: dict[str, dict[str, str | list[str]]] = {}

    def fact(self, fact_id: str) -> Any:
        """A fact filed here, read from the first source that holds it."""
        for source in self.sources:
            found = source.get(fact_id)
            if found is not None:
                return found
        raise KeyError(fact_id)

    def ids(self, key: tuple[str, str]) -> tuple[str, ...]:
        """The ids filed under a key, in order, without reading the facts."""
        found = self._by.get(key[1], {}).get(key[0])
        if found is None:
            return ()
        return (found,) if type(found) is str else tuple(found)

    def get(self, key: tuple[str, str], default: Any = None) -> Any:
        ids = self.ids(key)
        if not ids:
            return default
        return [self.fact(i) for i in ids]

    def __getitem__(self, key: tuple[str, str]) -> list[Any]:
        return self.get(key, [])  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and key[0] in self._by.get(key[1], {})

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for relation, table in list(self._by.items()):
            for owner in list(table):
                yield owner, relation

    def __len__(self) -> int:
        return sum(len(table) for table in self._by.values())

    def file(self, key: tuple[str, str], fact: Any) -> None:
        ids = [i for i in self.ids(key) if i != fact.id]
        if self.order is None:
            ids.append(fact.id)
        else:
            facts = [*(self.fact(i) for i in ids), fact]
            facts.sort(key=self.order)
            ids = [f.id for f in facts]
        self._by.setdefault(key[1], {})[key[0]] = ids[0] if len(ids) == 1 else ids

    def unfile(self, key: tuple[str, str], fact: Any) -> None:
        table = self._by.get(key[1])
        if table is None:
            return
        ids = [i for i in self.ids(key) if i != fact.id]
        if ids:
            table[key[0]] = ids[0] if len(ids) == 1 else ids
            return
        table.pop(key[0], None)
        if not table:
            del self._by[key[1]]

    def parts(self) -> tuple[dict[str, Any], ...]:
        """The dicts it is made of (for taking a replaced index apart a slice at a time)."""
        return (*self._by.values(), self._by)

    def __getstate__(self) -> dict[str, Any]:
        return {"sources": self.sources, "order": self.order, "_by": self._by}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.sources, self.order, self._by = state["sources"], state["order"], state["_by"]


def remember(cache: MutableMapping[str, Any], key: str, value: Any, cap: int) -> None:
    """Keep a value worked out for one fact, dropping the oldest kept when the cache is full."""
    if len(cache) >= cap:
        if type(cache) is not dict:
            return  # a server's view of the base's cache: it only fills while there is room
        # Another thread reading meanwhile may have dropped the oldest already.
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            del cache[next(iter(cache))]
    cache[key] = value
