"""A server's index: the shared base index, with the server's own facts, names and relations over it.

Every server that changed something used to get a whole index of its own, built from every fact it
sees: 19 s and 650 MB for a server's first edit at 100,000 facts. A layer instead reads the base's
tables through views (`knowledge.layers`) and holds only what the server changed, so 100 servers
with 10 edits each cost what 1,000 edits cost. The base changes underneath (admins of the base,
other processes): the views read it as it is now.

What stays the layer's own once it changes it: its facts (base facts it changed or retired are
hidden by id), its entity and bloc names (copied on its first name change: the service rebuilds
such a layer when the base's names change, which is rare), and its relations' cue tables.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from knowledge.layers import Cache, Counts, FactLists, IdSets, Masked, Union
from knowledge.matcher import FactIndex, _fact_order
from knowledge.models import Bloc, Entity, Fact
from knowledge.reading import MIN_FUZZY_LEN

_NAME_LISTS = ("_cjk_aliases", "_mixed_aliases")


class LayerIndex(FactIndex):
    """A FactIndex answering from its base's tables and its own changes (see the module's docs)."""

    def __init__(self, base: FactIndex) -> None:
        self._base = base
        self.threshold = base.threshold
        self.hidden: set[str] = set()
        """Ids of base facts this layer changed or retired: the base's entries for them are not read."""
        self._names = [False]  # whether the layer holds its own name lists (read by its bag cache)
        self._own_generation = 0
        self._memos: dict[str, tuple[object, object]] = {}
        hidden = self.hidden
        self.facts = Masked(base.facts, hidden)  # type: ignore[assignment]
        self._past = Masked(base._past, hidden)  # type: ignore[assignment]
        self._fact_phrases = Masked(base._fact_phrases, hidden)  # type: ignore[assignment]
        self._phrasings = Masked(base._phrasings, hidden, by_value=True)  # type: ignore[assignment]
        self._bags = Cache(base._bags, hidden, self._names)  # type: ignore[assignment]
        self._figures = Cache(base._figures, hidden, [False])  # type: ignore[assignment]
        self._by_key = FactLists(base._by_key, hidden, _fact_order)  # type: ignore[assignment]
        self._history = FactLists(base._history, hidden)  # type: ignore[assignment]
        self._by_object = FactLists(base._by_object, hidden)  # type: ignore[assignment]
        for name in (
            "_by_party",
            "_past_by_entity",
            "_mentioned",
            "_by_entity",
            "_by_predicate",
            "_word_facts",
            "_past_words",
        ):
            setattr(self, name, IdSets(getattr(base, name), hidden))
        self._fact_vocabulary = Counts(base._fact_vocabulary)  # type: ignore[assignment]
        self.entities = Masked(base.entities)  # type: ignore[assignment]
        self.blocs = Masked(base.blocs)  # type: ignore[assignment]
        self.relations = Masked(base.relations)  # type: ignore[assignment]
        self._latin_aliases = Masked(base._latin_aliases)  # type: ignore[assignment]
        self._name_tokens = Union(base._name_tokens)  # type: ignore[assignment]
        self._vocabulary = Union(base._vocabulary)  # type: ignore[assignment]

    def __getattr__(self, name: str) -> Any:
        # Only reached for what the layer has not made its own: the base's cue tables, stage cues,
        # name lists and per-relation caches, read as the base has them now.
        if name.startswith("__") or name == "_base":
            raise AttributeError(name)
        return getattr(self._base, name)

    @property
    def base(self) -> FactIndex:
        """The index this layer reads through."""
        return self._base

    @property
    def own_names(self) -> bool:
        """True once the layer changed an entity's or a bloc's names (it then holds its own name lists)."""
        return self._names[0]

    @property
    def own_relations(self) -> bool:
        """True once the layer changed a relation (it then holds its own cue tables)."""
        return "_keywords" in self.__dict__

    # -- changes ----------------------------------------------------------------------------------

    def remove_fact(self, fact_id: str) -> None:
        """Drop the layer's own version of a fact, and hide the base's."""
        super().remove_fact(fact_id)
        if fact_id not in self.hidden and (fact_id in self._base.facts or fact_id in self._base._past):
            # The words the base's version used stay known: the base may drop it itself later, and
            # a word counted out twice would be unknown while another fact still says it.
            self.hidden.add(fact_id)
            self._invalidate(vocabulary=True)

    def add_entity(self, entity: Entity) -> None:
        self._take_names()
        super().add_entity(entity)

    def add_bloc(self, bloc: Bloc) -> None:
        self._take_names()
        super().add_bloc(bloc)

    def _take_names(self) -> None:
        if self.own_names:
            return
        base = self._base
        for name in _NAME_LISTS:
            setattr(self, name, list(getattr(base, name)))
        self._surnames = defaultdict(set, {k: set(v) for k, v in base._surnames.items()})
        self._bloc_by_members = dict(base._bloc_by_members)
        self._blocs_of = defaultdict(list, {k: list(v) for k, v in base._blocs_of.items()})
        self._led_by = defaultdict(list, {k: list(v) for k, v in base._led_by.items()})
        self._label_names: dict[str, frozenset[str]] = {}  # read with the layer's own names from now on
        self._event_tables = None  # read with the layer's own names, as the label names are
        self._event_ids = set(base._event_ids)
        self._names[0] = True
        self._bags.own.clear()  # type: ignore[attr-defined]

    def _invalidate(self, vocabulary: bool = False) -> None:
        self._own_generation += 1

    # -- what is derived from the tables, shared with the base while the layer changes nothing of it --

    def _version(self) -> object:
        return (self._base.generation, self._own_generation)

    @property
    def _correction_buckets(self) -> dict[int, list[str]]:
        base = self._base
        extra = set(self._fact_vocabulary.new_words())  # type: ignore[attr-defined]
        extra |= self._name_tokens.own  # type: ignore[attr-defined]
        if self.own_relations:
            extra |= self._cue_words - base._cue_words
        extra = {w for w in extra if len(w) >= MIN_FUZZY_LEN - 1 and w not in base._name_tokens}
        if not extra:
            return base._correction_buckets

        def merged() -> dict[int, list[str]]:
            # Not the base's gathered windows (negative keys): they lack the layer's words.
            buckets = {length: words for length, words in base._correction_buckets.items() if length >= 0}
            by_length: dict[int, list[str]] = defaultdict(list)
            for word in sorted(extra):
                by_length[len(word)].append(word)
            for length, words in by_length.items():
                buckets[length] = [*buckets.get(length, ()), *words]
            return buckets

        return self._memo("_correction_buckets", merged)

    @property
    def _completions(self) -> list[str]:
        if not self.hidden and not self.facts.own:  # type: ignore[attr-defined]
            return self._base._completions
        return self._memo("_completions", self._derive_completions)

    @property
    def _kin(self) -> dict[str, frozenset[str]]:
        if not self.own_relations:
            return self._base._kin
        return self._memo("_kin", self._derive_kin)

    @property
    def _relation_stems(self) -> dict[str, frozenset[str]]:
        if not self.own_relations:
            return self._base._relation_stems
        return self._memo("_relation_stems", self._derive_relation_stems)

    def _timeline_keys(self) -> list[tuple[str, str]]:
        lists = self._by_key
        return [key for key in lists if lists.shows(key)]  # type: ignore[attr-defined]

    def own_facts(self) -> list[Fact]:
        """The facts this layer holds of its own (live ones; what it retired is only hidden)."""
        return [*self.facts.own.values(), *self._past.own.values()]  # type: ignore[attr-defined]
