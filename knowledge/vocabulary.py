"""The vocabulary as data: built-in relations and stages, and the grammar words a question is read with.

Everything here is loaded from `knowledge/data/vocabulary/*.yaml` through the models; Python holds
the mechanism only. Relations also live in the store, where curators add and edit them; the files
are what a new database is seeded with.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from knowledge.models import ObjectRule, Relation, Stage, StageInfo

VOCABULARY_FILES = ("core", "business")
"""Relation files, in load order: a later file may not redefine an earlier file's relation."""
GRAMMAR_FILE = "grammar"
GLOSSARY_FILE = "glossary"
"""English–Japanese groups of words that mean the same thing, read as more of the grammar's `related`."""


class VocabularyError(ValueError):
    """A vocabulary file that does not validate; the message names the entry and field."""


class JapaneseWords(BaseModel):
    """What an answer to a question asked in Japanese says around the facts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    units: dict[str, str] = {}
    currencies: dict[str, str] = {}
    statuses: dict[str, str] = {}
    qualifiers: dict[str, str] = {}
    words: dict[str, str] = {}


class WeekWords(BaseModel):
    """How a question names a week by a day of it ("the week of march 3", "the week to july 20")."""

    model_config = ConfigDict(frozen=True)

    nouns: frozenset[str] = frozenset()
    starting: frozenset[str] = frozenset()
    ending: frozenset[str] = frozenset()
    starting_ja: tuple[str, ...] = ()
    ending_ja: tuple[str, ...] = ()


class Grammar(BaseModel):
    """Words that are part of how questions are asked in general, not of any relation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stopwords: frozenset[str]
    comparison: frozenset[str]
    subject_markers_ja: tuple[str, ...]
    object_cues_before: frozenset[str]
    subject_cues_after: frozenset[str] = frozenset()
    object_cues_after_ja: tuple[str, ...]
    weak_object_cues_after_ja: tuple[str, ...]
    japanese_filler: tuple[str, ...]
    japanese_counters: tuple[str, ...] = ()
    japanese_prefixes: frozenset[str] = frozenset()
    weak_subject_cues_after: frozenset[str] = frozenset()
    trailing_only: frozenset[str] = frozenset()
    time_words: frozenset[str] = frozenset()
    began_words: frozenset[str] = frozenset()
    event_times: frozenset[str] = frozenset()
    standing_words: tuple[str, ...] = ()
    reading_words: tuple[str, ...] = ()
    time_relations: frozenset[str] = frozenset()
    before_words: frozenset[str] = frozenset()
    stood_before_words: frozenset[str] = frozenset()
    number_words: dict[str, int] = {}
    month_markers: frozenset[str] = frozenset()
    month_markers_before_the: frozenset[str] = frozenset()
    after_words: frozenset[str] = frozenset()
    dating_words: frozenset[str] = frozenset()
    dating_words_ja: tuple[str, ...] = ()
    day_words: frozenset[str] = frozenset()
    calendar_words: tuple[str, ...] = ()
    period_markers: frozenset[str] = frozenset()
    whole_words: frozenset[str] = frozenset()
    part_markers: frozenset[str] = frozenset()
    deal_words: tuple[str, ...] = ()
    joining_words: tuple[str, ...] = ()
    comparatives: frozenset[str] = frozenset()
    glued_units: tuple[str, ...] = ()
    measure_units: frozenset[str] = frozenset()
    money_nouns: tuple[str, ...] = ()
    yes_no_openers: tuple[str, ...] = ()
    date_units_ja: tuple[str, ...] = ()
    day_parts: tuple[str, ...] = ()
    until_questions: tuple[str, ...] = ()
    end_words: tuple[str, ...] = ()
    reflexives: tuple[str, ...] = ()
    clause_openers: tuple[str, ...] = ()
    people_nouns: tuple[str, ...] = ()
    people_units: frozenset[str] = frozenset()
    weeks: WeekWords = WeekWords()
    share_heads: tuple[str, ...] = ()
    money_heads: tuple[str, ...] = ()
    rate_phrases: tuple[str, ...] = ()
    level_heads: tuple[str, ...] = ()
    extreme_words: tuple[str, ...] = ()
    level_questions: tuple[str, ...] = ()
    money_verbs: tuple[str, ...] = ()
    shared_heads: tuple[str, ...] = ()
    text_role_qualifiers: tuple[str, ...] = ()
    question_words: frozenset[str] = frozenset()
    measure_words: frozenset[str] = frozenset()
    state_heads: frozenset[str] = frozenset()
    role_qualifiers: frozenset[str] = frozenset()
    synonyms: dict[str, str] = {}
    phrases: dict[str, str] = {}
    number_questions: tuple[str, ...] = ()
    date_questions: tuple[str, ...] = ()
    date_questions_ja: tuple[str, ...] = ()
    until_ja: tuple[str, ...] = ()
    until_words: tuple[str, ...] = ()
    amount_questions: tuple[str, ...] = ()
    ratio_questions_ja: tuple[str, ...] = ()
    money_questions: tuple[str, ...] = ()
    status_questions: tuple[str, ...] = ()
    change_words: tuple[str, ...] = ()
    change_levels: tuple[str, ...] = ()
    move_names: frozenset[str] = frozenset()
    share_questions: tuple[str, ...] = ()
    present_words: tuple[str, ...] = ()
    original_words: tuple[str, ...] = ()
    numbered_stretches: frozenset[str] = frozenset()
    period_names: dict[str, tuple[str, ...]] = {}
    period_lengths: dict[str, str] = {}
    counter_units: dict[str, tuple[str, ...]] = {}
    count_questions: tuple[str, ...] = ()
    percent_questions: tuple[str, ...] = ()
    opposites: tuple[tuple[str, ...], ...] = ()
    ordinals: tuple[tuple[str, ...], ...] = ()
    japanese_ordinals: tuple[str, ...] = ()
    last_places: tuple[str, ...] = ()
    names_after_the: frozenset[str] = frozenset()
    person_questions: tuple[str, ...] = ()
    name_questions: tuple[str, ...] = ()
    event_words: frozenset[str] = frozenset()
    label_prepositions: frozenset[str] = frozenset()
    participles: frozenset[str] = frozenset()
    japanese: JapaneseWords = JapaneseWords()
    months: dict[str, int] = {}
    parts_of_year: dict[str, tuple[int, int]] = {}
    currencies: dict[str, str] = {}
    currency_codes: frozenset[str] = frozenset()
    scales: dict[str, float] = {}
    qualifiers: dict[str, str] = {}
    related: tuple[tuple[str, ...], ...] = ()
    broader: dict[str, tuple[str, ...]] = {}


@dataclass(frozen=True)
class BuiltinVocabulary:
    """The shipped relations and stages, validated."""

    relations: tuple[Relation, ...]
    stages: tuple[StageInfo, ...]


def _folder() -> resources.abc.Traversable:
    return resources.files("knowledge") / "data" / "vocabulary"


def _text(name: str) -> str:
    return (_folder() / f"{name}.yaml").read_text(encoding="utf-8")


def _load(name: str) -> Any:
    try:
        # libyaml's loader when PyYAML has it (its wheels do): the shipped files load in 40 ms, not 430.
        return yaml.load(_text(name), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:  # pragma: no cover - shipped files are tested
        raise VocabularyError(f"{name}.yaml: not valid YAML: {exc}") from exc


@cache
def grammar() -> Grammar:
    """The grammar words, validated once per process."""
    data = dict(_load(GRAMMAR_FILE))
    if _folder().joinpath(f"{GLOSSARY_FILE}.yaml").is_file():
        glossary = (_load(GLOSSARY_FILE) or {}).get("glossary", [])
        data["related"] = [*data.get("related", []), *glossary]
    try:
        return Grammar.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - shipped files are tested
        raise VocabularyError(f"{GRAMMAR_FILE}.yaml or {GLOSSARY_FILE}.yaml: {exc}") from exc


@cache
def builtin() -> BuiltinVocabulary:
    """Every shipped relation and stage, validated; a duplicate relation id is an error."""
    relations: dict[str, Relation] = {}
    stages: list[StageInfo] = []
    for name in VOCABULARY_FILES:
        data = _load(name) or {}
        for i, raw in enumerate(data.get("relations", ())):
            try:
                relation = Relation.model_validate(raw)
            except ValidationError as exc:
                raise VocabularyError(f"{name}.yaml: relations[{i}]: {exc}") from exc
            if relation.id in relations:
                raise VocabularyError(f"{name}.yaml: relations[{i}] ({relation.id}): duplicate id")
            relations[relation.id] = relation
        for i, raw in enumerate(data.get("stages", ())):
            try:
                stages.append(StageInfo.model_validate(raw))
            except ValidationError as exc:
                raise VocabularyError(f"{name}.yaml: stages[{i}]: {exc}") from exc
    known = {s.id for s in stages}
    stages.extend(StageInfo(id=s, label=s.value) for s in Stage if s not in known)
    stages.sort(key=lambda s: s.id.order)
    return BuiltinVocabulary(tuple(relations.values()), tuple(stages))


def builtin_digest() -> str:
    """A digest of the shipped vocabulary, so the store can tell when it changed."""
    digest = hashlib.sha256()
    for name in VOCABULARY_FILES:
        digest.update(_text(name).encode())
    return digest.hexdigest()


def stage_info(stage: Stage) -> StageInfo:
    """How a stage reads in answers."""
    return next(s for s in builtin().stages if s.id is stage)


_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def relation_key(text: str) -> str:
    """A name folded for comparison: 'Stake in', 'stake_in' and 'stake-in' are one relation."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    return " ".join(re.sub(r"[\s_\-–—]+", " ", text).split())


def relation_slug(name: str) -> str:
    """An id for a relation a curator named: 'Stake held in French trust' -> 'stake_held_in_french_trust'.

    Names in other scripts keep a readable digest-based id."""
    folded = _SLUG_DROP.sub("_", unicodedata.normalize("NFKC", name).casefold()).strip("_")[:60].strip("_")
    if folded:
        return folded
    return "rel_" + hashlib.sha256(name.encode()).hexdigest()[:10]


def resolve_relation(name: str, relations: dict[str, Relation]) -> Relation | None:
    """The relation a curator means by a name: its id or its label (English or Japanese). None when
    nothing fits (then a new relation is created)."""
    key = relation_key(name)
    if not key:
        return None
    by_id = relations.get(relation_slug(name)) or relations.get(name)
    if by_id is not None:
        return by_id
    for relation in relations.values():
        labels = (relation.label, relation.label_ja or "", relation.id, relation.inverse or "")
        if key in {relation_key(label) for label in labels if label}:
            return relation
    # Not by cue: two series a curator names apart ("operating profit forecast", "net profit forecast")
    # would merge into the one relation whose cues hold both. Their own relations tie with it on
    # those cues, and the one with facts answers.
    return None


def names_relation(name: str, relation: Relation) -> bool:
    """True when a name is the relation's id or one of its labels (not merely one of its cues)."""
    key = relation_key(name)
    labels = (relation.label, relation.label_ja or "", relation.id, relation.inverse or "")
    return relation_slug(name) == relation.id or key in {relation_key(label) for label in labels if label}


def is_japanese(text: str) -> bool:
    """True when text is written in Japanese (it has kana or kanji)."""
    return bool(_JAPANESE.search(text))


def is_katakana(text: str) -> bool:
    """True when text is all katakana (a loanword or a foreign name: "リオ", "ソフトバンク")."""
    return bool(text) and all("\u30a1" <= char <= "\u30ff" for char in text)


def split_cues(phrases: Iterable[str], weight: float = 1.0) -> tuple[dict[str, float], dict[str, float]]:
    """Phrases as (English cues, Japanese cues), told apart by script; English ones folded to lower case."""
    english: dict[str, float] = {}
    japanese: dict[str, float] = {}
    for phrase in phrases:
        text = " ".join(phrase.split())
        if is_japanese(text):
            japanese[text] = weight
        elif text:
            english[text.casefold()] = weight
    return english, japanese


def new_relation(name: str) -> Relation:
    """A relation created for a name no existing one has: its name is its label and first cue."""
    text = " ".join(name.split())[:100]
    cues, cues_ja = split_cues([text])
    return Relation(
        id=relation_slug(text),
        label=text,
        label_ja=text if cues_ja else None,
        object=ObjectRule.OPTIONAL,
        cues=cues,
        cues_ja=cues_ja,
    )


def builtin_relation(relation_id: str) -> Relation | None:
    """A shipped relation by id (what a new database is seeded with)."""
    return _builtin_by_id().get(relation_id)


@cache
def _builtin_by_id() -> dict[str, Relation]:
    return {r.id: r for r in builtin().relations}
