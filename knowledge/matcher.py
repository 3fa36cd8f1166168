"""Match a chat question to facts: normalise, correct typos, resolve entities and predicate, rank.

Pure and synchronous: no I/O. Everything the hot path needs is precomputed in `FactIndex`, which
can be updated one fact at a time when an admin edits the knowledge.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache, partial
from typing import TypeVar

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from knowledge import asking, candidates, dictionary, guard, retrieval, timeline
from knowledge.bodies import Bodies, Timelines, remember
from knowledge.layers import Postings, WordPostings, add_to, append_to, count, drop_from, remove_from
from knowledge.models import (
    Bloc,
    DateValue,
    Entity,
    EntityKind,
    EntityValue,
    Fact,
    MoneyValue,
    ObjectRule,
    PercentValue,
    PersonValue,
    QuantityValue,
    Rank,
    Relation,
    Stage,
    StageValue,
    Status,
    Timing,
    ValueKind,
)
from knowledge.reading import (
    MAX_NGRAM,
    TIE,
    Mention,
    Parsed,
    Reader,
    is_cjk,
    known_stems,
    learn_stems,
    normalise,
    stem,
    stems_of,
)
from knowledge.vocabulary import builtin, builtin_relation, grammar

PHRASING_CUTOFF = 90.0
"""Without a recognised subject and predicate, a question must be this close to a curated phrasing."""
SUGGESTION_CUTOFF = 55.0
MAX_SUGGESTIONS = 3
SUGGESTION_POOL = 30
"""How many facts a decline looks at to pick its suggestions."""
MAX_PHRASING_CANDIDATES = 200
"""Fuzzy phrasing ranking looks at no more facts than this (those sharing the most words)."""
MAX_POSTINGS = 5000
"""Words used by more facts than this ("sales") are too common to pick candidates by."""
MAX_PAST_SHARING = 50
"""Superseded facts found by the question's words, at most (the standing ones are found first)."""
MAX_CANDIDATES_DATED = 2000
"""An entity's facts looked through for the one timeline with a figure at the time asked."""
HEADLINE_MIN = 4
HEADLINE_SHARE = 2
"""A measure asked by its name alone answers with its headline series: the timeline of its own with at
least HEADLINE_MIN facts and HEADLINE_SHARE times as many as any other of its timelines."""
HEADLINE_KINDS = frozenset({EntityKind.MARKET, EntityKind.PRODUCT, EntityKind.EVENT})
"""Kinds of entity whose name stands for their own figure ("the price cap", "the nikkei"); a country, a
company or a person has many, and their name alone does not say which is asked."""
FULL_SEARCH = 20_000
"""Up to this many facts (or names), autocomplete ranks them all; above it, those the text leads to."""
SEARCH_POOL = 500
"""Facts (or names) a big index ranks for one keystroke of autocomplete."""
METRIC_SAMPLE = 20
"""Facts of a relation read to tell whether it holds figures to compare."""
PAUSE_EVERY = 128
PAUSE_SECONDS = 0.001
"""A build off the event loop's thread pauses this long every so many entities and facts. Storing
a body compresses it, and zlib lets go of the interpreter and takes it back around every call, so
quickly that an event loop waiting for it kept missing its turn: a 100,000-fact build held it for
96 to 123 ms at a time (25 to 37 ms with bodies stored uncompressed), 29 to 42 ms with these
pauses, which cost about 1.6 s of the build's 16 s."""
CACHED_FACTS = 1024
"""Facts whose word bags and figures are kept once worked out (the oldest go first)."""
UNKNOWN_TOKEN_PENALTY = 4.0
DEFAULT_THRESHOLD = 70.0
RETRIEVAL_BASE = 75.0
RETRIEVAL_STEP = 10.0
"""A fact found by the words it explains scores RETRIEVAL_BASE plus this per unit of evidence."""
KIN_MIN_WEIGHT = 0.6
"""One-word cues at least this strong make their relation's words stand for each other in the guard."""
LINK_WEIGHT = 0.9
LINK_MIN_WEIGHT = 0.8
"""Only a cue that names a built-in relation (not a word shared with others, like "pay") links to it."""
"""A curator's relation scores the cues of the built-in relations its name holds at this share of theirs."""
_T = TypeVar("_T")

_LABEL_PARTICIPLE = re.compile(r"[a-z]{3,}ed$")


@dataclass(frozen=True, slots=True)
class SubjectResult:
    """The facts found for one subject of the question, or none (then `subject` names the gap)."""

    subject: str
    facts: tuple[Fact, ...]
    via: str | None = None  # the bloc whose fact answers for a member or leader
    previous: Fact | None = None  # on a timeline: the fact the answer replaced
    later: Fact | None = None  # on a timeline: a newer fact than the one asked about


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The ranked outcome for a question: answered subjects, or a decline with suggestions."""

    parsed: Parsed
    results: tuple[SubjectResult, ...]
    score: float
    suggestions: tuple[str, ...] = ()  # fact ids, best first
    missing: tuple[str, ...] = ()
    asked_stage: Stage | None = None
    comparison: bool = False
    reason: str = ""

    @property
    def answered(self) -> bool:
        """True when at least one fact answers the question."""
        return any(r.facts for r in self.results)


@dataclass
class Knowledge:
    """Everything the matcher indexes: entities, blocs and live facts."""

    entities: list[Entity] = field(default_factory=list)
    blocs: list[Bloc] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=lambda: list(builtin().relations))


_FIELD_SETS: dict[frozenset[str], set[str]] = {}


def share_field_sets(model: BaseModel) -> None:
    """Give a frozen model (and the models inside it) the one shared copy of its set of given field
    names. pydantic keeps that set per instance, about 600 bytes each, the same few sets over and
    over (240 MB of a 100,000-fact index when it held every fact as a model; now the models a
    server's layer holds and those read back recently). A frozen model never changes its set (a copy gets its
    own), so sharing it changes nothing but memory (and the size of an index snapshot)."""
    if not model.model_config.get("frozen"):
        return
    given = model.__pydantic_fields_set__
    shared = _FIELD_SETS.setdefault(frozenset(given), given)
    if shared is not given:
        object.__setattr__(model, "__pydantic_fields_set__", shared)
    for value in model.__dict__.values():
        if isinstance(value, BaseModel):
            share_field_sets(value)
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, BaseModel):
                    share_field_sets(item)


def _read_as_asked(text: str) -> set[str]:
    """The stems of a normalised text's Latin words, with those of the words the grammar reads them as in a
    question: its synonyms ("global" as "worldwide") and phrases ("all time high" as "record")."""
    synonyms = grammar().synonyms
    found: set[str] = set()
    for token in text.split():
        if not is_cjk(token):
            found.add(stem(token))
            if token in synonyms:
                found.add(stem(synonyms[token]))
    padded = f" {text} "
    found.update(stem(word) for phrase, word in _latin_phrases() if phrase in padded)
    return found


@lru_cache(maxsize=1)
def _latin_phrases() -> tuple[tuple[str, str], ...]:
    return tuple((f" {p} ", w) for p, w in grammar().phrases.items() if p.isascii() and w.isascii())


@lru_cache(maxsize=1024)
def _day_named(label: str) -> str | None:
    """The one day a relation's name holds ("3 January 2024" of "flights cancelled on 3 January 2024")."""
    named = timeline.asked_time(normalise(label).split())
    return named.start if named is not None and named.start == named.end else None


def _joined_number(token: str, name: str) -> bool:
    """Is this number of a name written joined to another ("2022" of "Regulation (EU) 2022/1925")?"""
    if not token.isdigit():
        return False
    at = re.escape(token)
    return bool(re.search(rf"\d[/.-]{at}(?!\d)|(?<!\d){at}[/.-]\d", name))


@lru_cache(maxsize=4096)
def _front_stems_of(label: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in FactIndex.label_front(label))


def _siblings(cue: tuple[str, ...], label: tuple[str, ...], least: int = 2) -> bool:
    """Do a cue and a relation's name (both as stems) end alike in `least` words or more but qualify it
    apart ("operating profit forecast", "net profit forecast"): kinds of one thing, neither the other?
    So do two that end alike in one word, each qualified by one word no group relates ("core inflation",
    "annual inflation"; not "stock price", "share price")."""
    related = asking.related_words()
    shared = 0
    while shared < min(len(cue), len(label)) and (
        (a := cue[-1 - shared]) == (b := label[-1 - shared]) or b in related.get(a, frozenset())
    ):
        shared += 1  # "core cpi" ends as "annual inflation" does: the two are one word to the glossary
    front, own = set(cue[: len(cue) - shared]), set(label[: len(label) - shared])
    if not shared or not front or not own or front & own:
        return False
    if shared >= least:
        return True
    if len(front) == len(own) == 1:
        (a,), (b,) = front, own
        return b not in related.get(a, frozenset())
    return False


def _fact_order(fact: Fact) -> tuple[int, int, int, str, str]:
    """Sort key: preferred before normal, current before disputed, later stages and dates first, then id."""
    stage = fact.value.stage.order if isinstance(fact.value, StageValue) else 0
    return (
        0 if fact.rank is Rank.PREFERRED else 1,
        0 if fact.status is Status.CURRENT else 1,
        -stage,
        "" if fact.as_of is None else _invert(fact.as_of),
        fact.id,
    )


def _invert(as_of: str) -> str:
    # Newer dates sort first inside an ascending sort.
    return "".join(chr(0x39 - (ord(c) - 0x30)) if c.isdigit() else c for c in as_of)


_BRACKETED = re.compile(r"\([^)]*\)|（[^）]*）")
_LATIN_FRONT = re.compile(r"[a-z0-9]+")


def _content(tokens: Iterable[str]) -> str:
    stopwords = grammar().stopwords
    return " ".join(t for t in tokens if t not in stopwords)


def _phrase_content(phrases: Iterable[str]) -> tuple[str, ...]:
    """Each normalised phrase without its stopwords (the phrase itself when that leaves nothing)."""
    return tuple(_content(p.split()) or p for p in phrases)


@dataclass(frozen=True, slots=True)
class EventTables:
    """Which entities each event's names name, with the words telling it from the other events naming
    them (`named`), and the events named after each entity (`after`)."""

    named: dict[str, dict[str, frozenset[str]]]
    after: dict[str, list[str]]


def _text_after(parsed: Parsed, end: tuple[int, int]) -> str:
    """What follows a name: the rest of its last token, else the next token when it is Japanese."""
    rest = parsed.tokens[end[0]][end[1] :]
    if not rest and end[0] + 1 < len(parsed.tokens) and is_cjk(parsed.tokens[end[0] + 1]):
        return parsed.tokens[end[0] + 1]
    return rest


class FactIndex(Reader):
    """Precomputed lookup tables over the knowledge; `match` answers a question against them."""

    def __init__(self, knowledge: Knowledge, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self.generation = 0
        """Moves on with every change: what a server's layer derived from this index is then redone."""
        self._memos: dict[str, tuple[object, object]] = {}
        self.entities: dict[str, Entity] = Bodies(Entity)  # type: ignore[assignment]
        self._event_ids: set[str] = set()  # the entities that are events (few: read whole, not decoded)
        self.blocs: dict[str, Bloc] = {}
        self.facts: dict[str, Fact] = Bodies(Fact)  # type: ignore[assignment]
        self.relations: dict[str, Relation] = {}
        self._past: dict[str, Fact] = Bodies(Fact)  # type: ignore[assignment]  # superseded facts
        self._by_key: Timelines = Timelines((self.facts,), _fact_order)
        self._history: Timelines = Timelines((self._past,))
        self._by_party: dict[tuple[str, str], set[str]] = Postings()  # symmetric relations
        self._past_by_entity: dict[str, set[str]] = Postings()
        self._mentioned: dict[str, set[str]] = Postings()  # entity -> facts naming it in their text
        self._bags: dict[str, tuple[frozenset[str], str, frozenset[str]]] = {}
        self._figures: dict[str, frozenset[float]] = {}
        self._by_object: Timelines = Timelines((self.facts, self._past))
        self._by_entity: dict[str, set[str]] = Postings()
        self._by_predicate: dict[str, set[str]] = Postings()
        self._fact_phrases: dict[str, str] = {}  # a fact's phrasings and statement, content words, one a line
        self._phrasings: dict[str, str] = {}
        self._latin_aliases: dict[tuple[str, ...], str] = {}
        self._surnames: dict[str, set[str]] = defaultdict(set)  # a person's last name alone -> people
        self._name_tokens: set[str] = set()
        self._word_facts: dict[str, set[str]] = WordPostings(MAX_POSTINGS)  # content word -> facts using it
        self._past_words: dict[str, set[str]] = WordPostings(MAX_POSTINGS)  # the same, for superseded facts
        self._bloc_by_members: dict[frozenset[str], str] = {}
        self._cjk_aliases: list[tuple[str, str]] = []
        self._mixed_aliases: list[tuple[str, str]] = []  # "USスチール": Latin and Japanese in one name
        self._keywords: dict[tuple[str, ...], dict[str, float]] = defaultdict(dict)  # stems -> relation weights
        self._cjk_keywords: list[tuple[str, dict[str, float]]] = []
        self._cjk_cues: dict[tuple[str, str], float] = {}  # (Japanese cue, relation): weight, none inherited
        self._cues_inside: dict[str, list[tuple[str, tuple[str, ...]]]] = {}  # a cue's strong cues within it
        self._mixed_keywords: list[tuple[str, str, dict[str, float]]] = []  # "TOB価格": Latin, then Japanese
        self._stage_cues: dict[tuple[str, ...], Stage] = {}
        self._cjk_stage_cues: dict[str, Stage] = {}
        self._blocs_of: dict[str, list[str]] = defaultdict(list)
        self._led_by: dict[str, list[str]] = defaultdict(list)
        words = grammar()
        self._vocabulary: set[str] = set(words.stopwords) | words.comparison | set(words.months) | words.time_words
        self._vocabulary |= words.question_words  # "price cap figure?": a word that asks, not an unknown one
        # The words the grammar reads a word as ("yoy" is "year-on-year") and its related groups are words too.
        self._vocabulary |= set(words.synonyms.values())
        self._vocabulary |= {part for group in words.related for w in group if w.isascii() for part in w.split()}
        self._fact_vocabulary: defaultdict[str, int] = defaultdict(int)
        self._build_stages()
        for relation in knowledge.relations:
            self.relations[relation.id] = relation
        self._build_keywords()
        self.add_knowledge(knowledge)
        # Read where the index is built (a worker thread in the bot), not by the first question
        # asked in Japanese, on the event loop.
        dictionary.load()

    # -- building -------------------------------------------------------------------------------

    def add_knowledge(self, knowledge: Knowledge) -> None:
        """Index entities, blocs and facts, in that order (facts name the others); relations are
        set by the caller (`set_relation` rebuilds the cue tables)."""
        pause = threading.current_thread() is not threading.main_thread()
        for n, entity in enumerate(knowledge.entities, 1):
            self.add_entity(entity)
            if pause and n % PAUSE_EVERY == 0:
                time.sleep(PAUSE_SECONDS)
        for bloc in knowledge.blocs:
            self.add_bloc(bloc)
        for n, fact in enumerate(knowledge.facts, 1):
            self.add_fact(fact)
            if pause and n % PAUSE_EVERY == 0:
                time.sleep(PAUSE_SECONDS)

    def _build_stages(self) -> None:
        for info in builtin().stages:
            for cue in info.cues:
                norm = normalise(cue)
                if is_cjk(norm):
                    self._cjk_stage_cues[norm.replace(" ", "")] = info.id
                else:
                    self._stage_cues[tuple(stem(t) for t in norm.split())] = info.id

    def _build_keywords(self) -> None:
        """The cue tables over every relation; rebuilt when a relation or its cues change (rare)."""
        self._keywords = defaultdict(dict)
        self._cue_words: set[str] = set()
        cjk: dict[tuple[str, str], float] = {}
        for relation in self.relations.values():
            for cue, weight in relation.all_cues().items():
                norm = normalise(cue) if cue.strip() != "%" else "%"
                if not norm:
                    continue
                if is_cjk(norm):
                    key = (norm.replace(" ", ""), relation.id)
                    cjk[key] = max(cjk.get(key, 0.0), weight)
                    continue
                tokens = tuple(norm.split())
                stems = tuple(stem(t) for t in tokens)
                # Inflections of one cue ("sell", "sells") share a stem: count it once, at its best weight.
                table = self._keywords[stems]
                table[relation.id] = max(table.get(relation.id, 0.0), weight * len(tokens))
                self._vocabulary.update(tokens)
                self._cue_words.update(tokens)
        self._labels: dict[str, frozenset[str]] = {}
        self._label_names: dict[str, frozenset[str]] = {}
        self._event_tables: EventTables | None = None
        self._own_words: dict[str, frozenset[str]] = {}
        self._heads: dict[str, str | None] = {}
        self._relation_texts: dict[str, tuple[frozenset[str], str]] = {}
        self._links = self._link_relations()
        self._cjk_cues = dict(cjk)
        self._cues_inside = {}
        for relation_id, linked in self._links.items():
            # A curator's relation is asked with the words of the built-in relations its name holds
            # ("investment pledge" with "invest", "投資額"), a little below those relations themselves;
            # not with a cue naming a sibling of it ("operating profit forecast" for a "net profit forecast").
            front = self._front_stems(relation_id)
            for stems, table in self._keywords.items():
                if _siblings(stems, front):
                    continue
                inherited = max((table[b] for b in linked if b in table), default=0.0) * LINK_WEIGHT
                if inherited > table.get(relation_id, 0.0):
                    table[relation_id] = inherited
            for (word, owner), weight in list(cjk.items()):
                if owner in linked and not self._names_a_sibling(word, linked):
                    key = (word, relation_id)
                    cjk[key] = max(cjk.get(key, 0.0), weight * LINK_WEIGHT)
        by_word: dict[str, dict[str, float]] = defaultdict(dict)
        for (word, relation_id), weight in cjk.items():
            by_word[word][relation_id] = weight
        # Longest first, and every relation sharing a word scores it, as English cues do. A cue that
        # starts in Latin letters ("TOB価格", "M&A件数") is split at the script boundary in a question,
        # so it is read across tokens, as names mixing scripts are.
        ordered = sorted(by_word.items(), key=lambda k: -len(k[0]))
        self._cjk_keywords = [(w, weights) for w, weights in ordered if not _LATIN_FRONT.match(w)]
        self._mixed_keywords = [
            (w, m.group(), weights) for w, weights in ordered if (m := _LATIN_FRONT.match(w)) and m.end() < len(w)
        ]
        self.__dict__.pop("_relation_stems", None)
        self.__dict__.pop("_kin", None)
        self._invalidate(vocabulary=True)

    def _names_a_sibling(self, cue: str, linked: frozenset[str]) -> bool:
        """Does a linked relation's Japanese cue hold the cue of a built-in relation that is a sibling
        of another linked one ("営業利益予想" holds the operating profit's "営業利益", a sibling of the net
        profit a "net profit forecast" is linked to)? Each cue's strong cues within it are found once."""
        held = self._cues_inside.get(cue)
        if held is None:
            held = self._cues_inside[cue] = [
                (owner, self._front_stems(owner))
                for (word, owner), weight in self._cjk_cues.items()
                if word != cue and word in cue and weight >= LINK_MIN_WEIGHT and owner in self.relations
            ]
        fronts = [self._front_stems(r) for r in linked if r in self.relations]
        return any(
            owner not in linked and any(_siblings(label, front, least=1) for front in fronts) for owner, label in held
        )

    def cue_names_a_sibling(self, cue: str, relation_id: str) -> bool:
        """Does a Japanese cue name a sibling of what a curator's relation is ("営業利益予想" of a "net
        profit forecast"), by the built-in relations the relation is linked to?"""
        links = self._links.get(relation_id, frozenset())
        return bool(links) and self._names_a_sibling(cue, links)

    def _front_stems(self, relation_id: str) -> tuple[str, ...]:
        """The stems of a relation name's front (`label_front`), every word ("annual" of "annual
        inflation" says which inflation, though a question may leave it out); read once per name."""
        return _front_stems_of(self.relations[relation_id].label)

    def _link_relations(self) -> dict[str, frozenset[str]]:
        """For each relation a curator named, the built-in relations whose strong cues the front of its
        name holds, before any preposition ("us tariff impact" holds "tariff"; "operating profit
        forecast" holds "operating profit" and "profit forecast"; "restricted stock units for Figma
        staff" says nothing of staff), longest cue first; a bare word inside a longer cue is not read
        ("share price rise" holds "share price", not "price")."""
        shipped = {r.id for r in builtin().relations}
        stop = grammar().stopwords
        links: dict[str, frozenset[str]] = {}
        for relation in self.relations.values():
            if relation.id in shipped:
                continue
            stems = [stem(t) for t in self.label_front(relation.label) if t not in stop]
            found: set[str] = set()
            read: set[int] = set()
            for n in range(min(MAX_NGRAM, len(stems)), 0, -1):
                for i in range(len(stems) - n + 1):
                    if n == 1 and i in read:
                        continue  # a bare word inside a longer cue: "share price", not "price", of "share price rise"
                    table = self._keywords.get(tuple(stems[i : i + n]), {})
                    weights = {r: w / n for r, w in table.items() if r in shipped}
                    if weights and max(weights.values()) >= LINK_MIN_WEIGHT:
                        top = max(weights.values())
                        found.update(r for r, w in weights.items() if w >= top - TIE)
                        read.update(range(i, i + n))
            if found:
                links[relation.id] = frozenset(found)
        return links

    def __getstate__(self) -> dict[str, object]:
        """What a snapshot keeps (`knowledge.snapshot`): the tables and what is worked out from them
        (the typo-correction table takes 0.3 s at 100,000 facts), not what answering cached."""
        state = dict(self.__dict__)
        state["_bags"], state["_figures"] = {}, {}
        words = itertools.chain(self._vocabulary, self._name_tokens, self._fact_vocabulary, known_stems())
        state["_stems"] = stems_of(words)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        learn_stems(state.pop("_stems", {}))  # type: ignore[arg-type]
        self.__dict__.update(state)
        dictionary.load()  # as a build does: a snapshot is read in a worker thread too

    def warm(self) -> None:
        """Work out now what the first question would otherwise wait for."""
        _ = (self._correction_buckets, self._kin, self._relation_stems, self._events())
        _ = (asking.related_words(), asking.broad_words())

    def layer(self) -> FactIndex:
        """A server's index over this one: it reads this index's tables as they are now, through the
        server's own changes (`add_fact`, `add_entity`, … on the layer), and costs what those cost."""
        from knowledge.overlay import LayerIndex

        return LayerIndex(self)

    def set_relation(self, relation: Relation) -> None:
        """Add or replace a relation and its cues; the next question uses them."""
        self.relations[relation.id] = relation
        self._build_keywords()

    def relation(self, relation_id: str) -> Relation | None:
        """A relation by id."""
        return self.relations.get(relation_id)

    def _add_names(self, target: str, name: str, aliases: Iterable[str]) -> None:
        id_words = target.replace("-", " ")
        for alias in (name, *aliases, id_words):
            norm = normalise(alias)
            if not norm:
                continue
            if is_cjk(norm):
                self._cjk_aliases.append((norm.replace(" ", ""), target))
                if not all(is_cjk(t) for t in norm.split()):
                    self._mixed_aliases.append((norm.replace(" ", ""), target))
            else:
                tokens = tuple(sys.intern(t) for t in norm.split())  # 100,000 names share one "company"
                # First writer wins: an entity's own name beats another's alias. An id's words are
                # the last resort: "Paramount+" (id "paramount") does not take "Paramount", an alias
                # of Paramount Global, whichever was indexed first.
                holder = self._latin_aliases.setdefault(tokens, target)
                if holder != target and alias is not id_words and self._named_by_id_only(holder, tokens):
                    self._latin_aliases[tokens] = target
                entity = self.entities.get(target)
                if len(tokens) > 1 and entity is not None and entity.kind is EntityKind.PERSON:
                    self._surnames[tokens[-1]].add(target)
                if not self._name_tokens.issuperset(tokens):
                    self._name_tokens.update(tokens)
                    self._invalidate(vocabulary=True)
        self._cjk_aliases.sort(key=lambda a: -len(a[0]))

    def _named_by_id_only(self, target: str, tokens: tuple[str, ...]) -> bool:
        """Are these words the target's only through its id, no name or alias of it saying them?"""
        item = self.entities.get(target) or self.blocs.get(target)
        return item is not None and all(tuple(normalise(text).split()) != tokens for text in (item.name, *item.aliases))

    def add_bloc(self, bloc: Bloc) -> None:
        """Index a bloc, its aliases and its members."""
        self.blocs[bloc.id] = bloc
        self._add_names(bloc.id, bloc.name, bloc.aliases)
        self._bloc_by_members.setdefault(frozenset(bloc.members), bloc.id)
        for member in bloc.members:
            self._blocs_of[member].append(bloc.id)
        if bloc.leader:
            self._led_by[bloc.leader].append(bloc.id)

    def add_fact(self, fact: Fact) -> None:
        """Index one fact (replacing an older version with the same id); retired facts are dropped."""
        self.remove_fact(fact.id)
        if not fact.live:
            return
        share_field_sets(fact)
        relation = self.relations.get(fact.predicate)
        if relation is not None and relation.symmetric:
            for member in self._parties(fact):
                add_to(self._by_party, (member, fact.predicate), fact.id)
        if fact.object:
            append_to(self._by_object, (fact.object, fact.predicate), fact)
        for target in self.named_in_text(fact) - fact.entity_ids:  # its parties are filed by entity
            add_to(self._mentioned, sys.intern(target), fact.id)
        if not fact.standing:
            for ref in fact.entity_ids:
                add_to(self._past_by_entity, ref, fact.id)
            # Superseded: kept on its timeline for "previously" and questions about that time.
            self._past[fact.id] = fact
            for word in self._past_content(fact):
                add_to(self._past_words, word, fact.id)
            append_to(self._history, (fact.subject, fact.predicate), fact)
            self._invalidate()
            return
        self.facts[fact.id] = fact
        # Interned: the key shares the subject's and relation's one copy of their ids.
        append_to(self._by_key, (sys.intern(fact.subject), sys.intern(fact.predicate)), fact)
        for ref in fact.entity_ids:
            add_to(self._by_entity, sys.intern(ref), fact.id)
        add_to(self._by_predicate, sys.intern(fact.predicate), fact.id)
        phrases = self._phrases_read(fact)
        for phrase in phrases[: len(fact.phrasings)]:
            self._phrasings.setdefault(phrase, fact.id)
        content = _phrase_content(phrases)
        self._fact_phrases[fact.id] = "\n".join(content)
        for word in {w for p in content for w in p.split()}:
            add_to(self._word_facts, word, fact.id)
        words = self._words_of(fact, phrases)
        new_words = False
        for word in words:
            new_words |= count(self._fact_vocabulary, word, 1) == 1
        self._invalidate(vocabulary=new_words)

    @staticmethod
    def _words_of(fact: Fact, phrases: Iterable[str] | None = None) -> set[str]:
        """The words a fact uses (its phrasings, statement and quotes): what the typo table knows.
        Worked out again when the fact is dropped, rather than kept: 25 MB at 100,000 facts."""
        if phrases is None:
            phrases = (normalise(p) for p in (*fact.phrasings, fact.statement))
        words: set[str] = set()
        for text in (*phrases, *(normalise(s.quote) for s in fact.sources)):
            # Interned: 100,000 facts share one "vehicles", not 100,000 copies of it.
            words.update(sys.intern(t) for t in text.split() if not is_cjk(t))
        return words

    # -- what the fact-centred retrieval needs (knowledge.retrieval) ---------------------------------

    def _is_product(self, target: str) -> bool:
        entity = self.entities.get(target)
        return entity is not None and entity.kind is EntityKind.PRODUCT

    def is_context(self, target: str) -> bool:
        """An entity that frames a question rather than being asked about ("the article")."""
        entity = self.entities.get(target)
        return entity is not None and entity.kind is EntityKind.ARTICLE

    @cached_property
    def _kin(self) -> dict[str, frozenset[str]]:
        return self._derive_kin()

    def _derive_kin(self) -> dict[str, frozenset[str]]:
        """Each one-word cue (stem) with the other one-word cues of its home relations (where it weighs
        most): "deal" stands for "acquisition", but "chairman" (a weak cue of chief executive) does not
        stand for "president"."""
        stop = grammar().stopwords
        by_relation: dict[str, set[str]] = defaultdict(set)
        homes: dict[str, list[str]] = {}
        for tokens, weights in self._keywords.items():
            if len(tokens) != 1 or tokens[0] in stop or not weights:
                continue
            top = max(weights.values())
            if top < KIN_MIN_WEIGHT:
                continue
            homes[tokens[0]] = [r for r, w in weights.items() if w >= top - TIE]
            for relation_id in homes[tokens[0]]:
                by_relation[relation_id].add(tokens[0])
        return {w: frozenset(set().union(*(by_relation[r] for r in rs)) - {w}) for w, rs in homes.items()}

    def related_in_text(self, word: str, bag: frozenset[str]) -> bool:
        """Does the fact's text hold a word the vocabulary files with this one ("deal" ~ "acquisition")?"""
        return bool(self._kin.get(word, frozenset()) & bag)

    def within(self, party: str, target: str) -> bool:
        """Is this party the target, or a bloc with the target among its members?"""
        return party == target or (party in self.blocs and target in self.blocs[party].members)

    def led_blocs(self, target: str) -> list[str]:
        """Blocs an entity leads ("Toyota" leads the Toyota group)."""
        return list(self._led_by.get(target, []))

    def members_of(self, ids: Iterable[str]) -> set[str]:
        """Entities named, with blocs replaced by their members."""
        return self._members(ids)

    def names_through(self, fact: Fact, owner: str, part: str) -> bool:
        """Does the fact's statement name `part` through `owner` ("U.S. Steel's Mon Valley Works"): the
        part's name right after the owner's?"""
        tokens = normalise(fact.statement).split()
        ends: set[int] = set()
        starts: set[int] = set()
        for n in range(min(MAX_NGRAM, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                target = self._latin_aliases.get(tuple(tokens[i : i + n]))
                if target == owner:
                    ends.add(i + n)
                elif target == part:
                    starts.add(i)
        return any(start - end in (0, 1) for start in starts for end in ends)

    def named_in_text(self, fact: Fact) -> frozenset[str]:
        """Entities a fact's statement names ("Renault and Nissan may each reduce …")."""
        return self._names_in(fact.statement)

    def named_by_event(self, target: str) -> dict[str, frozenset[str]]:
        """Entities an event's names name ("the Kobayashi supplement scandal": Kobayashi Pharmaceutical),
        each with the words that tell the event from the other events naming it (none where it is the
        only one): a question naming the entity, and saying those words, asks about the event's facts
        too ("google ad tech" of the "US v. Google ad tech case", not of its search case)."""
        return self._events().named.get(target, {})

    def events_named_after(self, target: str) -> list[str]:
        """The events whose names name this entity (see `named_by_event`)."""
        return self._events().after.get(target, [])

    def _events(self) -> EventTables:
        if self._event_tables is None:
            self._event_tables = self._derive_events()
        return self._event_tables

    def _derive_events(self) -> EventTables:
        named_by: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
        for event_id in sorted(self._event_ids):
            entity = self.entities.get(event_id)
            if entity is not None and entity.kind is EntityKind.EVENT:
                texts = (entity.name, *entity.aliases)
                words = frozenset(stem(t) for text in texts for t in normalise(text).split() if not is_cjk(t))
                for name in frozenset().union(*(self._names_in(text) for text in texts)) - {entity.id}:
                    named_by[name][entity.id] = words
        named: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
        after: dict[str, list[str]] = defaultdict(list)
        for name, by in named_by.items():
            for event, words in by.items():
                others = frozenset().union(*(w for e, w in by.items() if e != event))
                named[event][name] = words - others if len(by) > 1 else frozenset()
                after[name].append(event)
        return EventTables(dict(named), dict(after))

    def named_in_label(self, relation_id: str) -> frozenset[str]:
        """Entities a curator's relation name names ("Altera stake sale closed")."""
        found = self._label_names.get(relation_id)
        if found is None:
            relation = self.relations.get(relation_id)
            found = self._names_in(relation.label) if relation is not None else frozenset()
            self._label_names[relation_id] = found
        return found

    def _names_in(self, text: str) -> frozenset[str]:
        tokens = normalise(text).split()
        words = grammar()
        # "spent 729.6 billion yen": a currency after a scale is a sum's unit, not the currency's market
        # named ("円相場" asks of the yen's rate, not of a sum paid in yen); "157.5 yen" still names it.
        tokens = [
            "\0" if i and t in words.currencies and tokens[i - 1] in words.scales else t for i, t in enumerate(tokens)
        ]
        found = set()
        for n in range(min(MAX_NGRAM, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                target = self._latin_aliases.get(tuple(tokens[i : i + n]))
                if target is not None:
                    found.add(target)
        found.update(target for alias, target in self._cjk_aliases if alias in text)
        return frozenset(found)

    def facts_involving(self, target: str, limit: int) -> list[Fact]:
        """Standing and superseded facts with this entity as a party or named in their statement."""
        ids = set(self._by_entity.get(target, ())) | self._past_by_entity.get(target, set())
        ids |= self._mentioned.get(target, set())
        for group in (*self._blocs_of.get(target, []), *self._led_by.get(target, [])):
            ids |= self._by_entity.get(group, set()) | self._past_by_entity.get(group, set())
        if target in self.blocs:
            for member in self.blocs[target].members:
                ids |= self._by_entity.get(member, set()) | self._past_by_entity.get(member, set())
        found = (self.facts.get(i) or self._past.get(i) for i in sorted(ids)[:limit])
        return [f for f in found if f is not None]

    def facts_sharing_words(self, parsed: Parsed, limit: int) -> list[Fact]:
        """Facts whose texts share the question's content words (no names asked), with the earlier
        versions of their timelines ("the break fee in feb 2023" is an older one)."""
        found: dict[str, Fact] = {}
        # A superseded fact may hold the question's word when its timeline's newest does not ("229
        # million mDAU in the first quarter"; the newest says "daily active users").
        past = self._sharing_words(parsed, min(limit, MAX_PAST_SHARING), self._past_words)
        for fact_id in [*sorted(self._sharing_words(parsed, limit)), *sorted(past)]:
            fact = self.facts.get(fact_id) or self._past.get(fact_id)
            if fact is None:
                continue
            found.setdefault(fact.id, fact)
            for version in self._timeline_facts(fact.subject, fact.predicate):
                if version.object == fact.object:
                    found.setdefault(version.id, version)
        return list(found.values())

    def fact_bag(self, fact: Fact) -> tuple[frozenset[str], str]:
        """Word stems of everything a fact says (statement, phrasings, value, names and kinds of its
        parties), and its Japanese text, for the coverage guard."""
        bag = self._fact_bags(fact)
        return bag[0], bag[1]

    def fact_text(self, fact: Fact) -> frozenset[str]:
        """Word stems of what a fact says in its own words, without its parties' names ("Committee on
        Foreign Investment …" names CFIUS; it says nothing about an investment)."""
        return self._fact_bags(fact)[2]

    def _fact_bags(self, fact: Fact) -> tuple[frozenset[str], str, frozenset[str]]:
        cached = self._bags.get(fact.id)
        if cached is not None:
            return cached

        # The curated texts, not the quote: a source's sentence says many things the fact does not.
        texts = [fact.statement, *fact.phrasings, fact.period or ""]
        texts.extend(guard.value_words(fact))
        names: list[str] = []
        for ref in sorted(fact.entity_ids):
            item = self.entities.get(ref) or self.blocs.get(ref)
            if item is not None:
                names.extend((item.name, *item.aliases))
            if isinstance(item, Entity):
                texts.append(item.kind.value)  # "sued the government": CFIUS is one
        own: set[str] = set()
        named: set[str] = set()
        cjk: list[str] = []
        for found, group in ((own, texts), (named, names)):
            for text in group:
                normal = normalise(text)
                cjk.extend(token for token in normal.split() if is_cjk(token))
                found.update(_read_as_asked(normal))
        said = frozenset(own)
        # One line per text: a word is found within one of them, never made of the end of one and the
        # start of the next ("スト" is a whole word of "脚本家スト", whatever name follows it).
        bag = (said | named, "\n".join(cjk), said)
        remember(self._bags, fact.id, bag, CACHED_FACTS)
        return bag

    def relation_words(self, relation_id: str) -> tuple[frozenset[str], str]:
        """A relation's cue and label word stems, and its Japanese cues and label as one text."""
        found = self._relation_texts.get(relation_id)
        if found is None:
            found = self._relation_texts[relation_id] = self._derive_relation_words(relation_id)
        return found

    def _derive_relation_words(self, relation_id: str) -> tuple[frozenset[str], str]:
        relation = self.relations.get(relation_id)
        stems = set(self._relation_stems.get(relation_id, frozenset()))
        if relation is None:
            return frozenset(stems), ""
        stems.update(_read_as_asked(normalise(relation.label)))
        texts = [*relation.cues_ja, relation.label_ja or ""]
        links = self._links.get(relation_id, frozenset())
        for linked in links:
            other = self.relations.get(linked)
            if other is not None:
                texts.extend(c for c in (*other.cues_ja, other.label_ja or "") if not self._names_a_sibling(c, links))
        cjk = "\n".join(t for t in texts if t)
        return frozenset(stems), cjk

    def own_relation_words(self, relation_id: str) -> frozenset[str]:
        """The stems of a relation's own name and one-word cues: words that name it alone. Not a word
        of a longer cue ("boss" of "finance boss" does not name the CFO), nor of relations it inherits
        from."""
        found = self._own_words.get(relation_id)
        if found is None:
            relation = self.relations.get(relation_id)
            found = frozenset()
            if relation is not None:
                single = [c for c in relation.all_cues() if not is_cjk(c) and len(normalise(c).split()) == 1]
                texts = [relation.label, *single]
                found = frozenset(stem(t) for text in texts for t in normalise(text).split())
            self._own_words[relation_id] = found
        return found

    def fact_figures(self, fact: Fact) -> frozenset[float]:
        """The figures a fact states: its value (as written, and in thousands, millions, billions and
        trillions) and every number of its statement."""
        cached = self._figures.get(fact.id)
        if cached is not None:
            return cached

        figures: set[float] = set()
        amount = guard.value_amount(fact)
        if amount is not None:
            figures.update(amount / scale for scale in (1.0, 1e3, 1e6, 1e9, 1e12))
        for token in normalise(fact.statement).split():
            if token[:1].isdigit():
                number = asking.read_number(token.rstrip("%"))
                if number is not None:
                    figures.add(number)
        found = frozenset(round(f, 6) for f in figures)
        remember(self._figures, fact.id, found, CACHED_FACTS)
        return found

    def label_words(self, relation_id: str) -> frozenset[str]:
        """The stems of a relation's name, without grammar words ("stake held in French trust")."""
        found = self._labels.get(relation_id)
        if found is None:
            stop = grammar().stopwords
            found = frozenset(s for t, s in self._label_tokens(relation_id) if t not in stop and not t[:1].isdigit())
            self._labels[relation_id] = found
        return found

    def relation_name_stems(self, relation_id: str) -> frozenset[str]:
        """The stems of every word of a relation's name, grammar words too ("US" of "US search market
        share")."""
        return frozenset(s for _, s in self._label_tokens(relation_id))

    def _label_tokens(self, relation_id: str) -> list[tuple[str, str]]:
        """A relation name's words, each with its stem read as a question's word is."""
        relation = self.relations.get(relation_id)
        synonyms = grammar().synonyms
        label = normalise(relation.label).split() if relation is not None else []
        return [(t, stem(synonyms.get(t, t))) for t in label]

    @staticmethod
    def label_front(label: str) -> list[str]:
        """A relation name's words up to its first preposition: what it is ("share price rise"), not
        what it is of or for ("on deal termination", "for Figma staff")."""
        synonyms = grammar().synonyms
        # A note in brackets says which ("batting average (season)", "bill (direct debit)"), not what it is.
        label = _BRACKETED.sub(" ", label)
        tokens = [synonyms.get(t, t) for t in normalise(label).split()]  # read as a question is
        prepositions = grammar().label_prepositions
        cut = next((i for i, t in enumerate(tokens) if i > 0 and t in prepositions), len(tokens))
        return tokens[:cut]

    def timing(self, relation_id: str) -> Timing:
        """How a relation's facts sit in time: its own timing, or, for a curator's relation left at the
        default, the timing the built-in relations its name holds share ("annual revenue" is a period
        figure, as revenue is)."""
        relation = self.relations.get(relation_id)
        if relation is None:
            return Timing.EVENT
        linked = self._links.get(relation_id, frozenset())
        if relation.timing is not Timing.EVENT:
            return relation.timing
        if builtin_relation(relation_id) is None and self.label_words(relation_id) & guard.grammar_stems(
            "standing_words"
        ):
            return Timing.STATE  # "revenue forecast for …": the forecast standing until the next one
        if not linked:
            return relation.timing
        timings = {self.relations[r].timing for r in linked if r in self.relations}
        return timings.pop() if len(timings) == 1 else relation.timing

    def label_head(self, relation_id: str) -> str | None:
        """The word a curator's relation name is about (its head noun, as English puts it last before
        any preposition): "cap" of "10-year yield cap", "rise" of "share price rise on deal termination",
        "stake" of "stake held in French trust". None for one-word names and built-in relations."""
        if relation_id in self._heads:
            return self._heads[relation_id]
        relation = self.relations.get(relation_id)
        head = None
        if relation is not None and builtin_relation(relation_id) is None:
            words = grammar()
            tokens = normalise(relation.label).split()
            front = [t for t in self.label_front(relation.label) if t not in words.stopwords and not t.isdigit()]
            while len(front) > 1 and front[-1] in words.measure_words:
                front = front[:-1]  # "share sale size": what it is a size of
            if len(front) > 1 and (_LABEL_PARTICIPLE.search(front[-1]) or front[-1] in words.participles):
                front = front[:-1]  # "stake held", "amount claimed": the noun before the participle
            content = [t for t in tokens if t not in words.stopwords and not t.isdigit()]
            if front and len(content) > 1:
                head = stem(front[-1])
        self._heads[relation_id] = head
        return head

    def names_by_label(self, relation_id: str, word: str) -> bool:
        """Does a question word name this relation by its label ("valued" for "valuation", "operating"
        for "operating profit forecast")? Not when the word is a one-word cue of other relations only
        ("pay" names salaries, not "ordered to pay")."""
        if not any(guard.same_word(word, w) for w in self.label_words(relation_id)):
            return False
        owners = self._keywords.get((word,))
        return not owners or relation_id in owners or any(r in owners for r in self._links.get(relation_id, ()))

    def links_of(self, relation_id: str) -> frozenset[str]:
        """The built-in relations a curator's relation is a kind of (by a strong cue its name holds)."""
        return self._links.get(relation_id, frozenset())

    def english_of_cue_ja(self, word: str) -> tuple[tuple[str, ...], ...]:
        """A Japanese cue said in English: the names and strong English cues (as stems) of the relations
        it names ("最高値": "record high", "all time high", …), for a fact that says it in its own words."""
        known: dict[str, tuple[tuple[str, ...], ...]] = self._memo("english_of_cue_ja", dict)
        found = known.get(word)
        if found is None:
            owners = {
                owner
                for (cue, owner), weight in self._cjk_cues.items()
                if cue == word and weight >= LINK_MIN_WEIGHT and owner in self.relations
            }
            # Its relations' names, their head words ("vote" of a "shareholder vote") and strong cues,
            # without grammar words ("per share": "share").
            skip = grammar().stopwords | set(grammar().question_words)
            phrases = {tuple(self.label_words(r)) for r in owners}
            phrases.update(front[-1:] for r in owners if len(front := self._front_stems(r)) > 1)
            for stems, weights in self._keywords.items():
                if any(weights.get(r, 0.0) >= LINK_MIN_WEIGHT * len(stems) for r in owners):
                    kept = tuple(t for t in stems if t not in skip)
                    if len(kept) >= len(stems) - 1:  # "per share", not "say on pay"
                        phrases.add(kept)
            found = known[word] = tuple(p for p in phrases if p)
        return found

    def cue_weights(self, stems: tuple[str, ...]) -> dict[str, float]:
        """The relations an English cue (its words' stems) names, with its weight for each."""
        return self._keywords.get(stems, {})

    def is_variant(self, relation_id: str, asked_id: str) -> bool:
        """Is a curator's relation a kind of the one the question asks for? ("blocked by" is a kind of
        "block": its name holds a strong cue of it), so it may answer for it. A weak word shared
        ("ordered to pay" and a salary's "pay") does not make it one."""
        return relation_id == asked_id or asked_id in self._links.get(relation_id, ())

    def is_named_as(self, relation_id: str, asked_id: str) -> bool:
        """Is a curator's relation name (up to its first preposition) a whole cue of the built-in relation
        asked ("acquisition price" is one of the deal value's; "employees accepting severance" only
        starts with one of the employee count's, "share price rise" only ends with a price rise)?"""
        if asked_id not in self._links.get(relation_id, ()):
            return False
        relation = self.relations[relation_id]
        if builtin_relation(relation_id) is not None:
            return False
        stop = grammar().stopwords
        words = self.label_front(relation.label)
        # A name the relation is named for ("York Holdings deal value") is not part of what it is.
        named = next((i for i in range(len(words) - 1, 0, -1) if tuple(words[:i]) in self._latin_aliases), 0)
        front = tuple(stem(t) for t in words[named:] if t not in stop)
        return asked_id in self._keywords.get(front, {})

    def chosen_fact(self, facts: Sequence[Fact], parsed: Parsed) -> Fact | None:
        """The fact a timeline answers with for the question (its newest, or the one at the time asked)."""
        first = facts[0]
        chosen = self._choose(first.subject, facts, first.predicate, parsed).facts
        return chosen[0] if chosen else None

    def answers_from(self, facts: Sequence[Fact], parsed: Parsed) -> bool:
        """Can this timeline answer the question (for the time or stage it names)?"""
        return self.chosen_fact(facts, parsed) is not None

    def timeline_key(self, fact: Fact) -> tuple[str, ...]:
        """What a fact's timeline is: its relation and its parties (in any order when symmetric)."""
        relation = self.relations.get(fact.predicate)
        if relation is not None and relation.symmetric:
            return (fact.predicate, *sorted(self._parties(fact)))
        return (fact.predicate, fact.subject, fact.object or "")

    def _parties(self, fact: Fact) -> frozenset[str]:
        """The entities a fact is between, blocs read as their members: one pair, one timeline."""
        return frozenset(self._members({fact.subject, *((fact.object,) if fact.object else ())}))

    def _invalidate(self, vocabulary: bool = False) -> None:
        # The typo-correction table is rebuilt only when the set of known words changes.
        self.generation += 1
        self.__dict__.pop("_completions", None)
        if vocabulary:
            self.__dict__.pop("_correction_buckets", None)

    def remove_fact(self, fact_id: str) -> None:
        """Drop a fact from every table (no-op when it is not indexed)."""
        past = self._past.pop(fact_id, None)
        if past is not None:
            remove_from(self._history, (past.subject, past.predicate), past)
            for word in self._past_content(past):
                drop_from(self._past_words, word, fact_id)
        fact = self.facts.pop(fact_id, None) or past
        if fact is None:
            return
        self._bags.pop(fact_id, None)
        self._figures.pop(fact_id, None)
        for target in self.named_in_text(fact):
            drop_from(self._mentioned, target, fact_id)
        for ref in fact.entity_ids:
            drop_from(self._past_by_entity, ref, fact_id)
        for member in self._parties(fact):
            drop_from(self._by_party, (member, fact.predicate), fact_id)
        if fact.object:
            remove_from(self._by_object, (fact.object, fact.predicate), fact)
        if past is not None:
            self._invalidate()
            return
        remove_from(self._by_key, (fact.subject, fact.predicate), fact)
        for ref in fact.entity_ids:
            drop_from(self._by_entity, ref, fact_id)
        drop_from(self._by_predicate, fact.predicate, fact_id)
        for word in set(self._fact_phrases.pop(fact_id, "").split()):
            drop_from(self._word_facts, word, fact_id)
        for phrase in (normalise(p) for p in fact.phrasings):
            if self._phrasings.get(phrase) == fact_id:
                del self._phrasings[phrase]
        gone = False
        for word in self._words_of(fact):
            gone |= count(self._fact_vocabulary, word, -1) == 0
        self._invalidate(vocabulary=gone)

    def add_entity(self, entity: Entity) -> None:
        """Index a new entity or new aliases for one."""
        share_field_sets(entity)
        entity_id = sys.intern(entity.id)  # one copy of the id for every table keyed by it
        self.entities[entity_id] = entity
        if entity.kind is EntityKind.EVENT:
            self._event_ids.add(entity_id)
        self._add_names(entity_id, entity.name, entity.aliases)
        self._label_names.clear()  # a relation name may name the new entity
        self._event_tables = None  # and an event's names

    def name(self, target: str) -> str:
        """Display name of an entity or bloc id (the id itself when unknown)."""
        if target in self.entities:
            return self.entities[target].name
        if target in self.blocs:
            return self.blocs[target].name
        return target

    # -- matching -------------------------------------------------------------------------------

    def match(self, question: str) -> MatchResult:
        """Answer a question with ranked facts, or decline with suggestions. Never raises on input."""
        parsed = self.parse(question)
        if parsed.span is not None and parsed.span.yearless:
            parsed = replace(parsed, span=self._placed(parsed, parsed.span))
        parsed = self._placed_by_event(parsed)
        if parsed.span is not None and not parsed.span.before and asking.placed_before(parsed):
            parsed = replace(parsed, span=parsed.span.asked_before())
        curated = self._phrasings.get(parsed.text) or self._phrasings.get(" ".join(parsed.tokens))
        if curated and curated in self.facts:
            fact = self.facts[curated]
            return MatchResult(parsed, (SubjectResult(fact.subject, (fact,)),), 100.0)
        if (times := asking.compared_times(parsed)) is not None:
            return self._at_both_times(parsed, times)
        return self._answer(parsed)

    def _at_both_times(self, parsed: Parsed, times: tuple[timeline.Span | None, timeline.Span | None]) -> MatchResult:
        """Two times set against each other ("inflation 2024 vs 2023"): the figure asked at each, side by
        side, when both are on file and they differ; else a decline, not one of them alone. Two times
        only joined ("deaths in the crashes of 2018 and 2019") may be one figure's: it answers then."""
        found: list[MatchResult] = []
        for span in times:
            result = self._answer(replace(parsed, span=span, separators=()))
            if not result.answered or sum(len(r.facts) for r in result.results) != 1:
                break
            found.append(result)
        else:
            first, second = (r.results[0].facts[0] for r in found)
            if first.id != second.id and (first.subject, first.predicate) == (second.subject, second.predicate):
                results = tuple(SubjectResult(f.subject, (f,)) for f in (first, second))
                return MatchResult(parsed, results, min(r.score for r in found), comparison=True)
        if not asking.set_against(parsed):
            return self._answer(parsed)
        suggestions = tuple(r.results[0].facts[0].id for r in found)
        return MatchResult(parsed, (), 0.0, suggestions=suggestions, reason="one time of two")

    def _answer(self, parsed: Parsed) -> MatchResult:
        """Answer a question read and placed in time."""
        predicate = parsed.predicate
        sides = self._sides(parsed)
        comparison = len(sides) >= 2
        guessed = predicate is None and comparison
        if guessed:
            predicate = self._comparable(sides)
        if predicate is None:
            result = self._by_phrasing(parsed)
            return result if result.answered else self._retrieve(parsed, result)
        if not parsed.mentions:
            result = self._predicate_only(parsed, predicate)
            if result.answered and not comparison:
                # "what was the status of the contract on feb 25 2025": the only partnership stage on
                # file (another story's) is not it when a fact explains the question better.
                better = self._better_retrieved(parsed, result)
                if better is not None:
                    return better
            return result if result.answered or comparison else self._retrieve(parsed, result)
        result = self._structured(parsed, predicate, sides, comparison)
        if comparison:
            if not result.answered:
                # "honda vs nissan sales": sales are cued as units sold and as revenue alike; the
                # relation the knowledge has the facts for is compared.
                tied = (self._structured(parsed, other, sides, comparison) for other in parsed.tied)
                result = next((r for r in tied if r.answered), result)
            facts = [f for r in result.results for f in r.facts]
            if guessed and result.answered and not guard.explains(self, parsed, facts):
                # "what did the court rule on mbappe v psg": a case, not a comparison of any figure.
                return self._retrieve(parsed, self._unexplained(parsed, result))
            if not result.answered:
                # "the doj's criminal case against boeing": "against" names the sides of a case, not two
                # things to compare; a fact about both may answer.
                return self._retrieve(parsed, result)
            return result
        for other in (predicate, *parsed.tied):
            # "is mitsubishi going to acquire nissan": a plan and an acquisition are cued alike; the
            # relation the knowledge has a fact for answers, if the fact explains the whole question.
            found = result if other == predicate else self._structured(parsed, other, sides, comparison)
            facts = [f for r in found.results for f in r.facts]
            if found.answered and guard.explains(self, parsed, facts):
                # The fact-centred path may still explain the question better ("held in the French
                # trust" is its own relation, not the whole stake): the stronger evidence answers.
                better = self._better_retrieved(parsed, found)
                if better is not None:
                    return better
                rival = self._tied_rival(parsed, other, facts, sides)
                if rival:
                    # "us tariff rate on china": the fentanyl tariff rate and the tariff rate on Chinese
                    # goods are cued alike and both on file; offered, not guessed between.
                    return MatchResult(parsed, (), 0.0, suggestions=(facts[0].id, *rival), reason="close call")
                return found
        return self._retrieve(parsed, result if not result.answered else self._unexplained(parsed, result))

    def _placed(self, parsed: Parsed, span: timeline.Span) -> timeline.Span | None:
        """A day asked without its year ("the week to july 20") is in the year whose facts about what the
        question names (or shares its words) lie closest to it; of two as close, the later."""
        targets = [m.target for m in parsed.mentions]
        if targets:
            facts = [f for t in targets for f in self.facts_involving(t, MAX_PHRASING_CANDIDATES)]
            # "yomiuri's takaichi cabinet approval in november": the facts about both, where there are any
            both = [f for f in facts if all(t in f.entity_ids for t in targets)]
            facts = both or facts
        else:
            facts = self.facts_sharing_words(parsed, MAX_PHRASING_CANDIDATES)
        dated = sorted({date.fromisoformat(timeline.start_of(f.as_of)) for f in facts if f.as_of})
        if not dated:
            return None

        def distance(year: int) -> tuple[int, int]:
            day = date.fromisoformat(span.in_year(year).end)
            return min(abs((day - d).days) for d in dated), -year

        return span.in_year(min({d.year for d in dated}, key=distance))

    def _placed_by_event(self, parsed: Parsed) -> Parsed:
        """A question placed before or after something that happened, undated ("novo headcount before
        the layoffs", asking.event_clause), is asked at the time of the earliest fact about what it names
        that says the clause's words (the date it gives, for a date): the figure that stood before it, or
        the newest since. Words that many of those facts say ("the deal" in a takeover story) frame the
        story and date nothing; a clause no fact says is left unexplained (the guard declines)."""
        clause = asking.event_clause(parsed)
        if clause is None or not parsed.mentions or set(parsed.tokens) & set(grammar().extreme_words):
            return parsed  # "peak evacuees after the quake": the timeline's peak, not a time
        pool = {f.id: f for m in parsed.mentions for f in self.facts_involving(m.target, MAX_PHRASING_CANDIDATES)}
        texts = {i: self.fact_text(f) | self.label_words(f.predicate) for i, f in pool.items() if f.as_of}
        said = {
            key: {i for i, text in texts.items() if key in text or self.related_in_text(key, text)}
            for key in clause.words
        }
        framing = len(texts) >= candidates.GENERIC_MIN_FACTS
        telling = [k for k in clause.words if not (framing and len(said[k]) >= candidates.GENERIC_SHARE * len(texts))]
        # A fact saying what stood before it ("chief executive before the bankruptcy") does not date it.
        marks = [
            pool[i]
            for i in texts
            if telling and all(i in said[key] for key in telling) and not timeline.says_it_stood_before(pool[i])
        ]
        if not marks:
            return parsed
        when = min(
            (f.value.date if isinstance(f.value, DateValue) else f.as_of or "" for f in marks),
            key=timeline.start_of,
        )
        return replace(parsed, span=timeline.happened_in(when, clause.before, clause.at, clause.words))

    def _tied_rival(
        self, parsed: Parsed, chosen: str, facts: list[Fact], sides: list[list[Mention]]
    ) -> tuple[str, ...]:
        """Facts of another relation the question's cues name as strongly as the one chosen, that answer
        it as well (explaining the whole question) with another figure."""
        cues = dict(parsed.scores)
        rivals: list[str] = []
        for other in parsed.tied:
            if other == chosen or cues.get(other, 0.0) < cues.get(chosen, 0.0) - 1e-6:
                continue
            found = self._structured(parsed, other, sides, False)
            theirs = [f for r in found.results for f in r.facts]
            if not found.answered or not guard.explains(self, parsed, theirs):
                continue
            if {f.value for f in theirs} != {f.value for f in facts}:
                rivals.extend(f.id for f in theirs[:1])
        return tuple(rivals[: MAX_SUGGESTIONS - 1])

    def _unexplained(self, parsed: Parsed, result: MatchResult) -> MatchResult:
        """A decline for an answer the guard refused: its facts are offered as suggestions."""
        offered = tuple(dict.fromkeys(f.id for r in result.results for f in r.facts))[:MAX_SUGGESTIONS]
        return MatchResult(parsed, (), 0.0, suggestions=offered, reason="unexplained words")

    def _better_retrieved(self, parsed: Parsed, found: MatchResult) -> MatchResult | None:
        """The fact-centred path's answer, when it explains the question with more evidence than the
        facts found by the cues."""
        better = self._retrieve(parsed, found)
        facts = [f for r in found.results for f in r.facts]
        if better is not found and better.answered and self._stronger(parsed, better, facts):
            return better
        return None

    def _stronger(self, parsed: Parsed, other: MatchResult, facts: list[Fact]) -> bool:
        """Does another answer explain the question with more evidence than these facts do?"""
        theirs = other.results[0].facts
        if set(theirs) & set(facts):
            return False
        return candidates.evidence_of(self, parsed, theirs) > candidates.evidence_of(self, parsed, facts) + TIE

    def _retrieve(self, parsed: Parsed, fallback: MatchResult) -> MatchResult:
        """The fact-centred path (knowledge.retrieval): the timeline whose facts explain the question."""
        facts, evidence, _, as_of = retrieval.best(self, parsed)
        if not facts:
            return fallback
        first = facts[0]
        reading = retrieval.as_of_reading(parsed) if as_of else parsed
        result = self._choose(first.subject, facts, first.predicate, reading)
        if not result.facts:
            return fallback
        # A question naming a time asks for the timeline's fact then, in any version's words ("the
        # ipo price range as of july 23": the range the later version's statement calls one).
        wording = facts if reading.span is not None else ()
        explained = guard.explains(self, reading, result.facts, wording)
        if not explained and (generic := candidates.generic_words(self, reading)):
            # One deal word the takeover's facts share frames the question (worked out only when needed).
            explained = guard.explains(self, reading, result.facts, wording, generic)
        if not explained:
            figures = [k for k in asking.content_words(self, reading) if k.startswith("#")]
            # "the first 3 days' gross": a number the question writes is said by one fact of the timeline.
            timed = reading.span.tokens if reading.span is not None else frozenset()
            numbers = [
                t for i, t in enumerate(reading.tokens) if t.isdigit() and i not in timed and not timeline.years_in(t)
            ]
            # "when did japan ditch negative rates": a date asked of one event on the timeline, which
            # its own fact's words describe, is that fact's date, not the newest fact's.
            event = asking.asks_for_date(reading) and reading.span is None
            if reading.span is not None or not (figures or event or numbers):
                # The newest fact of the timeline that fits does not hold what is asked ("salary" was
                # in an older claim's words): no answer rather than a fact that does not say it.
                return fallback
            # The timeline's newest fact does not hold the figure or the event asked ("when did it hike
            # to 0.5%" on a timeline of rate decisions): the one of its facts that does answers, the
            # newer one noted.
            # Words alone never pass over the newest fact: "interest rate" is not the 2016 one because
            # only its statement says "interest".
            fitting = retrieval.fitting(self, reading, facts)
            if fitting is None:
                return fallback
            if not (figures or event) and not set(numbers) <= set(normalise(fitting.statement).split()):
                return fallback  # the fact that fits must say the number asked
            newer = result.facts[0] if timeline.newest_key(result.facts[0]) < timeline.newest_key(fitting) else None
            result = SubjectResult(first.subject, (fitting,), later=newer)
        score = min(100.0, RETRIEVAL_BASE + RETRIEVAL_STEP * evidence)
        if parsed.unknown:
            score -= UNKNOWN_TOKEN_PENALTY * min(len(parsed.unknown), 5)
        if score < self.threshold:
            return fallback
        return MatchResult(parsed, (result,), score, asked_stage=parsed.stage)

    def _sides(self, parsed: Parsed) -> list[list[Mention]]:
        if parsed.separators and len(parsed.mentions) == 1 and parsed.mentions[0].target in self.blocs:
            # "compare honda-nissan": one bloc after a comparison word compares its members.
            only = parsed.mentions[0]
            return [[Mention(m, only.position, only.end, only.score)] for m in self.blocs[only.target].members]
        if not parsed.separators or len(parsed.mentions) < 2:
            return [list(parsed.mentions)] if parsed.mentions else []
        sides: list[list[Mention]] = [[]]
        seps = list(parsed.separators)
        for mention in parsed.mentions:
            while seps and seps[0] < mention.position[0]:
                seps.pop(0)
                if sides[-1]:
                    sides.append([])
            sides[-1].append(mention)
        sides = [s for s in sides if s]
        if len(sides) == 1 and len({m.target for m in sides[0]}) > 1:
            # "compare honda and nissan": the comparison word leads, each name is a side.
            return [[m] for m in sides[0]]
        return sides

    def _bloc_for(self, targets: set[str]) -> str | None:
        return self._bloc_by_members.get(frozenset(targets))

    def _structured(self, parsed: Parsed, predicate: str, sides: list[list[Mention]], comparison: bool) -> MatchResult:
        results: list[SubjectResult] = []
        if comparison:
            for side in sides:
                targets = {m.target for m in side}
                bloc = self._bloc_for(self._members(targets)) if len(targets) > 1 else None
                subjects = [bloc] if bloc else list(dict.fromkeys(m.target for m in side))
                for subject in subjects:
                    results.append(self._lookup(subject, predicate, parsed))
        else:
            results = self._one_side(parsed, predicate)
        covered = set()
        for r in results:
            for fact in r.facts:
                covered |= self._expand(fact.entity_ids)
        missing = tuple(r.subject for r in results if not r.facts and r.subject not in covered)
        answered = tuple(r for r in results if r.facts)
        mention_score = min(m.score for m in parsed.mentions)
        score = (mention_score + parsed.predicate_score) / 2 if parsed.predicate else mention_score * 0.9
        score -= UNKNOWN_TOKEN_PENALTY * min(len(parsed.unknown), 5)
        if not answered:
            return self._decline(parsed, predicate, missing or tuple(r.subject for r in results), "no fact")
        if score < self.threshold:
            return MatchResult(
                parsed,
                (),
                max(score, 0.0),
                suggestions=self._suggest_for(answered),
                reason="low confidence",
            )
        return MatchResult(
            parsed,
            answered,
            max(min(score, 100.0), 0.0),
            missing=missing,
            asked_stage=parsed.stage,
            comparison=comparison,
        )

    def _members(self, ids: Iterable[str]) -> set[str]:
        """Entities named, with blocs replaced by their members."""
        out: set[str] = set()
        for ref in ids:
            out.update(self.blocs[ref].members if ref in self.blocs else (ref,))
        return out

    def _expand(self, ids: Iterable[str]) -> set[str]:
        out = set()
        for ref in ids:
            out.add(ref)
            if ref in self.blocs:
                out.update(self.blocs[ref].members)
        return out

    def _one_side(self, parsed: Parsed, predicate: str) -> list[SubjectResult]:
        targets = list(dict.fromkeys(m.target for m in parsed.mentions))
        if len(targets) > 1:
            bloc = self._bloc_for(self._members(targets))
            if bloc and self._by_key.get((bloc, predicate)):
                return [self._lookup(bloc, predicate, parsed)]
            roles = self._roles(parsed)
            if roles is not None:
                subject, obj, strict = roles
                result = self._lookup(subject, predicate, parsed, obj=obj)
                if result.facts or strict:
                    return [result]
                swapped = self._lookup(obj, predicate, parsed, obj=subject)
                if swapped.facts:
                    return [swapped]
            results = [self._lookup(t, predicate, parsed) for t in targets]
            # Members with nothing of their own may be covered by a bloc they form together.
            if any(not r.facts for r in results):
                named = set(targets)
                for group_id in dict.fromkeys(b for t in targets for b in self._blocs_of.get(t, [])):
                    group = self.blocs[group_id]
                    if set(group.members) <= named and self._by_key.get((group.id, predicate)):
                        results.append(self._lookup(group.id, predicate, parsed))
            return results
        target = targets[0]
        relation = self.relations.get(predicate)
        if relation is not None and relation.symmetric:
            result = self._lookup(target, predicate, parsed)
            return [result] if result.facts else (self._pair_timelines(target, predicate, parsed) or [result])
        if predicate in self._object_predicates:
            role = self.single_role(parsed, parsed.mentions[0])
            if role == "object":
                return [SubjectResult(target, self._with_object(target, predicate, parsed))]
            result = self._lookup(target, predicate, parsed)
            if not result.facts and role is None:
                return [SubjectResult(target, self._with_object(target, predicate, parsed))]
            return [result]
        result = self._lookup(target, predicate, parsed)
        if not result.facts and target in self.blocs:
            # "honda-nissan sales": the bloc has no figure of its own, its members do.
            members = [self._lookup(m, predicate, parsed) for m in self.blocs[target].members]
            if any(r.facts for r in members):
                return members
        return [result]

    @property
    def _object_predicates(self) -> frozenset[str]:
        return frozenset(r.id for r in self.relations.values() if r.object is ObjectRule.REQUIRED)

    def _comparable(self, sides: list[list[Mention]]) -> str | None:
        """For "honda vs nissan" with no relation named: the figure most sides have (quantities first)."""
        coverage: Counter[str] = Counter()
        for side in sides:
            targets = self._members({m.target for m in side}) | {m.target for m in side}
            targets |= {b for t in targets for b in self._led_by.get(t, [])}
            relations = {
                self.facts[i].predicate
                for t in targets
                for i in self._by_entity.get(t, set())
                if i in self.facts
                and self.facts[i].subject in targets
                and isinstance(self.facts[i].value, QuantityValue | PercentValue)
            }
            coverage.update(relations)
        if not coverage:
            return None
        return max(coverage, key=lambda r: (coverage[r], len(self._by_predicate.get(r, ())), r))

    def _with_object(self, target: str, predicate: str, parsed: Parsed) -> tuple[Fact, ...]:
        facts = [f for f in self._by_object.get((target, predicate), []) if f.live]
        return self._choose(target, facts, predicate, parsed).facts

    def roles(self, parsed: Parsed) -> tuple[str, str] | None:
        """(subject, object) when the words around two names say which is which ("X's stake in Y")."""
        found = self._roles(parsed)
        return (found[0], found[1]) if found and found[2] else None

    def _roles(self, parsed: Parsed) -> tuple[str, str, bool] | None:
        """For two different names, decide which is the subject: (subject, object, cue was explicit)."""
        distinct = list({m.target: m for m in parsed.mentions}.values())
        if len(distinct) != 2:
            return None
        first, second = distinct
        cues = [self._object_cue(parsed, m) for m in distinct]
        if cues[0] == cues[1]:
            return first.target, second.target, False
        subject, obj = (second, first) if cues[0] > cues[1] else (first, second)
        return subject.target, obj.target, True

    def _object_cue(self, parsed: Parsed, mention: Mention) -> int:
        """How strongly the words around a name mark it as the object (negative: the subject)."""
        index = mention.position[0]
        token = parsed.tokens[index]
        words = grammar()
        after = _text_after(parsed, mention.end)
        if is_cjk(token) or is_cjk(parsed.tokens[mention.end[0]]) or is_cjk(after[:1]):
            # A name may run across tokens ("2025年参院選"): the words after it are in its last one, or
            # in the next ("オープンAI" + "への出資比率").
            index = mention.end[0]
            if after.startswith(words.subject_markers_ja):
                return -2
            if after.startswith(words.object_cues_after_ja):
                return 2
            weak = next((cue for cue in words.weak_object_cues_after_ja if after.startswith(cue)), None)
            if weak is not None:
                at = (index, mention.end[1] + len(weak))
                if at[1] >= len(parsed.tokens[index]):
                    at = (index + 1, 0)  # "ソニーの" + "JASM": a Latin name is a token of its own
                following = next((m for m in parsed.mentions if m.position == at), None)
                if following is None:
                    return 1
                # "AのBへの…", "AのB買収額": A's, with B named next, is the one the relation is of; in
                # "2025年参院選の公明党の獲得議席", A only frames B's, whose own "の" says it is B's.
                then = _text_after(parsed, following.end)
                return 1 if then.startswith(weak) and not then.startswith(words.object_cues_after_ja) else -1
            return 0
        before = parsed.tokens[index - 1] if index > 0 else ""
        after_token = parsed.tokens[mention.end[0] + 1] if mention.end[0] + 1 < len(parsed.tokens) else ""
        if before in words.object_cues_before:
            return 2
        if after_token in words.subject_cues_after:
            return -2
        if after_token in words.weak_subject_cues_after:
            return -1  # "nissan stake" may mean a stake *in* Nissan: allow that reading as a fallback
        return 0

    def single_role(self, parsed: Parsed, mention: Mention) -> str | None:
        """Whether the words around the question's one name make it the subject ("does nissan own") or
        the object ("stake in nissan"), if they say."""
        cue = self._object_cue(parsed, mention)
        if cue > 0:
            return "object"
        if cue <= -2:
            return "subject"
        return None

    def _lookup(self, subject: str, predicate: str, parsed: Parsed, obj: str | None = None) -> SubjectResult:
        result = self._choose(subject, self._facts_for(subject, predicate, obj), predicate, parsed)
        if result.facts:
            return result
        if obj is None:
            relation = self.relations.get(predicate)
            for bloc in self._led_by.get(subject, []):
                result = self._choose(subject, self._facts_for(bloc, predicate, None), predicate, parsed, via=bloc)
                if result.facts:
                    return result
            if relation is not None and relation.inherited:
                for bloc in self._blocs_of.get(subject, []):
                    result = self._choose(subject, self._facts_for(bloc, predicate, None), predicate, parsed, via=bloc)
                    if result.facts:
                        return result
        return SubjectResult(subject, ())

    def part_unasked(self, fact: Fact, named: set[str]) -> bool:
        """Is the fact a part of a figure the store also holds whole, the part unasked ("switch 2 units
        sold as of march 2026": not those sold in the Americas, the fact's object, when the worldwide
        count is on file)? A part answers only when the question names it."""
        if fact.object is None or fact.object in named:
            return False
        relation = self.relations.get(fact.predicate)
        if relation is not None and relation.symmetric:
            return False
        return any(f.object is None for f in self._timeline_facts(fact.subject, fact.predicate))

    def facts_about(self, subject: str, predicate: str) -> list[Fact]:
        """Live facts with this subject and predicate, best first."""
        return list(self._by_key.get((subject, predicate), []))

    def _timeline_facts(self, subject: str, predicate: str) -> list[Fact]:
        """Standing and superseded facts of a subject and relation, for a timeline."""
        return [*self._by_key.get((subject, predicate), []), *self._history.get((subject, predicate), [])]

    def versions(self, fact: Fact) -> list[Fact]:
        """The facts of a fact's timeline, standing and superseded (the fact among them). Where the
        object is the value itself (a No. 1 film, named twice), the timeline is of every object."""
        if fact.object is not None and fact.object == fact.value_entity:
            return self._timeline_facts(fact.subject, fact.predicate)
        return self._facts_for(fact.subject, fact.predicate, fact.object)

    def _facts_for(self, subject: str, predicate: str, obj: str | None) -> list[Fact]:
        relation = self.relations.get(predicate)
        if relation is not None and relation.symmetric:
            parties = frozenset(self._members({subject, *((obj,) if obj else ())}))
            return [f for f in self._party_facts(parties, predicate) if self._parties(f) == parties]
        facts = self._timeline_facts(subject, predicate)
        if obj is None:
            return facts
        return [f for f in facts if f.object == obj or (f.object in self.blocs and obj in self.blocs[f.object].members)]

    def _party_facts(self, parties: Iterable[str], predicate: str) -> list[Fact]:
        """Facts of a symmetric relation that involve every one of these entities."""
        ids: set[str] | None = None
        for member in parties:
            found = self._by_party.get((member, predicate), set())
            ids = set(found) if ids is None else ids & found
        return [f for i in sorted(ids or ()) if (f := self.facts.get(i) or self._past.get(i)) is not None]

    def _pair_timelines(self, target: str, predicate: str, parsed: Parsed) -> list[SubjectResult]:
        """Every timeline of a symmetric relation that involves one entity ("nissan talks")."""
        groups: dict[frozenset[str], list[Fact]] = defaultdict(list)
        for fact in self._party_facts(self._members({target}), predicate):
            groups[self._parties(fact)].append(fact)
        results = []
        for facts in groups.values():
            result = self._choose(facts[0].subject, facts, predicate, parsed)
            if result.facts:
                results.append(result)
        return results

    def _single_timeline(self, facts: Sequence[Fact], parsed: Parsed) -> SubjectResult | None:
        """The answer when a set of facts is all one relation between the same parties, else None."""
        keys = {(f.predicate, self._parties(f)) for f in facts}
        if len(keys) != 1:
            return None
        fact = facts[0]
        timeline_facts = self._facts_for(fact.subject, fact.predicate, fact.object)
        result = self._choose(fact.subject, timeline_facts or facts, fact.predicate, parsed)
        return result if result.facts else None

    def _timelines(self, predicate: str, parsed: Parsed) -> list[SubjectResult]:
        """Every timeline of a symmetric relation, one result per group of parties ("where do talks stand")."""
        groups: dict[frozenset[str], list[Fact]] = defaultdict(list)
        for fact_id in sorted(self._by_predicate.get(predicate, set()) | self._past_ids(predicate)):
            fact = self.facts.get(fact_id) or self._past[fact_id]
            groups[self._parties(fact)].append(fact)
        chosen = (self._choose(facts[0].subject, facts, predicate, parsed) for facts in groups.values())
        return sorted((r for r in chosen if r.facts), key=lambda r: r.subject)

    def _past_ids(self, predicate: str) -> set[str]:
        return {f.id for key in list(self._history) if key[1] == predicate for f in self._history.get(key, [])}

    def _choose(
        self, subject: str, facts: Sequence[Fact], predicate: str, parsed: Parsed, via: str | None = None
    ) -> SubjectResult:
        """The fact that answers among a subject's facts for a relation: on a timeline, the newest
        (or the one at the time or stage asked about); otherwise the one closest to the question."""
        relation = self.relations.get(predicate)
        if parsed.span is not None and relation is not None and self._names_years(relation.label, parsed, parsed.span):
            # "deaths in the 2018 and 2019 crashes": the years the question writes name the relation
            # ("deaths in 2018 and 2019 crashes"), not a time to read its timeline at.
            parsed = replace(parsed, span=None)
        elif (
            parsed.span is not None
            and relation is not None
            and self._names_day(relation.label, parsed.span)
            and not asking.says_any(parsed, grammar().day_parts)  # "as announced that morning": the count then
        ):
            # "flights cancelled on jan 3, in the end": the day names the relation ("domestic flights
            # cancelled on 3 January 2024"), whose newest count answers, not the count given that morning.
            parsed = replace(parsed, span=None)
        elif parsed.span is not None and self._name_holds_time(subject, parsed, parsed.span):
            # "the sept 2024 noto floods": the time is the name of what is asked about, not when.
            parsed = replace(parsed, span=None)
        if relation is None or not relation.temporal:
            standing = [f for f in facts if f.standing]
            if asking.asks_for_now(parsed):
                standing = [f for f in standing if f.status is not Status.ENDED]
            if parsed.span is not None:
                timing = self.timing(predicate)
                standing = [f for f in standing if timeline.covers(f, parsed.span, timing is Timing.PERIOD)]
                if timing is Timing.EVENT:
                    # "meta's marketplace fine in 2023": a fine imposed in November 2024 had not happened by
                    # then. (A time after it, "honda's ev goal for 2030", may be what it is for.)
                    end = parsed.span.end
                    standing = [f for f in standing if f.period or not f.as_of or timeline.start_of(f.as_of) <= end]
            return SubjectResult(subject, tuple(self._pick(sorted(standing, key=_fact_order), parsed)), via=via)
        at_event = self._at_named_event(subject, facts, parsed)
        if at_event is not None:
            ordered = timeline.newest_first(facts)
            later = ordered[: ordered.index(at_event)]
            return SubjectResult(subject, (at_event,), via=via, later=later[-1] if later else None)
        by_object: dict[str | None, list[Fact]] = defaultdict(list)
        for fact in facts:
            by_object[None if relation.symmetric else fact.object].append(fact)
        timing = self.timing(predicate)
        view = bool(self.label_words(predicate) & guard.grammar_stems("standing_words"))
        products = frozenset(m.target for m in parsed.mentions if self._is_product(m.target))
        original = asking.asks_for_original(parsed, products)
        placed = guard.placed_names(parsed)
        picks = [p for g in by_object.values() if (p := self._timeline_pick(g, parsed, placed, timing, view, original))]
        if asking.asks_for_now(parsed):
            # "経団連の今の会長は誰": a role the store says has ended is no answer for now.
            picks = [p for p in picks if p.fact.status is not Status.ENDED]
        named = {m.target for m in parsed.mentions}
        picks = [p for p in picks if not self.part_unasked(p.fact, named)]
        if not picks:
            return SubjectResult(subject, (), via=via)
        chosen = picks[0]
        if len(picks) > 1:
            best = self._pick(sorted((p.fact for p in picks), key=_fact_order), parsed)[0]
            chosen = next(p for p in picks if p.fact is best)
        if (
            parsed.span is not None
            and parsed.span.fiscal_name is not None
            and parsed.span.fiscal_name[1] == 0
            and timing is not Timing.STATE
            and chosen.fact.period is None
            and len(chosen.fact.as_of or "") == len("2024-05")
        ):
            # "how much did real wages fall in fiscal 2024": a month's figure (May 2024's) is not the
            # fiscal year's, named as one.
            return SubjectResult(subject, (), via=via)
        if guard.asked_before_it(self, parsed, chosen.fact):
            # "who ran novo before jorgensen took over": not Jørgensen, whom the fact names, where the
            # timeline holds no one before him.
            return SubjectResult(subject, (), via=via)
        return SubjectResult(subject, (chosen.fact,), via=via, previous=chosen.previous, later=chosen.later)

    def _timeline_pick(
        self,
        facts: Sequence[Fact],
        parsed: Parsed,
        placed: dict[str, bool],
        timing: Timing,
        view: bool,
        original: bool,
    ) -> timeline.Pick | None:
        """The fact a timeline answers with (see `timeline.pick`). Where the question places the answer
        by a name that is a value on the whole of the timeline ("who ran novo before jorgensen"), the
        fact before or after that name's; none where it holds no one before him."""
        if placed:
            whole = self.versions(facts[0])
            held = [entity for entity in placed if any(f.value_entity == entity for f in whole)]
            if held:
                return next((p for e in held if (p := timeline.beside_name(whole, e, placed[e]))), None)
        return timeline.pick(facts, parsed.span, parsed.stage, timing, view, original)

    @staticmethod
    def _names_day(label: str, span: timeline.Span) -> bool:
        """Is the one day asked, not as the time a figure stood, the day a relation's name holds ("jan 3"
        of "flights cancelled on 3 January 2024")?"""
        if span.start != span.end or span.before or span.as_of:
            return False  # "as of the morning of jan 3": the count then
        named = _day_named(label)
        return named is not None and (named == span.start or (span.yearless and named[4:] == span.start[4:]))

    @staticmethod
    def _names_years(label: str, parsed: Parsed, span: timeline.Span) -> bool:
        """Are the years the question writes, and nothing else of the time it names, the years a
        relation's name holds ("in 2018 and 2019" of "deaths in 2018 and 2019 crashes"; not "as of
        January 2025" of "core CPI forecast for fiscal 2025")?"""
        named = timeline.years_in(label)
        written = timeline.years_in(timeline.written_text(parsed.tokens))
        span_words = {parsed.tokens[i] for i in span.tokens if i < len(parsed.tokens)}
        short = {year % 100 for year in named}  # "24" of "2023/24"
        return (
            bool(named)
            and named == written
            and all(w.isdigit() and (int(w) in named or (len(w) == 2 and int(w) in short)) for w in span_words)
        )

    def _at_named_event(self, subject: str, facts: Sequence[Fact], parsed: Parsed) -> Fact | None:
        """The one fact of a timeline that names the event the question asks at ("北京冬季五輪で日本の金メダル":
        Japan's golds at Beijing 2022, not at the Games since), when no time is asked. An event named by
        several facts of the timeline (the count at its close, and after a reallocation) says no one."""
        if parsed.span is not None:
            return None
        events = {
            m.target
            for m in parsed.mentions
            if m.target != subject
            and (entity := self.entities.get(m.target)) is not None
            and entity.kind is EntityKind.EVENT
        }
        if not events:
            return None
        naming = [
            f
            for f in facts
            if all(e in f.entity_ids or e in self._names_in(f"{f.statement} {f.period or ''}") for e in events)
        ]
        return naming[0] if len(naming) == 1 else None

    def _name_holds_time(self, subject: str, parsed: Parsed, span: timeline.Span) -> bool:
        """Is every word of the time asked, a year among them, in a name of the subject ("sept 2024" of
        "September 2024 Noto heavy rain")?"""
        entity = self.entities.get(subject)
        words = [parsed.tokens[i] for i in sorted(span.tokens) if i < len(parsed.tokens)]
        if entity is None or not any(w.isdigit() for w in words):
            return False
        months = grammar().months
        for name in (entity.name, *entity.aliases):
            # A number joined to another ("Regulation (EU) 2022/1925") is no year the name says.
            tokens = [t for t in normalise(name).split() if not _joined_number(t, name)]
            named_months = {months[t] for t in tokens if t in months}
            if all((w.isdigit() and w in tokens) or (w in months and months[w] in named_months) for w in words):
                return True
        return False

    def _pick(self, facts: Sequence[Fact], parsed: Parsed) -> list[Fact]:
        """Among several facts of one subject and relation, the one whose wording is closest to the question."""
        if len(facts) <= 1:
            return list(facts)
        query = _content(parsed.tokens)
        if query:
            scored = [(max(fuzz.token_set_ratio(query, p) for p in self._phrases_of(f)), f) for f in facts]
            best = max(s for s, _ in scored)
            if best >= SUGGESTION_CUTOFF:
                return [next(f for s, f in scored if s == best)]
        return list(facts[:1])

    def _phrases_of(self, fact: Fact) -> tuple[str, ...]:
        phrases = self._fact_phrases.get(fact.id)
        if phrases is None:
            return tuple(_content(normalise(p).split()) for p in (*fact.phrasings, fact.statement)) or ("",)
        return tuple(phrases.split("\n"))

    def _predicate_only(self, parsed: Parsed, predicate: str) -> MatchResult:
        if parsed.unknown:
            return self._decline(parsed, predicate, (), "unknown subject")
        subjects = sorted({subject for subject, p in self._timeline_keys() if p == predicate})
        relation = self.relations.get(predicate)
        per_subject = relation is not None and ValueKind.STAGE in relation.values
        if len(subjects) == 1 or per_subject:
            if relation is not None and relation.symmetric:
                results = tuple(self._timelines(predicate, parsed))
            else:
                results = tuple(self._lookup(s, predicate, parsed) for s in subjects)
            results = tuple(dict.fromkeys(r for r in results if r.facts))
            # Each answers only if it explains the question's words ("the kl trade talks" are not the
            # Honda–Nissan talks).
            results = tuple(r for r in results if guard.explains(self, parsed, r.facts))
            if results:
                return MatchResult(parsed, results, parsed.predicate_score * 0.9, asked_stage=parsed.stage)
        # Several subjects have this predicate and none is named: only words beyond the predicate's
        # own keywords ("combined sales", "ev leaders") can pick one; "what were sales?" cannot.
        own = self._relation_stems.get(predicate, frozenset())
        if not [t for t in _content(parsed.tokens).split() if stem(t) not in own]:
            return self._decline(parsed, predicate, (), "ambiguous subject")
        ids = self._by_predicate.get(predicate, set())
        ranked = self._rank_phrasings(parsed, self._sharing_words(parsed) & ids, bare=True)
        if ranked and ranked[0][0] >= PHRASING_CUTOFF:
            score, fact = ranked[0]
            return MatchResult(parsed, (SubjectResult(fact.subject, (fact,)),), score)
        return self._decline(parsed, predicate, (), "ambiguous subject")

    @cached_property
    def _relation_stems(self) -> dict[str, frozenset[str]]:
        return self._derive_relation_stems()

    def _derive_relation_stems(self) -> dict[str, frozenset[str]]:
        """Each relation's cue words (stems): what a question says just by naming the relation."""
        stems: dict[str, set[str]] = defaultdict(set)
        for tokens, weights in self._keywords.items():
            for relation_id in weights:
                stems[relation_id].update(tokens)
        return {r: frozenset(s) for r, s in stems.items()}

    def _by_phrasing(self, parsed: Parsed) -> MatchResult:
        if parsed.mentions:
            allowed: set[str] | None = None
            for m in parsed.mentions:
                ids = set(self._by_entity.get(m.target, set()))
                for bloc in self._blocs_of.get(m.target, []) + self._led_by.get(m.target, []):
                    ids |= self._by_entity.get(bloc, set())
                allowed = ids if allowed is None else allowed & ids
            candidates = allowed or set()
            named = {i for m in parsed.mentions for i in range(m.position[0], m.end[0] + 1)}
            # Words a Japanese run holds beside a name ("井阪社長の退任が発表…") are not names.
            residual = _content(t for i, t in enumerate(parsed.tokens) if i not in named) or " ".join(parsed.unknown)
            targets = {m.target for m in parsed.mentions}
            if not residual or (len(targets) > 1 and not parsed.unknown):
                # Just names: when everything known about them together is one timeline, that is the
                # answer ("nippon steel us steel"); several are offered, not guessed.
                single = self._single_timeline([self.facts[i] for i in candidates], parsed)
                # Words beside the names must be the timeline's ("when did trump and xi meet in korea" is
                # not their phone call).
                # And they must name its relation: "how many golds did japan bag at paris 2024" is not
                # "Japan won 11 wrestling medals, 8 of them gold, at Paris 2024", the one fact naming both.
                if single is not None and (not residual or self._names_relation_of(parsed, single.facts)):
                    return MatchResult(parsed, (single,), min(m.score for m in parsed.mentions) * 0.9)
            time_at = parsed.span.tokens if parsed.span is not None else frozenset()
            asking_words = grammar().question_words  # "oct 2023 price cap figure?"
            timed = _content(
                t for i, t in enumerate(parsed.tokens) if i not in named and i not in time_at and t not in asking_words
            )
            if not timed and len(targets) == 1 and not parsed.unknown:
                target = next(iter(targets))
                own = self._own_timelines(target)
                # "the cap in oct 2021": of all that is on file about it, one figure is dated then. Else
                # "how much is the price cap rn", "the cap in nov 2025": what is on file about it is
                # mostly one series, quarter after quarter; the name alone asks for that figure.
                found = (self._dated_then(own, parsed.span) if parsed.span is not None else None) or self._headline(
                    parsed, target, own
                )
                if found is not None:
                    return MatchResult(parsed, (found,), min(m.score for m in parsed.mentions) * 0.9)
            if not residual:
                facts = sorted(
                    (self.facts[i] for i in candidates), key=lambda f: (f.subject not in targets, _fact_order(f))
                )
                return MatchResult(
                    parsed,
                    (),
                    0.0,
                    suggestions=tuple(f.id for f in facts)[:MAX_SUGGESTIONS],
                    missing=tuple(m.target for m in parsed.mentions),
                    reason="just a name",
                )
        else:
            if parsed.unknown:
                return self._decline(parsed, None, (), "unknown words")
            candidates = self._sharing_words(parsed)
        ranked = self._rank_phrasings(parsed, candidates)
        # Without a predicate, a word the knowledge has never seen may be the whole point of the
        # question ("how old is honda"): fuzzy similarity to a phrasing is no evidence then.
        if ranked and ranked[0][0] >= PHRASING_CUTOFF and not parsed.unknown:
            score, fact = ranked[0]
            # A wording close to the question is an answer only if the fact explains it: "アメリカの店舗数"
            # is not the stores offered for divestiture, however alike their Japanese reads.
            # And only if the question names its relation: "how many golds did japan bag at paris 2024"
            # reads like "Japan won 11 wrestling medals, 8 of them gold, at Paris 2024", but asks for the
            # gold medals the fact-centred path finds.
            if guard.explains(self, parsed, [fact]) and (
                not parsed.mentions or self._names_relation_of(parsed, [fact])
            ):
                return MatchResult(parsed, (SubjectResult(fact.subject, (fact,)),), score)
        suggestions = tuple(f.id for s, f in ranked[:MAX_SUGGESTIONS] if s >= SUGGESTION_CUTOFF)
        if parsed.mentions and not suggestions:
            suggestions = tuple(f.id for _, f in ranked[:MAX_SUGGESTIONS])
        return MatchResult(parsed, (), ranked[0][0] if ranked else 0.0, suggestions=suggestions, reason="no match")

    def _names_relation_of(self, parsed: Parsed, facts: Sequence[Fact]) -> bool:
        """Does the question explain these facts and name their relation (a cue, or a word of its name)?"""
        words = asking.content_words(self, parsed)
        return guard.explains(self, parsed, facts) and candidates.assess(self, parsed, words, facts[0]).named

    @staticmethod
    def _phrases_read(fact: Fact) -> tuple[str, ...]:
        """A fact's phrasings and statement, normalised."""
        return tuple(normalise(p) for p in (*fact.phrasings, fact.statement))

    @classmethod
    def _past_content(cls, fact: Fact) -> set[str]:
        """The content words a superseded fact is found by (as a standing one is by `_word_facts`)."""
        return {w for p in _phrase_content(cls._phrases_read(fact)) for w in p.split()}

    def _headline(self, parsed: Parsed, target: str, series: dict[tuple[str, ...], list[Fact]]) -> SubjectResult | None:
        """The entity's headline series (see HEADLINE_SHARE) among its own timelines, read at the time
        asked, if it has one."""
        entity = self.entities.get(target)
        if entity is None or entity.kind not in HEADLINE_KINDS:
            return None
        sizes = sorted(((len(facts), key) for key, facts in series.items()), reverse=True)
        if not sizes or sizes[0][0] < HEADLINE_MIN or (len(sizes) > 1 and sizes[0][0] < HEADLINE_SHARE * sizes[1][0]):
            return None
        facts = series[sizes[0][1]]
        result = self._choose(target, facts, facts[0].predicate, parsed)
        if not result.facts and parsed.span is not None and not any(timeline.of_a_period(f) for f in facts):
            # "the cap in nov 2025": the level standing then, set in October.
            result = self._choose(target, facts, facts[0].predicate, retrieval.as_of_reading(parsed))
        # The kind asked: "when did the price cap first come in" is no figure of the series.
        dated = asking.asks_for_date(parsed)
        named = asking.says_any(parsed, grammar().person_questions)
        for fact in result.facts:
            if dated is not isinstance(fact.value, DateValue) or named is not isinstance(
                fact.value, PersonValue | EntityValue
            ):
                return None
            if not guard.gives_figure_asked(parsed, fact):
                return None
        return result if result.facts else None

    @staticmethod
    def _dated_then(series: dict[tuple[str, ...], list[Fact]], span: timeline.Span) -> SubjectResult | None:
        """The one of an entity's own timelines with a fact dated in the time asked, if only one has."""
        then = [dated for facts in series.values() if (dated := [f for f in facts if timeline.dated_within(f, span)])]
        if len(then) != 1:
            return None
        newest = timeline.newest_first(then[0])[0]
        return SubjectResult(newest.subject, (newest,))

    def _own_timelines(self, target: str) -> dict[tuple[str, ...], list[Fact]]:
        """An entity's own facts (standing and superseded), grouped by timeline."""
        series: dict[tuple[str, ...], list[Fact]] = defaultdict(list)
        for fact in self.facts_involving(target, MAX_CANDIDATES_DATED):
            if fact.subject == target:
                series[self.timeline_key(fact)].append(fact)
        return series

    def _sharing_words(
        self, parsed: Parsed, limit: int = MAX_PHRASING_CANDIDATES, postings_of: dict[str, set[str]] | None = None
    ) -> set[str]:
        """Facts whose phrasings share the most content words with the question (an inverted index),
        so fuzzy ranking looks at a handful of facts, not all of them (standing facts; superseded ones
        from `postings_of`, the past facts' words)."""
        table = self._word_facts if postings_of is None else postings_of
        counts: Counter[str] = Counter()
        words = set(_content(parsed.tokens).split())
        # Words asked in Japanese look for facts written in English by the words they mean.
        english = asking.english_words()
        words.update(w for leftover in parsed.unknown for w in english.get(leftover, ()))
        for word in words:
            postings = table.get(word)
            if postings and len(postings) <= MAX_POSTINGS:
                counts.update(postings)
        if len(counts) <= limit:
            return set(counts)
        # The most shared first; of those sharing as many as the last one taken, the first by id (not in
        # the order the words were met: a set's, which varies from run to run).
        top = counts.most_common(limit)
        last = top[-1][1]
        above = {fact_id for fact_id, n in top if n > last}
        ties = (fact_id for fact_id, n in counts.items() if n == last)
        return above | set(heapq.nsmallest(limit - len(above), ties))

    def _rank_phrasings(self, parsed: Parsed, ids: Iterable[str], bare: bool = False) -> list[tuple[float, Fact]]:
        query = _content(parsed.tokens)
        if not query:
            return []
        scored = []
        names = self._name_tokens
        for fact_id in ids:
            fact = self.facts[fact_id]
            phrases = self._phrases_of(fact)
            if bare:  # without the names of entities
                phrases = tuple(" ".join(t for t in p.split() if t not in names) or p for p in phrases)
            best = max(fuzz.token_set_ratio(query, p) * 0.5 + fuzz.token_sort_ratio(query, p) * 0.5 for p in phrases)
            scored.append((best, fact))
        scored.sort(key=lambda sf: (-sf[0], _fact_order(sf[1])))
        return scored

    def _decline(self, parsed: Parsed, predicate: str | None, missing: tuple[str, ...], reason: str) -> MatchResult:
        suggestions: list[Fact] = []
        related = self._related(missing)
        if predicate is not None:
            for subject in related:
                suggestions.extend(self._by_key.get((subject, predicate), []))
        # Then what is known about the names asked ("who ran Intel": Intel's own facts, before another
        # company's chief executive), then the relation asked for a few others (never a sort of everything).
        sharing = self._sharing_words(parsed) if missing else set()
        for target in missing:
            ids = self._by_entity.get(target, set())
            # Of a name with many facts, those sharing the question's words, then the first by id: the
            # same suggestions every run (a set's own order varies from run to run).
            chosen = sorted(i for i in sharing if i in ids)[:SUGGESTION_POOL]
            first = self._memo(f"first facts of entity {target}", partial(heapq.nsmallest, 2 * SUGGESTION_POOL, ids))
            chosen += [i for i in first if i not in chosen][: SUGGESTION_POOL - len(chosen)]
            # Closest to the question's words first (in the facts' order when it has none of its own).
            closest = [f for _, f in self._rank_phrasings(parsed, chosen)]
            suggestions.extend(closest or sorted((self.facts[i] for i in chosen), key=_fact_order))
        if predicate is not None:
            pool = self._by_predicate.get(predicate, set())
            # A small pool is taken whole; a large one, its first by id (worked out once per change).
            others = self._memo(f"first facts of relation {predicate}", partial(heapq.nsmallest, SUGGESTION_POOL, pool))
            suggestions.extend(sorted((self.facts[i] for i in others), key=_fact_order))
        out = list(dict.fromkeys(f.id for f in suggestions))[:MAX_SUGGESTIONS]
        if not out:
            ranked = self._rank_phrasings(parsed, self._sharing_words(parsed))
            out = [f.id for s, f in ranked[:MAX_SUGGESTIONS] if s >= SUGGESTION_CUTOFF]
        return MatchResult(parsed, (), 0.0, suggestions=tuple(out), missing=missing, reason=reason)

    def _related(self, targets: Iterable[str]) -> set[str]:
        out = set()
        for t in targets:
            out.add(t)
            out.update(self._blocs_of.get(t, []))
            out.update(self._led_by.get(t, []))
        return out

    def _suggest_for(self, results: Iterable[SubjectResult]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.id for r in results for f in r.facts))[:MAX_SUGGESTIONS]

    # -- autocomplete ---------------------------------------------------------------------------

    def _version(self) -> object:
        """What moves when the knowledge changes (a layer: its base's or its own changes)."""
        return self.generation

    def _memo(self, name: str, compute: Callable[[], _T]) -> _T:
        """A value worked out from the tables once per change of them, not once per keystroke."""
        version = self._version()
        found = self._memos.get(name)
        if found is None or found[0] != version:
            found = (version, compute())
            self._memos[name] = found
        return found[1]  # type: ignore[return-value]

    def complete(self, prefix: str, limit: int = 25) -> list[str]:
        """Curated questions closest to what the user has typed so far (for slash autocomplete)."""
        if not normalise(prefix):
            # The first facts by id: reading every fact back would take a second at 100,000 facts.
            first = self._memo("fact_ids", lambda: sorted(self.facts))[: SUGGESTION_POOL * limit]
            return sorted({suggestion(self.facts[i]) for i in first})[:limit]
        ranked = process.extract(
            prefix,
            self._completions,
            scorer=fuzz.WRatio,
            processor=normalise,
            limit=limit * 2,
            score_cutoff=SUGGESTION_CUTOFF,
        )
        return list(dict.fromkeys(text for text, _, _ in ranked))[:limit]

    @cached_property
    def _completions(self) -> list[str]:
        return self._derive_completions()

    def _derive_completions(self) -> list[str]:
        # Only the facts that have curated phrasings are read back.
        facts = (self.facts.get(i) for i in set(self._phrasings.values()))
        return sorted({p for f in facts if f is not None for p in f.phrasings if len(p) <= 100})

    def first_entities(self, limit: int = 25) -> list[str]:
        """Entity ids in order, the first few (autocomplete before anything is typed)."""
        return self._memo("entity_ids", lambda: sorted(self.entities))[:limit]

    def search_facts(self, prefix: str, limit: int = 25) -> list[Fact]:
        """Facts whose id or statement is closest to the text typed (for /fact show autocomplete).

        Every keystroke asks this on the event loop: a big index ranks only the facts whose id starts
        with the text or whose statement holds a word typed, never all of them."""
        ids = self._memo("fact_ids", lambda: sorted(self.facts))
        query = normalise(prefix)
        if not query:
            return [self.facts[i] for i in ids[:limit]]
        # An id as typed ("company-77") or as its words ("company 77 plants" for company-77-plants-…)
        # comes first: someone typing the start of an id wants that fact.
        typed = prefix.strip().casefold()
        found = [ids[k] for text in dict.fromkeys((typed, "-".join(query.split()))) for k in _prefixed(ids, text)]
        if len(ids) <= FULL_SEARCH:
            pool: Iterable[str] = ids
        else:
            counts: Counter[str] = Counter()
            for word in set(query.split()):
                postings = self._word_facts.get(word)
                if postings and len(postings) <= MAX_POSTINGS:
                    counts.update(postings)
            found += [i for i, _ in counts.most_common(SEARCH_POOL)]
            pool = [i for i in dict.fromkeys(found) if i in self.facts]
        # Ranked by the statement's words as indexed: reading every fact back is slow in a big index.
        choices = {i: f"{i} {self._fact_phrases[i].rpartition(chr(10))[2]}" for i in pool}
        ranked = process.extract(query, choices, scorer=fuzz.WRatio, processor=normalise, limit=limit)
        hits = [*found, *(key for _, score, key in ranked if score >= SUGGESTION_CUTOFF)]
        return [self.facts[i] for i in dict.fromkeys(hits) if i in self.facts][:limit]

    def search_subjects(self, prefix: str, limit: int = 25) -> list[str]:
        """Entity and bloc ids with facts, closest to the text typed first (for /compare autocomplete).

        A big index ranks only the names that start with the text, or with one of its words (bisected
        from a sorted list worked out once per change), never all of them per keystroke."""
        names = self._memo("subject_names", self._subject_names)
        query = normalise(prefix)
        if not query:
            return self._memo("subject_ids", lambda: sorted({i for _, i in names}))[:limit]
        if len(names) <= FULL_SEARCH:
            choices = names
        else:
            keys = self._memo("subject_keys", lambda: [n for n, _ in names])
            picked: list[tuple[str, str]] = []
            for word in dict.fromkeys([query, *query.split()]):
                picked += (names[k] for k in _prefixed(keys, word))
            choices = list(dict.fromkeys(picked))
        ranked = process.extract(
            query, [c for c, _ in choices], scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=SUGGESTION_CUTOFF
        )
        return list(dict.fromkeys(choices[index][1] for _, _, index in ranked))[:limit]

    def _subject_names(self) -> list[tuple[str, str]]:
        """Every name and alias of the entities and blocs with facts, normalised, sorted: (name, id)."""
        ids = self._subjects_with_facts() | set(self.blocs) | set(self._led_by)
        return sorted({(normalise(n), i) for i in ids for n in (self.name(i), *self._aliases_of(i)) if normalise(n)})

    def _timeline_keys(self) -> Iterable[tuple[str, str]]:
        """(subject, relation) of every live timeline."""
        return self._by_key

    def _subjects_with_facts(self) -> set[str]:
        return {subject for subject, _ in self._timeline_keys()}

    def metrics(self) -> list[str]:
        """Relations with figures that can be compared (quantities, percentages, money), most used
        first. A relation's facts are judged by a few of them: reading back every fact of a big
        index would hold the event loop for a second."""

        def derive() -> list[str]:
            counts: dict[str, float] = {}
            for predicate in list(self._by_predicate):
                ids = self._by_predicate.get(predicate, set())
                few = len(ids) <= 10 * METRIC_SAMPLE
                sample = sorted(ids)[:METRIC_SAMPLE] if few else list(itertools.islice(ids, METRIC_SAMPLE))
                figures = (QuantityValue, PercentValue, MoneyValue)
                numeric = sum(isinstance(self.facts[i].value, figures) for i in sample)
                if numeric:
                    counts[predicate] = len(ids) * numeric / len(sample)
            return sorted(counts, key=lambda r: (-counts[r], r))

        return self._memo("metrics", derive)

    def resolve_subject(self, text: str) -> str | None:
        """An entity or bloc id from an id or a name as typed ("toyta group" -> toyota-group)."""
        if text in self.entities or text in self.blocs:
            return text
        targets = list(dict.fromkeys(m.target for m in self.parse(text).mentions))
        if len(targets) == 1:
            return targets[0]
        return self._bloc_for(self._members(targets)) if targets else None

    def counterparties(self, target: str) -> frozenset[str]:
        """The entities with a fact (standing or past) that has this one as a party (worked out once
        per entity while the tables stay as they are: the guard asks for each candidate fact)."""
        known: dict[str, frozenset[str]] = self._memo("counterparties", dict)
        found = known.get(target)
        if found is None:
            ids = set(self._by_entity.get(target, ())) | self._past_by_entity.get(target, set())
            facts = (self.facts.get(i) or self._past.get(i) for i in ids)
            found = known[target] = frozenset(e for f in facts if f is not None for e in f.entity_ids) - {target}
        return found

    def name_stems(self, target: str) -> tuple[frozenset[str], ...]:
        """The stems of each of an entity's or bloc's names (its name and aliases), as a fact's bag
        holds them (worked out once per entity while the tables stay as they are)."""
        known: dict[str, tuple[frozenset[str], ...]] = self._memo("name_stems", dict)
        found = known.get(target)
        if found is None:
            named = self.entities.get(target) or self.blocs.get(target)
            names = (named.name, *named.aliases) if named is not None else ()
            found = known[target] = tuple(frozenset(_read_as_asked(normalise(n))) for n in names)
        return found

    def named_in_name(self, target: str) -> frozenset[str]:
        """Other entities an entity's name names ("JASM" of "JASM Kumamoto Fab 1"). Not its aliases: "Ohtani's
        interpreter" says who Mizuhara worked for, not what he is part of."""
        named = self.entities.get(target)
        if named is None:
            return frozenset()
        name = named.name
        return self._memo(f"names in the name of {target}", lambda: self._names_in(name) - {target})

    def numbered_words(self) -> frozenset[str]:
        """The words the knowledge's names number ("fab" of "Fab 2", "第" of "第2工場"): a number after
        one in a question says which of several is asked."""

        def compute() -> frozenset[str]:
            words = {key[i] for key in self._latin_aliases for i in range(len(key) - 1) if key[i + 1].isdigit()}
            if any(re.search(r"第\d", alias) for alias, _ in self._cjk_aliases):
                words.add("第")
            return frozenset(words)

        return self._memo("numbered_words", compute)

    def name_words(self, target: str) -> frozenset[str]:
        """The words of an entity's or bloc's name and aliases."""
        named = self.entities.get(target) or self.blocs.get(target)
        names = (named.name, *named.aliases) if named is not None else ()
        return frozenset(w for n in names for w in normalise(n).split())

    def _aliases_of(self, target: str) -> tuple[str, ...]:
        if target in self.entities:
            return self.entities[target].aliases
        if target in self.blocs:
            return self.blocs[target].aliases
        return ()

    def lookup(self, subject: str, predicate: str) -> list[SubjectResult]:
        """Facts for a subject chosen by id (not parsed from text), with the same fallbacks as questions."""
        parsed = Parsed("", (), (), (), predicate, 100.0, None, ())
        result = self._lookup(subject, predicate, parsed)
        if not result.facts and subject in self.blocs:
            members = [self._lookup(m, predicate, parsed) for m in self.blocs[subject].members]
            if any(r.facts for r in members):
                return members
        return [result]

    def by_predicate(self, predicate: str) -> list[Fact]:
        """Every live fact with a predicate, grouped by subject, best first within each."""
        facts = [self.facts[i] for i in self._by_predicate.get(predicate, set())]
        return sorted(facts, key=lambda f: (f.subject, _fact_order(f)))


def _prefixed(ordered: Sequence[str], text: str) -> range:
    """Positions of the first few entries of a sorted list that start with the text."""
    start = end = bisect.bisect_left(ordered, text)
    while end < len(ordered) and end - start < SEARCH_POOL and ordered[end].startswith(text):
        end += 1
    return range(start, end)


def suggestion(fact: Fact) -> str:
    """The question a fact offers as a "did you mean": its first phrasing, else its statement."""
    return fact.phrasings[0] if fact.phrasings else fact.statement
