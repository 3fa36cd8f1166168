"""A server's layer over the shared base index: views that read the base's tables through the
server's own entries, so a layer costs what its own edits cost, not a copy of every table.

A layer never writes into the base's tables. What it adds lives in its own small tables; a base
fact it changed or retired is hidden (by id) wherever the base's tables name it. The base keeps
changing underneath (an admin edits the base, another process writes): the views read the base as
it is now, so the layer sees those changes without copying or rebuilding anything.

The index writes through the helpers at the bottom (`add_to`, `drop_from`, `append_to`,
`remove_from`, `count`): on the base's plain tables they change the table; on a view they change the
layer's own part only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Postings(dict[Any, Any]):
    """Fact ids by key (an entity, a relation, a word), as a base index keeps them: an id alone is
    kept as itself, two or more as a set. A set of one costs 216 bytes, and most keys of a big
    index (an entity's facts, a rare word's) have one fact: 100,000 of them were 20 MB a table.
    `get` always gives a set; change it only through `add_to` and `drop_from`."""

    __slots__ = ()

    def get(self, key: Any, default: Any = None) -> Any:
        found = dict.get(self, key)
        if found is None:
            return default
        return {found} if type(found) is str else found

    def __getitem__(self, key: Any) -> set[str]:
        found = dict.__getitem__(self, key)
        return {found} if type(found) is str else found

    def file(self, key: Any, fact_id: str) -> None:
        found = dict.get(self, key)
        if found is None:
            self[key] = fact_id
        elif type(found) is str:
            if found != fact_id:
                self[key] = {found, fact_id}
        else:
            found.add(fact_id)

    def unfile(self, key: Any, fact_id: str) -> None:
        found = dict.get(self, key)
        if found is None:
            return
        if type(found) is str:
            if found == fact_id:
                del self[key]
            return
        found.discard(fact_id)
        if len(found) == 1:
            self[key] = next(iter(found))
        elif not found:
            del self[key]


class WordPostings(Postings):
    """Fact ids by word, except for a word more than `limit` facts use ("company", "sales"): that is
    too common to pick candidates by, so only how many facts use it is kept (four such words were
    16 MB of a 100,000-fact index). `get` gives None for it, as for a word no fact uses. A word
    that becomes rare again stays counted only, until the index is next built."""

    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def get(self, key: Any, default: Any = None) -> Any:
        found = dict.get(self, key)
        if found is None or type(found) is int:
            return default
        return {found} if type(found) is str else found

    def __getitem__(self, key: Any) -> set[str]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def common(self, key: Any) -> bool:
        """Whether the word is too common to be filed by fact."""
        return type(dict.get(self, key)) is int

    def file(self, key: Any, fact_id: str) -> None:
        found = dict.get(self, key)
        if type(found) is int:
            self[key] = found + 1
        elif type(found) is set and len(found) >= self.limit and fact_id not in found:
            self[key] = len(found) + 1
        else:
            super().file(key, fact_id)

    def unfile(self, key: Any, fact_id: str) -> None:
        found = dict.get(self, key)
        if type(found) is not int:
            super().unfile(key, fact_id)
        elif found > 1:
            self[key] = found - 1
        else:
            del self[key]

    def __reduce__(self) -> Any:
        return (WordPostings, (self.limit,), None, None, iter(dict.items(self)))


class Layered:
    """Marker for a layer's view of a base table."""

    __slots__ = ()


class Masked(Layered, Mapping[K, V]):
    """A table by key (a fact id, a name, a relation id): the layer's own entries over the base's.

    With `hidden`, a base entry whose key (or, `by_value`, whose value: a fact id) the layer hid is
    left out. Removing (`pop`, `del`) takes out the layer's own entry only: hiding a base entry is
    the layer's decision (`LayerIndex.remove_fact`), made once for every table."""

    __slots__ = ("base", "by_value", "hidden", "own")

    def __init__(self, base: dict[K, V], hidden: set[Any] | None = None, by_value: bool = False) -> None:
        self.base = base
        self.own: dict[K, V] = {}
        self.hidden: set[Any] = hidden if hidden is not None else set()
        self.by_value = by_value

    def _shows(self, key: K, value: V) -> bool:
        return (value if self.by_value else key) not in self.hidden

    def __getitem__(self, key: K) -> V:
        own = self.own
        if key in own:
            return own[key]
        value = self.base[key]
        if not self.hidden or self._shows(key, value):
            return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[K]:
        own, hidden = self.own, self.hidden
        yield from own
        for key, value in self.base.items():
            if key not in own and (not hidden or self._shows(key, value)):
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def values(self) -> Iterator[V]:  # type: ignore[override]
        own, hidden = self.own, self.hidden
        yield from own.values()
        for key, value in self.base.items():
            if key not in own and (not hidden or self._shows(key, value)):
                yield value

    def items(self) -> Iterator[tuple[K, V]]:  # type: ignore[override]
        own, hidden = self.own, self.hidden
        yield from own.items()
        for key, value in self.base.items():
            if key not in own and (not hidden or self._shows(key, value)):
                yield key, value

    def __setitem__(self, key: K, value: V) -> None:
        self.own[key] = value

    def __delitem__(self, key: K) -> None:
        del self.own[key]

    def pop(self, key: K, default: Any = None) -> Any:
        return self.own.pop(key, default)

    def setdefault(self, key: K, value: V) -> V:
        """First writer wins, the base's entries counting as written first."""
        found = self.get(key, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        self.own[key] = value
        return value


class Cache(Masked[str, V]):
    """A per-fact cache (word bags, figures): a base fact the layer left alone shares the base's entry,
    so a question asked in a server does not grow a second copy of it. While `private[0]` is true
    (the layer renamed an entity, which changes what is cached) the layer keeps its own entries."""

    __slots__ = ("private",)

    def __init__(self, base: dict[str, V], hidden: set[Any], private: list[bool]) -> None:
        super().__init__(base, hidden)
        self.private = private  # a shared one-item list, not a callback: no reference back to the layer

    def __getitem__(self, key: str) -> V:
        if key in self.own:
            return self.own[key]
        if key in self.hidden or self.private[0]:
            raise KeyError(key)
        return self.base[key]

    def __setitem__(self, key: str, value: V) -> None:
        if key in self.hidden or self.private[0]:
            self.own[key] = value
        else:
            self.base[key] = value

    def __len__(self) -> int:
        return len(self.own) + len(self.base)


class _ByKey(Layered):
    """What a layer's views of the base's tables by key share: the base's keys and the layer's own."""

    __slots__ = ("base", "hidden", "own")

    def __init__(self, base: dict[Any, Any], hidden: set[str]) -> None:
        self.base = base
        self.own: dict[Any, Any] = {}
        self.hidden = hidden

    def __contains__(self, key: object) -> bool:
        return key in self.own or key in self.base

    def __iter__(self) -> Iterator[Any]:
        yield from self.own
        yield from (k for k in self.base if k not in self.own)

    def __len__(self) -> int:
        return len(self.base) + sum(1 for k in self.own if k not in self.base)


class IdSets(_ByKey):
    """Fact ids by key (an entity, a relation, a word): the base's set without the hidden ids, with
    the layer's own. A set handed out may be the base's own object: read it, never change it."""

    __slots__ = ()

    def get(self, key: Any, default: Any = None) -> Any:
        found = self.base.get(key)
        if found and self.hidden and not self.hidden.isdisjoint(found):
            found = found - self.hidden
        own = self.own.get(key)
        if own:
            found = found | own if found else set(own)
        if found is None:
            return default
        return found

    def __getitem__(self, key: Any) -> set[str]:
        return self.get(key, set())  # type: ignore[no-any-return]

    def file(self, key: Any, fact_id: str) -> None:
        self.own.setdefault(key, set()).add(fact_id)

    def unfile(self, key: Any, fact_id: str) -> None:
        own = self.own.get(key)
        if own is not None:
            own.discard(fact_id)


class FactLists(_ByKey):
    """Facts by key (a subject and relation: a timeline): the base's list without the hidden facts,
    with the layer's own, kept in `order` when one is given."""

    __slots__ = ("order",)

    def __init__(self, base: Any, hidden: set[str], order: Callable[[Any], Any] | None = None) -> None:
        super().__init__(base, hidden)
        self.base: Any = base  # a `knowledge.bodies.Timelines`
        self.order = order

    def get(self, key: Any, default: Any = None) -> Any:
        hidden = self.hidden
        ids = self.base.ids(key)
        found = [self.base.fact(i) for i in ids if i not in hidden] if ids else None
        own = self.own.get(key)
        if own:
            found = [*(found or ()), *own]
            if self.order is not None:
                found.sort(key=self.order)
        if found is None:
            return default
        return found

    def __getitem__(self, key: Any) -> list[Any]:
        return self.get(key, [])  # type: ignore[no-any-return]

    def shows(self, key: Any) -> bool:
        """Whether the key has a fact here (without reading the facts back)."""
        if self.own.get(key):
            return True
        hidden = self.hidden
        return any(i not in hidden for i in self.base.ids(key))

    def file(self, key: Any, fact: Any) -> None:
        own = self.own.setdefault(key, [])
        own.append(fact)
        if self.order is not None:
            own.sort(key=self.order)

    def unfile(self, key: Any, fact: Any) -> None:
        own = self.own.get(key)
        if own and fact in own:
            own.remove(fact)


class Counts(Layered, Mapping[str, int]):
    """How many facts use each word: the base's counts plus the layer's changes to them."""

    __slots__ = ("base", "delta")

    def __init__(self, base: dict[str, int]) -> None:
        self.base = base
        self.delta: dict[str, int] = {}

    def __getitem__(self, word: str) -> int:
        found = self.base.get(word, 0) + self.delta.get(word, 0)
        if found <= 0:
            raise KeyError(word)
        return found

    def get(self, word: str, default: Any = None) -> Any:
        found = self.base.get(word, 0) + self.delta.get(word, 0)
        return found if found > 0 else default

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.base.get(word, 0) + self.delta.get(word, 0) > 0

    def __iter__(self) -> Iterator[str]:
        delta = self.delta
        for word, n in self.base.items():
            if n + delta.get(word, 0) > 0:
                yield word
        yield from (w for w, n in delta.items() if n > 0 and w not in self.base)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def add(self, word: str, n: int) -> int:
        self.delta[word] = self.delta.get(word, 0) + n
        return self.get(word, 0)  # type: ignore[no-any-return]

    def new_words(self) -> Iterable[str]:
        """Words the layer's facts use that no base fact does."""
        return (w for w, n in self.delta.items() if n > 0 and self.base.get(w, 0) <= 0)


class Union(Layered):
    """A set of words: the base's, and the layer's own added to it."""

    __slots__ = ("base", "own")

    def __init__(self, base: set[str]) -> None:
        self.base = base
        self.own: set[str] = set()

    def __contains__(self, word: object) -> bool:
        return word in self.own or word in self.base

    def __iter__(self) -> Iterator[str]:
        yield from self.base
        yield from (w for w in self.own if w not in self.base)

    def __or__(self, other: Iterable[str]) -> set[str]:
        return set(self.base) | self.own | set(other)

    def issuperset(self, words: Iterable[str]) -> bool:
        return all(w in self for w in words)

    def update(self, words: Iterable[str]) -> None:
        self.own.update(w for w in words if w not in self.base)


_MISSING = object()


# -- writing: the index's one way to change a table, base or layer ------------------------------------


def add_to(table: Any, key: Hashable, fact_id: str) -> None:
    """File a fact id under a key."""
    if isinstance(table, Layered | Postings):
        table.file(key, fact_id)  # type: ignore[union-attr]
    else:
        table[key].add(fact_id)


def drop_from(table: Any, key: Hashable, fact_id: str) -> None:
    """Take a fact id from under a key (no-op when it is not there)."""
    if isinstance(table, Layered | Postings):
        table.unfile(key, fact_id)  # type: ignore[union-attr]
        return
    found = table.get(key)
    if found is not None:
        found.discard(fact_id)


def append_to(table: Any, key: Hashable, fact: Any) -> None:
    """Add a fact to a key's list (a timeline: `knowledge.bodies.Timelines`, or a layer's view of one)."""
    table.file(key, fact)


def remove_from(table: Any, key: Hashable, fact: Any) -> None:
    """Take a fact from a key's list (no-op when it is not there)."""
    table.unfile(key, fact)


def count(table: Any, word: str, n: int) -> int:
    """Change how many facts use a word; returns the count now (0: no fact does)."""
    if isinstance(table, Counts):
        return table.add(word, n)
    now = int(table.get(word, 0)) + n
    if now > 0:
        table[word] = now
    else:
        table.pop(word, None)
    return max(now, 0)
