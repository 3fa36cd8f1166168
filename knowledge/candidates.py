"""The candidates for a question and the evidence for each.

The facts about everything the question names (or, naming nothing, those sharing its words), each
scored by how much of the question it explains: cues of its relation, words of its relation's name,
its statement, phrasings, quote and value; preferences for the kind of answer asked rank facts that
fit alike. The guard's verdict (knowledge.guard) travels with each score as the words left unexplained.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from knowledge import timeline
from knowledge.asking import (
    asked_in,
    broad_words,
    content_words,
    deal_names,
    holds_key,
    paired_names,
    related_words,
    stem_of,
    time_clause_words,
)
from knowledge.guard import (
    abbreviates,
    about_another,
    accounts_for,
    gives_kind_asked,
    grammar_stems,
    holds_figure,
    in_text,
    initials_of,
    joins_words,
    label_years_differ,
    named_only,
    names_its_kind,
    number_differs,
    opposite_asked,
    ordinal_differs,
    period_conflict,
    period_lengths_asked,
    period_stems_of,
    placement_differs,
    qualified_in_text,
    related_in_fact,
    relation_word_unasked,
    said_itself,
    said_stems,
    value_amount,
)
from knowledge.models import (
    Fact,
    QuantityValue,
    Timing,
)
from knowledge.vocabulary import grammar

if TYPE_CHECKING:
    from knowledge.matcher import FactIndex
    from knowledge.reading import Parsed

RELATION_WORD_WEIGHT = 1.0
"""What one question word that names the fact's relation (a word of its label or cues) adds."""
TEXT_WEIGHT = 0.5
"""What one question word found in a fact's own text adds to its relation's cue score."""
INHERITED_WORD_WEIGHT = 0.75
"""What a question word adds that the fact's relation holds only as part of a longer cue, its own or
one it inherits ("worth" of "deal worth", for an "acquisition price"; "boss" of "finance boss"): the
words that name the relation alone add RELATION_WORD_WEIGHT."""
GENERIC_SHARE = 0.3
GENERIC_MIN_FACTS = 3
"""A question word found in this share of the facts about its names (at least this many facts) is generic."""
LABEL_BONUS = 0.5
"""Added when the question contains every word of the fact's relation label ("president")."""
PERIOD_BONUS = 0.5
"""Added when a period figure's own period is exactly the time asked."""
PARTY_BONUS = 0.25
"""Added for each name asked that is the fact's subject or object, not only named in its statement."""
VIA_PENALTY = 0.5
"""Taken off a fact that answers for a company only through the bloc it leads."""
OTHER_OBJECT_PENALTY = 1.5
"""Taken off a fact about another object than the one asked: the question names the fact's subject and
an entity the fact names only as the owner of its own object ("… U.S. Steel's Mon Valley Works"),
which the question does not name. That is a neighbour, however well its relation's words fit."""
KIND_BONUS = 0.5
"""Added to a fact whose value is what the question asks for: a date for "when" ("when does the contract
run out"), a person or an organisation for "who" ("who gave the green light"), a figure in the unit
asked or equal to the figure the question states."""
FIRST_NAMED_BONUS = 0.25
"""Added when the fact's subject is the first name asked ("how much is Mbappé suing PSG for")."""
SUBJECT_BONUS = 0.25
"""Added when the one name asked is the fact's subject, not its object (the Bank of Japan's own rate,
not a board member's proposal for it)."""
LABEL_COVERAGE_WEIGHT = 0.25
"""Times the share of the relation name's words the question says."""
MAX_CANDIDATES = 2000
"""At most this many facts are scored for one question (those about the names asked)."""


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate fact, its score, and the question words it leaves unexplained."""

    fact: Fact
    score: float
    unexplained: tuple[str, ...]
    kind_bonus: float = 0.0
    named: bool = True
    """Does the question name the fact's relation at all (a cue, a word of its name)? If not, only the
    fact's own words tie it to the question."""
    """What the score holds for preferences between facts that fit alike (the kind of value asked, the
    subject asked, how much of the relation's name is asked): it ranks candidates, it is no evidence
    that the fact's relation is the one asked."""

    @property
    def evidence(self) -> float:
        return self.score - self.kind_bonus


def candidates(index: FactIndex, parsed: Parsed) -> list[Fact]:
    """Facts that account for every entity the question names (all facts sharing its words, if none)."""
    targets = [t for t in dict.fromkeys(m.target for m in parsed.mentions) if not index.is_context(t)]
    if not targets:
        return index.facts_sharing_words(parsed, MAX_CANDIDATES)
    pool: dict[str, Fact] = {}
    said = said_stems(parsed)
    for target in targets:
        for fact in index.facts_involving(target, MAX_CANDIDATES):
            pool.setdefault(fact.id, fact)
        for event in index.events_named_after(target):
            # "kite pharma hospitalizations": the facts of the scandal named after it, where the question
            # tells it from the other events named after the company (else none of them accounts for it)
            telling = index.named_by_event(event).get(target, frozenset())
            if telling and not telling & said:
                continue
            for fact in index.facts_involving(event, MAX_CANDIDATES):
                pool.setdefault(fact.id, fact)
    roles = index.roles(parsed)
    deals = deal_names(parsed)
    pairs = paired_names(index, parsed)
    return [
        f
        for f in pool.values()
        if accounts_for(index, f, targets, deals, pairs=pairs, said=said) and not _reversed(index, f, roles)
    ]


def _reversed(index: FactIndex, fact: Fact, roles: tuple[str, str] | None) -> bool:
    """Does the fact read the other way round from the question ("Nissan's stake in Renault" asked,
    Renault's stake in Nissan found)?"""
    if roles is None or fact.object is None:
        return False
    subject, obj = roles
    relation = index.relations.get(fact.predicate)
    if relation is not None and relation.symmetric:
        return False
    if subject in index.named_in_label(fact.predicate):
        return False  # "ヨークHDはベインに…売れた": Bain's "York Holdings deal value" is York's sale
    return index.within(fact.subject, obj) and index.within(fact.object, subject)


def score(index: FactIndex, parsed: Parsed, words: dict[str, str]) -> list[Scored]:
    """Every candidate with its evidence, best first; facts leaving a question word unexplained are kept
    (for suggestions) but marked."""
    pool = candidates(index, parsed)
    generic = _generic_words(index, pool, words)
    scored = [assess(index, parsed, words, fact, generic) for fact in pool]
    if parsed.span is not None and parsed.span.before:
        scored = _said_of_what_replaced_it(index, parsed.span, words, scored)
    scored.sort(key=lambda s: (bool(s.unexplained), -s.score, timeline.newest_key(s.fact)))
    return scored


def _said_of_what_replaced_it(
    index: FactIndex, span: timeline.Span, words: dict[str, str], scored: list[Scored]
) -> list[Scored]:
    """Asked what stood before something that happened ("seats before the oct 2024 election"), the
    words that name it ("election") are said of the figure dated then on the same timeline (the
    result), not of the figure it replaced: they are accounted for on that timeline's older facts too."""
    said: dict[tuple[str, ...], set[str]] = {}
    for s in scored:
        if timeline.dated_within(s.fact, span):
            key = index.timeline_key(s.fact)
            said.setdefault(key, set()).update(w for w in words.values() if w not in s.unexplained)
    if not said:
        return scored
    out = []
    for s in scored:
        explained = said.get(index.timeline_key(s.fact), set())
        if s.unexplained and explained:
            s = replace(s, unexplained=tuple(w for w in s.unexplained if w not in explained))
        out.append(s)
    return out


def generic_words(index: FactIndex, parsed: Parsed) -> frozenset[str]:
    """The question's deal words that frame it rather than pick a fact ("catalent per share price in the
    novo deal": `_generic_words`), by key. Only deal words: the guard lets no other word go unexplained
    ("who's the chancellor rn" is not a date the chancellor set)."""
    words = content_words(index, parsed)
    deal = {stem_of(w) for w in grammar().deal_words}
    framing = {k: w for k, w in words.items() if k in deal}
    return _generic_words(index, candidates(index, parsed), framing) if framing else frozenset()


def _generic_words(index: FactIndex, pool: list[Fact], words: dict[str, str]) -> frozenset[str]:
    """Question words that many of the facts about these names share ("the deal" in a takeover story):
    they frame the question rather than pick a fact, so one of them may go unexplained."""
    if len(pool) < GENERIC_MIN_FACTS:
        return frozenset()
    bags = [index.fact_bag(f)[0] for f in pool]
    return frozenset(w for w in words if sum(w in bag for bag in bags) >= GENERIC_SHARE * len(bags))


def assess(
    index: FactIndex, parsed: Parsed, words: dict[str, str], fact: Fact, generic: frozenset[str] = frozenset()
) -> Scored:
    """One fact's evidence for a question, and the question words it leaves unexplained."""
    question = asked_in(parsed)
    cue_scores, cued, asked = question.cue_scores, question.cued, question.asked
    bag, own_cjk = index.fact_bag(fact)
    bag -= named_only(index, parsed, fact)
    relation_words, relation_cjk = index.relation_words(fact.predicate)
    cjk = f"{own_cjk}\n{relation_cjk}"
    unexplained = tuple(
        word
        for key, word in words.items()
        if not (
            key in bag
            or key in relation_words
            or (cjk and in_text(key, cjk))
            or (key.startswith("#") and holds_figure(index, fact, key))
        )
    )
    label = index.label_words(fact.predicate)
    related_hits = 0
    if unexplained:
        # A word that names the same thing as a word of the fact, by the vocabulary ("deal" and
        # "acquisition" are cues of one relation; "offer" and "bid" are related words), is accounted for.
        text = index.fact_text(fact)
        left = tuple(w for w in unexplained if not index.related_in_text(stem_of(w), text))
        unexplained = tuple(
            w for w in left if not related_in_fact(stem_of(w), text, label, own_cjk) and not abbreviates(index, w, fact)
        )
        related_hits = len(left) - len(unexplained)
        # "how much cash": a word that only says the kind of figure is accounted for, but no evidence.
        unexplained = tuple(w for w in unexplained if not names_its_kind(fact, stem_of(w)) and not joins_words(w, fact))
    head = relation_word_unasked(index, parsed, fact)
    if head is not None:
        unexplained = (*unexplained, head)  # the relation's own word, not asked: a neighbour
    if len(unexplained) == 1 and stem_of(unexplained[0]) in generic:
        unexplained = ()
    # Words of the fact's relation the cues did not already count ("held … French trust" for
    # "stake held in French trust"), then words only its texts have.
    own_cue = cue_scores.get(fact.predicate, 0.0)
    own_words = index.own_relation_words(fact.predicate)
    # A broad word ("boss") is evidence for a relation only as one of its own one-word cues, never as
    # part of a longer cue ("finance boss" of the CFO): it stands for the roles it covers (`broader`).
    broad = broad_words()
    relation_hits = sum(
        1.0 if key in own_words else INHERITED_WORD_WEIGHT
        for key in words
        if key in relation_words and (key in own_words or key not in broad) and (not own_cue or key not in cued)
    )
    if not relation_hits and not own_cue and broad_role_asked(index, parsed, fact):
        relation_hits = 1.0  # "who heads the union": "heads" stands for its president
    relation = index.relations.get(fact.predicate)
    # Or every question word that names the relation by its label, when another relation's longer cue
    # took it ("operating profit" read as operating profit, asked of "operating profit forecast").
    label_hits = sum(1 for key in words if index.names_by_label(fact.predicate, key))
    if relation is not None:
        # "figma arr": initials of the relation's name ("annual recurring revenue") name it.
        label_hits += sum(1 for word in words.values() if initials_of(word, relation.label))
    text_hits = sum(1 for key in words if key in bag and key not in relation_words)
    evidence = max(own_cue + RELATION_WORD_WEIGHT * relation_hits, RELATION_WORD_WEIGHT * label_hits)
    evidence += TEXT_WEIGHT * (text_hits + related_hits)
    # A clause saying what happened then need not be said by a fact (it is no content word), but one that
    # says it fits better: "the cap when bills finally dropped in july 2023".
    evidence += TEXT_WEIGHT * sum(1 for key in time_clause_words(parsed) if key in bag)
    if relation is not None and label and label <= asked:
        evidence += LABEL_BONUS  # the question says the relation's own name: "president of …"
    if parsed.span is not None and (fact.period or index.timing(fact.predicate) is Timing.PERIOD):
        asked_years = set(range(int(parsed.span.start[:4]), int(parsed.span.end[:4]) + 1))
        label_years = {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", relation.label if relation else "")}
        asked_months = timeline.months_between(parsed.span.start, parsed.span.end)
        whole_years = parsed.span.start[5:] == "01-01" and parsed.span.end[5:] == "12-31"
        whole_fact = not timeline.is_part_of_year(fact)
        if whole_years and whole_fact and (timeline.period_years(fact) == asked_years or label_years == asked_years):
            evidence += PERIOD_BONUS  # "goals in 2025": the calendar-2025 figure, not the 2024-25 season's
        if len(asked_months) > 1 and timeline.period_months(fact) == asked_months:
            evidence += PERIOD_BONUS  # "july-september 2025": that quarter's figure, not the half year's
    targets = [m.target for m in parsed.mentions]
    kind_bonus = KIND_BONUS if gives_kind_asked(parsed, fact) else 0.0
    if _unit_asked(parsed, fact):
        kind_bonus += KIND_BONUS  # "how many goals": the figure counted in goals, not appearances
    value = value_amount(fact)
    if value is not None and any(k.startswith("#") and float(k[1:]) == value for k in words):
        kind_bonus += KIND_BONUS  # "when did it hike to 0.5%": the fact whose figure is 0.5%
    if len(set(targets)) > 1 and fact.object is not None and index.within(fact.subject, targets[0]):
        evidence += FIRST_NAMED_BONUS
    # A name that is the fact's own party is stronger evidence than one its statement mentions, and
    # the party it is about (its subject) more than the one it is towards.
    evidence += PARTY_BONUS * sum(1 for t in dict.fromkeys(targets) if t in (fact.subject, fact.object))
    # Preferences between facts that fit alike; they rank, they are no evidence of fit: the one name
    # asked as the fact's subject (the Bank of Japan's own rate, not a board member's proposal for it);
    # the relation whose name the question says more of ("policy rate" over "proposed policy rate").
    if len(set(targets)) == 1 and index.within(fact.subject, targets[0]):
        kind_bonus += SUBJECT_BONUS
    if label:
        # A quarter asked says "quarterly"; a measure word ("toll", "total") is what the name counts, not
        # what: "deaths" says all of a "death toll". (Counting the related words of the question's words as
        # said too, "died" for "death", measured 1 more wrong on the Nvidia story and nothing gained.)
        said = asked | _period_named(parsed)
        core = (label - grammar_stems("measure_words")) or label
        kind_bonus += LABEL_COVERAGE_WEIGHT * len(core & said) / len(core)
    if any(t in index.led_blocs(t2) for t2 in targets for t in fact.entity_ids) and not set(targets) & fact.entity_ids:
        evidence -= VIA_PENALTY  # answered through the bloc a company leads: weaker than its own fact
    if fact.object is not None and fact.subject in said_itself(parsed):
        evidence -= VIA_PENALTY  # "what's skydance itself valued at": its own valuation, not the deal's value
    if about_another(index, fact, targets, parsed):
        unexplained = (*unexplained, index.name(fact.subject))
    if label_years_differ(index, parsed, fact):
        unexplained = (*unexplained, index.relations[fact.predicate].label)
    for other in (
        period_conflict(index, parsed, fact),
        opposite_asked(index, words, fact, asked),
        ordinal_differs(index, parsed, fact),
        number_differs(index, parsed, fact),
        placement_differs(index, parsed, fact),
    ):
        if other is not None:
            unexplained = (*unexplained, other)
    if fact.object is not None and fact.object not in targets and fact.subject in targets:
        mentioned_only = [t for t in dict.fromkeys(targets) if t not in (fact.subject, fact.object)]
        through = [t for t in mentioned_only if fact.object not in index.members_of([t])]
        if any(index.names_through(fact, t, fact.object) for t in through):
            evidence -= OTHER_OBJECT_PENALTY
        if other := _other_party(index, fact, mentioned_only):
            unexplained = (*unexplained, index.name(other))
    named = bool(own_cue or relation_hits or label_hits)
    if not named and _names_head(index, parsed, fact):
        named = True  # "日銀総裁は誰": "総裁" names the "governor" by its related group
        evidence += TEXT_WEIGHT
    if not named:
        qualified = qualified_in_text(parsed, fact)
        if qualified is not None:
            unexplained = (*unexplained, qualified)  # only its text ties it, and that says another role
    return Scored(fact, evidence + kind_bonus, unexplained, kind_bonus, named)


def evidence_of(index: FactIndex, parsed: Parsed, facts: Iterable[Fact]) -> float:
    """The evidence the retrieval scoring gives an answer (its best fact)."""
    words = content_words(index, parsed)
    return max((assess(index, parsed, words, f).score for f in facts), default=0.0)


@lru_cache(maxsize=64)
def _period_named(parsed: Parsed) -> frozenset[str]:
    """Words of a relation's name that the length of the time asked says: "quarterly" for a quarter
    ("q3 fy24", "july-september 2025", "四半期"), "annual" for a year or "通期" (grammar `period_names`,
    `period_lengths`)."""
    named = {w for length in period_lengths_asked(parsed) for w in period_stems_of(length)}
    for token in parsed.tokens:
        part = timeline.part_of(token)
        if part is not None:
            named.update(part)  # "q3" says the "third quarter" of a relation's name
    return frozenset(named)


def _unit_asked(parsed: Parsed, fact: Fact) -> bool:
    """Is the fact's figure counted in what the question asks about ("goals", "ゴール")?"""
    if not isinstance(fact.value, QuantityValue) or not fact.value.unit:
        return False
    return bool(_unit_stems(fact.value.unit) & asked_in(parsed).keys_related)


@lru_cache(maxsize=1024)
def _unit_stems(unit: str) -> frozenset[str]:
    from knowledge.reading import normalise, stem

    return frozenset(stem(t) for t in normalise(unit).split())


def _names_head(index: FactIndex, parsed: Parsed, fact: Fact) -> bool:
    """Does a question word name the head of the fact's relation by a word of one of its related groups
    ("decide" the "rate decision", "総裁" the "governor")?"""
    head = index.label_head(fact.predicate)
    if head is None:
        words = index.label_words(fact.predicate)
        head = next(iter(words)) if len(words) == 1 else None
    if head is None:
        return False
    heard = _heard_beyond_names(parsed)
    related = related_words()
    if related.get(head, frozenset()) & heard:
        return True
    # A phrase heard ("打率": "batting average"), or one of a word's group ("gross": "box office"), names
    # the relation whose name holds all its words.
    label = index.label_words(fact.predicate)
    return any(
        " " in key and head in key.split() and holds_key(key, label)
        for key in (*heard, *(k for a in heard for k in related.get(a, ())))
    )


@lru_cache(maxsize=64)
def _heard_beyond_names(parsed: Parsed) -> frozenset[str]:
    """The words a question is heard to say, but those only of a name it asks ("price" of "the price
    cap" names the thing, not a relation's head)."""
    in_names = {stem_of(t) for i, t in enumerate(parsed.tokens) if i in parsed.named}
    in_names -= {stem_of(t) for i, t in enumerate(parsed.tokens) if i not in parsed.named}
    return asked_in(parsed).heard - in_names


def broad_role_asked(index: FactIndex, parsed: Parsed, fact: Fact) -> bool:
    """Is a broad word of the question ("heads", "boss") one that stands for the role the fact's relation
    names ("president", "chief executive"; not "directors appointed")? The roles a broad word stands
    for are in order of preference: the FDIC's boss is its chairman, but a company with a chief
    executive on file is not asked about its chairman."""
    label = index.label_words(fact.predicate) - {"chief"}
    if not label:
        return False
    for token in (*parsed.tokens, *_broad_words_within(parsed.text)):
        roles = _broad_roles(token)
        if not roles or not label <= set(roles):
            continue
        preferred = set(roles[: min(roles.index(w) for w in label)])
        if not any(
            (words := index.label_words(r) - {"chief"}) and words <= preferred and index.facts_about(fact.subject, r)
            for r in index.relations
        ):
            return True
    return False


@lru_cache(maxsize=64)
def _broad_words_within(text: str) -> tuple[str, ...]:
    """The Japanese broader words written in a question ("会長" of "IOC会長って誰"), not as part of a
    word a prefix makes another role ("副会長": a vice chairman)."""
    from knowledge.reading import is_cjk

    prefixes = grammar().japanese_prefixes
    found = []
    for word in grammar().broader:
        if not is_cjk(word):
            continue
        at = text.find(word)
        while at >= 0 and at and text[at - 1] in prefixes:
            at = text.find(word, at + 1)
        if at >= 0:
            found.append(word)
    return tuple(found)


@lru_cache(maxsize=64)
def _broad_roles(token: str) -> tuple[str, ...]:
    """The roles a broad word stands for, by their stems, most preferred first."""
    return tuple(stem_of(w.casefold()) for w in grammar().broader.get(token, ()))


def _other_party(index: FactIndex, fact: Fact, mentioned_only: list[str]) -> str | None:
    """The name asked that the fact's object stands in for ("where does the alder–birch deal stand"
    answered by Alder's deal with Cedar): one of the same kind that the knowledge has facts between the
    subject and, neither a party of the fact, within one, nor named by its statement. The fact is about
    another pair. (Where the subject has no facts with it, the object may stand for a deal with it: the
    EU's approval "of Microsoft" answers "when did the eu approve the activision deal".)"""
    obj = index.entities.get(fact.object or "")
    if obj is None:
        return None
    for target in mentioned_only:
        asked = index.entities.get(target)
        if asked is None or asked.kind is not obj.kind:
            continue
        parties = (obj.id, fact.subject)
        if any(index.within(p, target) or index.within(target, p) for p in parties):
            continue
        if target in index.named_in_text(fact) or fact.subject not in index.counterparties(target):
            continue
        return target
    return None
