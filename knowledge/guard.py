"""The coverage guard: a fact answers a question only if it accounts for everything the question asks.

Every name asked is the fact's party (or its bloc's, or named in its statement); every content word is
a word of the fact's relation (its name or cues), of its texts, phrasings or value, or of a related
group of one of those; the relation's head is asked when its other words are; no opposite, other year
or other entity of the kind asked is the fact's. A word nothing explains means the question asks what
the fact does not say: decline rather than answer with a neighbour.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from knowledge import timeline
from knowledge.asking import (
    asked_in,
    asks_for_change,
    asks_for_count,
    asks_for_date,
    asks_for_money,
    asks_for_number,
    asks_for_percent,
    asks_for_ratio_ja,
    asks_for_status,
    asks_when_ja,
    content_words,
    counters_asked,
    deal_names,
    holds_key,
    opposite_words,
    paired_names,
    read_number,
    related_words,
    says_any,
    stem_of,
)
from knowledge.dictionary import meanings
from knowledge.models import (
    DateValue,
    EntitiesValue,
    EntityKind,
    EntityValue,
    Fact,
    MoneyValue,
    PercentValue,
    PersonValue,
    QuantityValue,
    StageValue,
    TextValue,
)
from knowledge.vocabulary import grammar, is_katakana, stage_info

if TYPE_CHECKING:
    from knowledge.matcher import FactIndex
    from knowledge.reading import Parsed

MAX_INITIALS = 6
"""The longest abbreviation read as the initials of a fact's words."""
MIN_CLIP = 4
"""A clipped word ("reorg", "exec") keeps at least this many letters…"""
CLIP_SHORTER = 3
"""…and is at least this many shorter than the word it clips (not "deal" of "dealer")."""


_HIRAGANA = re.compile(r"[\u3040-\u309f]")


def holds_figure(index: FactIndex, fact: Fact, key: str) -> bool:
    """Does the fact state this figure (a question word "#0.5"): in its value, at any scale, or in its
    statement?"""
    return float(key[1:]) in index.fact_figures(fact)


def accounts_for(
    index: FactIndex,
    fact: Fact,
    targets: Iterable[str],
    deals: frozenset[str] = frozenset(),
    asked: Iterable[str] = (),
    pairs: Mapping[str, str] | None = None,
    said: frozenset[str] = frozenset(),
) -> bool:
    """Does the fact involve every entity asked about: as a party, as a bloc whose members are all named,
    as a bloc it leads (or, for relations a bloc's members share, belongs to), or by name in its statement?
    A name asked as a deal's (`deals`: "the Activision deal") is accounted for by the other party to
    one of its facts ("the European Commission approved Microsoft's deal"), when the fact's other
    parties are among the names `asked` (not Seven & i's purchase of Speedway for Couche-Tard's bid).
    So is a name written beside its partner (`pairs`: "msft activision"), by a fact about their deal
    that names the partner.

    So is a name an event's names say, when it is the one event that does or the question says (`said`,
    as stems) a word of its names that the others lack ("google ad tech": the ad tech case's facts).

    A bloc's sales are not a member's: "how many cars did Suzuki sell" is not answered with the Toyota
    group's figure, but "Toyota sales" may be (saying so), and "honda and nissan" is their bloc."""
    targets = list(targets)
    parties = fact.entity_ids
    members = index.members_of(parties)
    relation = index.relations.get(fact.predicate)
    for target in targets:
        if target in parties:
            continue
        if target in index.blocs and set(index.blocs[target].members) <= members | parties:
            continue
        blocs = [index.blocs[p] for p in parties if p in index.blocs and target in index.blocs[p].members]
        if blocs:
            named = index.members_of(targets) | set(targets)
            if any(b.leader == target or set(b.members) <= named for b in blocs):
                continue
            if relation is not None and relation.inherited:
                continue
            return False
        if target in index.named_in_text(fact):
            continue
        if any(p in targets and target in index.named_in_name(p) for p in parties):
            continue  # "jasm subsidy for fab 1": "JASM" is said of "JASM Kumamoto Fab 1", also asked
        if any(_named_by_event(index, p, target, said) for p in parties):
            continue  # "kobayashi's hospitalizations": the "Kobayashi supplement scandal"'s
        if pairs and pairs.get(target) in parties and _speaks_of_deal(index, fact):
            continue
        if target in deals:
            named = set(asked) | set(targets)
            stand_ins = (index.counterparties(target) & parties) - named
            if len(stand_ins) == 1 and parties - stand_ins <= named:
                continue
        return False
    return True


def _speaks_of_deal(index: FactIndex, fact: Fact) -> bool:
    """Does a fact's own text or its relation's name speak of a deal ("approval of the deal")?"""
    said = index.fact_text(fact) | index.label_words(fact.predicate)
    return any(holds_key(stem_of(w), said) for w in grammar().deal_words if w.isascii())


def in_text(word: str, text: str) -> bool:
    """A Japanese word is found inside the unsegmented Japanese text of a fact. A word in katakana is
    found only as a whole run of it, not inside a longer one ("リオ" is not in "パリオリンピック")."""
    if word not in text:
        return False
    if not is_katakana(word):
        return True
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and is_katakana(text[at - 1])) and not (end < len(text) and is_katakana(text[end])):
            return True
        at = text.find(word, at + 1)
    return False


def about_another(index: FactIndex, fact: Fact, targets: list[str], parsed: Parsed) -> bool:
    """Is the fact about another entity of the kind asked, naming the one asked only in passing
    ("Figma's recurring revenue, when Adobe agreed to buy it" asked as Adobe's revenue)? Entities of
    another kind may frame it ("the order Biden signed" answers when Biden blocked the deal), but a
    person holding a role holds it at the fact's subject."""
    # A publication the fact is towards only says who measured it ("forbes value of inter miami": not
    # LAFC's valuation by Forbes): the one asked beside it must be a party.
    parties = [p for p in (fact.subject, fact.object) if p and not _is_publication(index, p)]
    if any(t not in parties for t in said_itself(parsed)):
        return True  # "how much did microsoft itself lose": Microsoft's own figure, not the outage's
    if not targets or any(index.within(p, t) or index.within(t, p) for t in targets for p in parties):
        return False
    targets = [t for t in targets if not _is_publication(index, t)] or targets
    if any(_named_by_parts(index, fact.subject, t, parsed) for t in targets):
        return False  # "msft … gaming" names Microsoft Gaming
    if set(targets) & index.named_in_label(fact.predicate):
        return False  # the relation is named for the one asked: "Altera stake sale closed" is about Altera
    if isinstance(fact.value, PersonValue | EntityValue):
        # Who holds a role holds it at the subject: SVB's chief executive is not the FDIC's, unless
        # the one asked is who holds it ("who did Ueda replace", "when did Biden block the deal").
        return not any(index.within(fact.value.entity, t) for t in targets if fact.value.entity)
    subject = index.entities.get(fact.subject)
    asked = [index.entities.get(t) for t in targets]
    if subject is not None and any(a is not None and a.kind is subject.kind for a in asked):
        return True
    # A figure of something else that its statement shares among several of the kind asked ("Toyota,
    # Mazda, Yamaha, Honda and Suzuki … 38 models", asked of Suzuki): theirs together, not the one's.
    if not isinstance(fact.value, QuantityValue | MoneyValue | PercentValue):
        return False  # a date or a name of what befell them all is each one's too
    named = index.named_in_text(fact)
    kinds = {a.kind for a in asked if a is not None and a.id in named}
    others = [e for e in named - set(targets) if (entity := index.entities.get(e)) is not None and entity.kind in kinds]
    return len(others) >= 2


@lru_cache(maxsize=64)
def said_itself(parsed: Parsed) -> frozenset[str]:
    """The names the question says "itself" of ("crowdstrike itself", grammar `reflexives`): the
    figure asked is theirs, as its party, not another's that names them."""
    reflexives = grammar().reflexives
    return frozenset(
        m.target
        for m in parsed.mentions
        if m.end[0] + 1 < len(parsed.tokens) and parsed.tokens[m.end[0] + 1] in reflexives
    )


def _is_publication(index: FactIndex, entity_id: str) -> bool:
    entity = index.entities.get(entity_id)
    return entity is not None and entity.kind is EntityKind.PUBLICATION


def _named_by_parts(index: FactIndex, entity_id: str, target: str, parsed: Parsed) -> bool:
    """Does the question name an entity as another one's name and its own words ("how many jobs did
    msft cut in gaming": Microsoft Gaming is Microsoft's name and "gaming")?"""
    entity, asked = index.entities.get(entity_id), index.entities.get(target)
    if entity is None or asked is None:
        return False
    rest = _name_beyond(entity.name, asked.name)
    said = asked_in(parsed).asked
    return bool(rest) and all(w in said for w in rest)


@lru_cache(maxsize=4096)
def _name_beyond(name: str, base: str) -> tuple[str, ...]:
    """The stems of a name's words after another name it starts with ("gaming" of "Microsoft Gaming")."""
    from knowledge.reading import normalise, stem

    words, start = normalise(name).split(), normalise(base).split()
    if len(words) <= len(start) or words[: len(start)] != start:
        return ()
    return tuple(stem(w) for w in words[len(start) :])


def negative(fact: Fact) -> bool:
    """Is the fact's figure below zero (a net income of -¥114.6 billion is a loss)?"""
    value = fact.value
    if not isinstance(value, MoneyValue | PercentValue | QuantityValue):
        return False
    return value.amount < 0 and (value.upper is None or value.upper <= 0)


def signed_opposite(index: FactIndex, asked_relation: str, fact: Fact) -> bool:
    """Is the relation asked ("net loss") the other side of the fact's ("net income"), by the grammar's
    opposites, and its figure negative? Then the fact answers it: a net income of -¥114.6 billion is a
    net loss of ¥114.6 billion."""
    if not negative(fact):
        return False
    own = index.label_words(fact.predicate)
    missing = index.label_words(asked_relation) - own
    opposites = opposite_words()
    return bool(missing) and all(opposites.get(word, frozenset()) & own for word in missing)


def opposite_asked(
    index: FactIndex, words: dict[str, str], fact: Fact, asked: frozenset[str] = frozenset()
) -> str | None:
    """A question word whose opposite names the fact's relation ("profit" asked of an "operating loss"):
    the question asks the other side. A negative figure is that other side ("net loss" of a net income
    below zero)."""
    if negative(fact):
        return None
    label = index.label_words(fact.predicate)
    opposites = opposite_words()
    said = set(words) | set(asked)
    # Every word said counts, "total" too ("japan's rank by total medals" is no gold-medal ranking); a
    # question saying both sides ("total gold reserves") asks neither against the other.
    for key in (*words, *asked):
        if key in label:
            continue
        if (opposites.get(key, frozenset()) & label) - said:
            return words.get(key, key)
    return None


def ordinal_differs(index: FactIndex, parsed: Parsed, fact: Fact) -> str | None:
    """A question's ordinal ("the third distribution") that the fact's relation names another of ("first
    distribution amount"): the question asks for another place in the series."""
    from knowledge.reading import normalise

    words = grammar()
    places = _places()
    timed = parsed.span.tokens if parsed.span is not None else frozenset()  # "the third quarter of 2024"
    asked = {places[t]: t for i, t in enumerate(parsed.tokens) if t in places and i not in timed}
    if not asked:
        return None
    relation = index.relations.get(fact.predicate)
    label = [words.synonyms.get(w, w) for w in normalise(relation.label).split()] if relation else []
    named = {places[w] for w in label if w in places}
    if asked and named and not named & set(asked):
        return next(iter(asked.values()))
    # A later place than the first ("the 4th auction") is asked only of a fact that says it; "first" is
    # also an adverb ("when did it first …").
    said = {places[w] for w in (words.synonyms.get(t, t) for t in normalise(fact.statement).split()) if w in places}
    for place, word in asked.items():
        if place > 0 and place not in named | said:
            return word
    # "When was the first …": "the first" is no adverb there; a count of launches does not say it.
    if 0 in asked and 0 not in named | said and asks_for_date(parsed) and _after_the(parsed.tokens, asked[0]):
        return asked[0]
    return None


def placement_differs(index: FactIndex, parsed: Parsed, fact: Fact) -> str | None:
    """ "Before the 1 May intervention" asked of a fact about it whose statement says "after" and not
    "before" ("after the 1 May intervention the yen jumped to 153"): the other side of the same event."""
    from knowledge.reading import normalise

    words = grammar()
    said: list[str] | None = None
    for mention in parsed.mentions:
        if mention.target not in fact.entity_ids:
            continue
        i = mention.position[0] - 1
        while i >= 0 and parsed.tokens[i] in ("the", "a", "an"):
            i -= 1
        word = parsed.tokens[i] if i >= 0 else ""
        if word not in words.before_words and word not in words.after_words:
            continue
        own, other = (
            (words.before_words, words.after_words)
            if word in words.before_words
            else (words.after_words, words.before_words)
        )
        said = said if said is not None else normalise(fact.statement).split()
        if any(w in other for w in said) and not any(w in own for w in said):
            return word
    return None


def _in_a_date(tokens: Sequence[str], i: int) -> bool:
    """Is the number at `i` a month's or a day's, as a date writes it ("2月時点", "jan 19"), though the
    question's time was read from another of its dates?"""
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    previous = tokens[i - 1] if i else ""
    return following[:1] in grammar().date_units_ja or previous in grammar().months


def _after_the(tokens: Sequence[str], word: str) -> bool:
    return any(t == word and i and tokens[i - 1] == "the" for i, t in enumerate(tokens))


@lru_cache(maxsize=1)
def _places() -> dict[str, int]:
    """Each ordinal word with its place in a series (0 for "first", -1 for "final": a place a fact's
    relation names, but asked of a fact whose words do not say it, as "the final cost" is, no bar)."""
    places = {word: i for i, group in enumerate(grammar().ordinals) for word in group}
    return places | dict.fromkeys(grammar().last_places, -1)


def number_differs(index: FactIndex, parsed: Parsed, fact: Fact) -> str | None:
    """A number the question writes ("hengchi 6") where the fact's relation names another ("cumulative
    Hengchi 5 deliveries"): a model or a series other than the one on file. Years are times, not names."""
    from knowledge.reading import normalise

    timed = parsed.span.tokens if parsed.span is not None else frozenset()
    asked = [
        t
        for i, t in enumerate(parsed.tokens)
        if t.isdigit() and i not in timed and not timeline.years_in(t) and not _in_a_date(parsed.tokens, i)
    ]
    relation = index.relations.get(fact.predicate)
    if not asked or relation is None:
        return None
    spelled = grammar().number_words
    # A season's second year ("25" of "2024/25") is a time, not a number naming a series.
    label = timeline.written_text(tuple(normalise(relation.label).split())).split()
    named = {t for t in label if t.isdigit() and not timeline.years_in(t)} | {
        str(spelled[t]) for t in label if t in spelled
    }
    if named and not named & set(asked):
        return asked[0]
    if isinstance(fact.value, TextValue):
        # "phase 2 investigation" asked, "phase 1 investigation" stated: the word numbered otherwise.
        numbered = {(parsed.tokens[i - 1], t) for i, t in enumerate(parsed.tokens) if i and t in asked}
        said = normalise(fact.value.text).split()
        for word, number in numbered:
            if any(a == word and b.isdigit() and b != number for a, b in itertools.pairwise(said)):
                return number
    words = grammar()
    if (labelled := _labelling_number(index, parsed, asked)) is not None and not _says_number(index, fact, labelled):
        return labelled
    # "the first 3 days' gross" asked, "after 90 days" stated: a count of the same thing, another number.
    counted = {
        (t, nxt)
        for i, t in enumerate(parsed.tokens[:-1])
        if t in asked
        and (nxt := parsed.tokens[i + 1]).isalpha()
        and i + 1 not in timed
        and nxt not in words.stopwords
        and nxt not in words.months
        and nxt not in words.time_words
    }
    if counted:
        stated = list(itertools.pairwise(normalise(fact.statement).split()))
        for number, word in counted:
            if (number, word) not in stated and any(b == word and a.isdigit() and a != number for a, b in stated):
                return number
    return None


def _labelling_number(index: FactIndex, parsed: Parsed, asked: Sequence[str]) -> str | None:
    """A number written right after a word the knowledge's names number, outside the names found ("fab
    3" where "Fab 1" and "Fab 2" are names, "熊本第3工場" beside "第2工場"): it says which of several is
    asked. ("2 months", "adult 1-day ticket": "shelters" and "adult" number no name, and count.)"""
    inside = {i for m in parsed.mentions for i in range(m.position[0], m.end[0] + 1)}
    numbered = index.numbered_words()
    for i, token in enumerate(parsed.tokens):
        if not i or token not in asked or i in inside:
            continue
        before = parsed.tokens[i - 1]
        if (before.endswith("第") and "第" in numbered) or (i - 1 not in inside and before in numbered):
            return token
    return None


def _says_number(index: FactIndex, fact: Fact, number: str) -> bool:
    """Does the fact write this number, as digits or as the ordinal of its place ("third" of 3)?"""
    from knowledge.reading import normalise

    relation = index.relations.get(fact.predicate)
    text = " ".join((fact.statement, relation.label if relation else "", *fact.phrasings))
    if re.search(rf"(?<![\d.,]){number}(?![\d]|[.,]\d)", text):
        return True
    place = int(number) - 1
    ordinals = grammar().ordinals
    return 0 <= place < len(ordinals) and bool(set(ordinals[place]) & set(normalise(text).split()))


def label_years_differ(index: FactIndex, parsed: Parsed, fact: Fact) -> bool:
    """Does the fact's relation name a year ("forecast for fiscal 2026") the question's time does not
    reach ("for fiscal 2025")?"""
    if parsed.span is None:
        return False
    relation = index.relations.get(fact.predicate)
    label = relation.label if relation else ""
    named = timeline.years_in(label)
    if not named:
        return False
    seasons = timeline.seasons_in(label)
    asked_seasons = timeline.seasons_in(timeline.written_text(parsed.tokens))
    if seasons and asked_seasons:
        return not seasons & asked_seasons  # "2025/26 surplus" is not the "2024/25 surplus estimate"
    # A label's year may be one the question names apart from its as-of time ("fiscal 2025 … as of
    # January 2025", "fy26 … in july 2025"): the years written outside that time are the ones asked.
    apart = timeline.years_in(" ".join(t for i, t in enumerate(parsed.tokens) if i not in parsed.span.tokens))
    asked = apart or set(range(int(parsed.span.start[:4]), int(parsed.span.end[:4]) + 1))
    if not apart and parsed.span.start[:7] == parsed.span.end[:7]:
        # A month or a day is when the figure stood ("forecasting in Oct 2025"): a forecast then is for
        # that year or the next ("for the year to February 2026").
        asked = asked | {year + 1 for year in asked}
    return not named & asked


def qualifier_unasked(index: FactIndex, parsed: Parsed, fact: Fact) -> str | None:
    """A word of the fact's relation name that makes it another role ("vice chair", "acting chief
    executive"), when the question does not say it: "who chairs the Fed" is not its vice chair."""
    # By the words themselves, not their stems: "assistant" qualifies a role, "assists" and
    # "assistance" (which stem alike) do not.
    relation = index.relations.get(fact.predicate)
    if relation is None:
        return None
    qualifiers = frozenset(grammar().role_qualifiers)
    asked = asked_in(parsed).asked
    label = index.label_words(fact.predicate)
    return next(
        (s for w, s in _written_words(relation.label) if w in qualifiers and s in label and s not in asked), None
    )


def qualified_in_text(parsed: Parsed, fact: Fact) -> str | None:
    """A word of the question that the fact's statement says only as another role ("Li Chenggang, a
    vice commerce minister" is not the commerce minister), when the question does not say it."""
    asked = asked_in(parsed).asked
    if grammar_stems("text_role_qualifiers") & asked:
        return None
    qualifiers = frozenset(grammar().text_role_qualifiers)  # the words, not their stems (as above)
    for (word, token), (_, following) in itertools.pairwise(_written_words(fact.statement)):
        if word in qualifiers and following in asked:
            return token
    return None


@lru_cache(maxsize=8192)
def _written_words(text: str) -> tuple[tuple[str, str], ...]:
    """A text's words as written (normalised), each with its stem: a relation's name, a statement."""
    from knowledge.reading import normalise, stem

    return tuple((word, stem(word)) for word in normalise(text).split())


def whole_for_part(index: FactIndex, parsed: Parsed, fact: Fact) -> str | None:
    """A word asking for a whole ("total", "overall") of a fact whose relation counts per unit ("offer
    price per share") or one unit's figure ("largest single-show attendance"): the total price tag of a
    bid is not its price a share, nor the people at the shows in total those at the biggest one."""
    whole = grammar().whole_words
    asked = next((w for t in parsed.tokens for w in whole if w == t or (not w.isascii() and w in t)), None)
    if asked is None:
        return None
    labels = [
        index.relations[r].label for r in (fact.predicate, *index.links_of(fact.predicate)) if r in index.relations
    ]
    # A curator's "tender offer price" is the built-in "offer price per share" by another name.
    return asked if any(_counted_per(label) for label in labels) else None


@lru_cache(maxsize=4096)
def _counted_per(label: str) -> bool:
    """Does a relation's name count per unit ("offer price per share", "deaths each year") or give one
    unit's figure ("average ticket price", "largest single-show attendance")?"""
    from knowledge.reading import normalise

    words = grammar()
    return bool(set(normalise(label).split()) & (words.period_markers | words.part_markers))


def relation_word_unasked(index: FactIndex, parsed: Parsed, fact: Fact) -> str | None:
    """A word of the fact's relation name that makes it a neighbour of what is asked: its head unasked,
    a role qualifier unasked, or a count per unit where a whole is asked."""
    return (
        missing_head(index, parsed, fact)
        or qualifier_unasked(index, parsed, fact)
        or whole_for_part(index, parsed, fact)
    )


def missing_head(index: FactIndex, parsed: Parsed, fact: Fact) -> str | None:
    """The head of the fact's relation name, when the question names its other words but not it nor a
    word related to it ("the 10-year jgb yield" of a "10-year yield cap"): the question asks about a
    neighbour. None when the head is asked, or the question names none of the other words."""
    from knowledge.reading import is_cjk, stem

    head = index.label_head(fact.predicate)
    if head is None or _cued_first(index, parsed, fact):
        return None  # no head, or the question names the relation by a cue of its own ("chargers built")
    question = asked_in(parsed)
    heard = question.heard
    for word in _heads_of(index.relations[fact.predicate].label, head):
        if _heard(word, heard):
            return None  # "countries" asks for the "countries and territories"
    if any(head in related_words().get(a, frozenset()) for a in heard):
        return None  # "heads" stands for a "president" (broader words go one way: question to fact)
    if head in grammar_stems("state_heads") and _noun_heard(index, index.relations[fact.predicate].label, heard):
        return None  # "did binance go thru with buying ftx": the "FTX acquisition status", by its noun
    if any(" " in a and head in a.split() for a in heard):
        return None  # "盗塁" asks for "stolen bases" by a phrase of the vocabulary
    if any(head in meaning.split() for key in content_words(index, parsed) if is_cjk(key) for meaning in meanings(key)):
        return None  # "アシスト数" asks for the "assists", by the dictionary's meaning of the word
    if head in _counted_units(counters_asked(parsed)):
        return None  # "何車種" counts the "models" of "models affected"
    if any(" " in k and head in k.split() for a in heard for k in related_words().get(a, ())):
        return None  # "golds" stands for "gold medals", a phrase of its group
    if _head_of_a_mate(heard, head, index.label_words(fact.predicate)):
        return None  # "quarterly profit" asks for the "quarterly net income": "net profit" is its name
    others = index.label_words(fact.predicate) - {head}
    # A question cueing a built-in relation the fact's is linked to by its other words names those
    # ("hershey q3 revenue" names the "sales" of a "net sales growth guidance", not its head).
    through_link = bool(parsed.scores) and parsed.scores[0][0] in index.links_of(fact.predicate)
    if not through_link and not any(
        same_word(o, a) for o in others for a in _about_beside_names(parsed, question.about)
    ):
        return None  # "july 2024 yen intervention, how much": "intervention" is said as a name's word
    label = index.relations[fact.predicate].label
    if any(initials_of(token, label) for token in parsed.tokens):
        return None  # "rsus" asks for the "restricted stock units for … staff"
    if head in grammar_stems("time_words") and asks_for_date(parsed):
        return None  # "when was it delisted" asks for the "delisting date"
    if head in grammar_stems("share_heads") and asks_for_percent(parsed):
        return None  # "what % of the workforce was cut" asks for the "share of workforce cut"
    if (
        head in grammar_stems("money_heads")
        and isinstance(fact.value, MoneyValue)
        and says_any(parsed, grammar().money_questions)
    ):
        return None  # "いくらで売れた" asks for the "deal value"
    if (
        isinstance(fact.value, MoneyValue)
        and says_any(parsed, grammar().money_nouns)
        and bool(parsed.tokens)
        and (parsed.tokens[0] not in grammar().yes_no_openers or asks_for_number(parsed))
    ):
        return None  # "fema money to survivors" asks for the "assistance paid to survivors"
    if head in grammar_stems("level_heads") and (
        grammar_stems("extreme_words") & others & question.asked or says_any(parsed, grammar().level_questions)
    ):
        return None  # "ftt all time high", "where did figma shares open" ask for the price
    if negative(fact) and opposite_words().get(head, frozenset()) & question.asked:
        return None  # "net loss" asks for a "net income" below zero
    if head in grammar_stems("people_units") and any(names_its_kind(fact, a) for a in question.asked):
        return None  # "how many people came on opening day" asks for the "opening day visitors"
    if head in grammar_stems("people_units") and isinstance(fact.value, QuantityValue):
        # "jal516 injuries": the count of the "passengers injured", a word saying what befell them said
        # (not "cancellations" of "passengers affected by cancellations": that is what they are counted by).
        front = {stem(t) for t in index.label_front(index.relations[fact.predicate].label)} - {head}
        if any(same_word(o, a) for o in front for a in _about_beside_names(parsed, question.about)):
            return None
    return head


@lru_cache(maxsize=64)
def _counted_units(counters: frozenset[str]) -> frozenset[str]:
    """The stems of what these Japanese counters count (grammar `counter_units`)."""
    from knowledge.reading import stem

    units = grammar().counter_units
    return frozenset(stem(word) for counter in counters for unit in units[counter] for word in unit.split())


def _heard(word: str, heard: frozenset[str]) -> bool:
    """Is this word of a relation's name asked: itself, or a word of one of its related groups?"""
    return any(same_word(word, a) for a in heard) or bool(related_words().get(word, frozenset()) & heard)


def _noun_heard(index: FactIndex, label: str, heard: frozenset[str]) -> bool:
    """Is the word before a state head ("acquisition" of "FTX acquisition status") asked: by itself, a
    related word, or, for a deal, any deal word ("where did the bid stand": the "deal status")?"""
    from knowledge.reading import stem

    stop = grammar().stopwords
    front = [stem(t) for t in index.label_front(label) if t not in stop and not t.isdigit()]
    if len(front) < 2:
        return False
    noun = front[-2]
    if _heard(noun, heard) or any(noun in related_words().get(a, frozenset()) for a in heard):
        return True
    deals = grammar_stems("deal_words")
    return noun in deals and bool(deals & heard)


def _head_of_a_mate(heard: frozenset[str], head: str, label: frozenset[str]) -> bool:
    """Does the question say the head of a phrase whose group holds the relation's name, all of whose
    other words the relation's name says ("profit" of "net profit", a group with "net income")?"""
    phrases = _phrases_by_head()
    return any(
        mate.split()[-1] == head and set(mate.split()[:-1]) <= label
        for word in heard
        for phrase in phrases.get(word, ())
        for mate in related_words().get(phrase, ())
        if " " in mate
    )


@lru_cache(maxsize=1)
def _phrases_by_head() -> dict[str, tuple[str, ...]]:
    """The related groups' phrases by their last word: "profit" -> "net profit", "operating profit", …"""
    found: dict[str, list[str]] = {}
    for key in related_words():
        if " " in key:
            found.setdefault(key.split()[-1], []).append(key)
    return {head: tuple(sorted(keys)) for head, keys in found.items()}


@lru_cache(maxsize=4096)
def _heads_of(label: str, head: str) -> tuple[str, ...]:
    """The words that head a relation's name as much as its head does: the head, words joined to it by
    "and" or "or" ("countries" of "countries and territories"), and the word before a head it shares
    ("tariff" of "fentanyl tariff rate")."""
    from knowledge.matcher import FactIndex
    from knowledge.reading import normalise, stem

    tokens = normalise(label).split()
    heads = [head]
    heads += [stem(tokens[i - 1]) for i, t in enumerate(tokens) if t in ("and", "or") and 0 < i < len(tokens) - 1]
    if head in grammar_stems("shared_heads"):
        front = [stem(t) for t in FactIndex.label_front(label)]
        at = len(front) - 1 - front[::-1].index(head) if head in front else 0
        heads += front[at - 1 : at] if at > 0 else []
    return tuple(heads)


def _cued_first(index: FactIndex, parsed: Parsed, fact: Fact) -> bool:
    """Do the question's cues name the fact's relation first: by a cue of its own, by the built-in
    relation its name is another word for ("deal value" asked of a curator's "acquisition price"), or
    by the relation named by its head alone ("arm sales": revenue, the head of "quarterly revenue")?"""
    if not parsed.scores:
        return False
    top = parsed.scores[0][0]
    if top == fact.predicate or index.is_named_as(fact.predicate, top):
        return True
    head = index.label_head(fact.predicate)
    if head is None:
        return False
    if index.label_words(top) == {head}:
        return True
    # Or by a one-word cue of a relation cued first, as strong as its name ("sales goal" asked of a
    # "long term revenue target": "target" is a full cue of the goal, cued as strongly as revenue).
    best = parsed.scores[0][1]
    return any(
        (relation := index.relations.get(asked)) is not None
        and any(weight >= 1 and " " not in cue and stem_of(cue) == head for cue, weight in relation.cues.items())
        for asked, score in parsed.scores
        if score >= best - 1e-6
    )


@lru_cache(maxsize=32)
def grammar_stems(words: str) -> frozenset[str]:
    """The stems of one of the grammar's word lists ("time_words", "role_qualifiers")."""
    from knowledge.reading import stem

    return frozenset(stem(w) for w in getattr(grammar(), words))


LONG_STEM = 8
"""Stems sharing this many letters, each with at most two more, are one word ("subscrib", "subscript")."""
DERIVATIONS = ("at", "ation", "ion", "ment", "al", "ic", "iti", "er", "or", "ist", "ive", "th")
"""Endings a stem may carry beyond another stem of the same word ("valuat" of "valuation" is "valu"
of "valued")."""


def same_word(a: str, b: str) -> bool:
    """Are two stems one word, up to a derivational ending ("valuat" and "valu")?"""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and long.startswith(short) and long[len(short) :] in DERIVATIONS:
        return True
    # A long word whose ending changes in derivation ("oversubscrib" of "oversubscription"'s "oversubscript").
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(short))
    return common >= LONG_STEM and len(a) - common <= 2 and len(b) - common <= 2


def abbreviates(index: FactIndex, word: str, fact: Fact) -> bool:
    """Is the word the initials of words the fact's statement or its relation's name runs together
    ("nyse": New York Stock Exchange; "cfius": Committee on Foreign Investment in the United States,
    grammar words skipped; "mdau": monetizable daily active users)?"""
    relation = index.relations.get(fact.predicate)
    label = relation.label if relation is not None else ""
    return (
        initials_of(word, fact.statement)
        or initials_of(word, label)
        or (not index.known(word) and (clips(word, fact.statement) or clips(word, label)))
    )


@lru_cache(maxsize=4096)
def clips(word: str, text: str) -> bool:
    """Is the word, not one the knowledge uses, the front of a longer word of the text, or its plural
    ("reorg": reorganization, "execs": executives)?"""
    from knowledge.reading import normalise

    base = word[:-1] if word.endswith("s") and len(word) > MIN_CLIP + 1 else word
    if len(base) < MIN_CLIP or not base.isascii() or not base.isalpha():
        return False
    return any(len(token) >= len(base) + CLIP_SHORTER and token.startswith(base) for token in normalise(text).split())


@lru_cache(maxsize=4096)
def initials_of(word: str, text: str) -> bool:
    """Is the word the initials of words the text runs together, or their plural ("rsus": restricted
    stock units)?"""
    from knowledge.reading import normalise

    if 3 < len(word) <= MAX_INITIALS + 1 and word.endswith("s") and initials_of(word[:-1], text):
        return True
    if not (2 <= len(word) <= MAX_INITIALS and word.isascii() and word.isalpha()):
        return False
    stop = grammar().stopwords
    tokens = normalise(text).split()
    for start, first in enumerate(tokens):
        if first[0] != word[0]:
            continue
        every, content = "", ""
        for token in tokens[start : start + 2 * MAX_INITIALS]:
            every += token[0]
            if token not in stop:
                content += token[0]
            if word in (every, content):
                return True
            if not word.startswith(content) and not word.startswith(every):
                break
    return False


def related_in_fact(
    key: str, bag: frozenset[str], label: frozenset[str], cjk: str, names: frozenset[str] = frozenset()
) -> bool:
    """Does the fact hold a word of one of this question word's related groups ("offer" ~ "bid"), in its
    own text or its relation's name (not in words its relation merely shares with others)? A phrase of
    the group is held by words outside the `names` asked ("tv rate" is not "Fuji TV's" recovery rate)."""
    from knowledge.reading import is_cjk

    mates = related_words().get(key, ())
    unnamed = bag - names
    if any(
        holds_key(mate, unnamed if " " in mate else bag, label) or (cjk and is_cjk(mate) and mate in cjk)
        for mate in mates
    ):
        return True
    # A Japanese word the glossary lacks, by its dictionary meanings ("経費": expenses, costs).
    return is_cjk(key) and any(holds_key(meaning, bag, label) for meaning in _specific_meanings(key))


@lru_cache(maxsize=1024)
def _specific_meanings(word: str) -> frozenset[str]:
    """A Japanese word's dictionary meanings but a bare measure (grammar `level_heads`, `share_heads`,
    `money_heads`) its other meanings qualify: "視聴率" is an audience rating, not any rate."""
    found = meanings(word)
    heads = grammar_stems("level_heads") | grammar_stems("share_heads") | grammar_stems("money_heads")
    return frozenset(m for m in found if not (m in heads and any(o.endswith(f" {m}") for o in found)))


def value_words(fact: Fact) -> Iterable[str]:
    """Words of a fact's value that a question may repeat ("did they sign an MoU", "was it cancelled")."""
    value = fact.value
    if isinstance(value, TextValue):
        yield value.text
    elif isinstance(value, PersonValue):
        yield value.name
    elif isinstance(value, StageValue):
        info = stage_info(value.stage)
        yield info.label
        yield from info.cues
        # "where does the deal stand", "今どうなってる": a stage is how it stands.
        yield from (w for w in grammar().status_questions if " " not in w)
    elif isinstance(value, EntitiesValue) and value.text:
        yield value.text
    elif isinstance(value, MoneyValue):
        # "how big was the bid, in dollars": the words of its currency ("dollars", "ドル", "yen").
        yield from _currency_words(value.currency)
    # "初めて3兆ドルを超えたのはいつ": a date whose statement writes "$3 trillion" says dollars too.
    for symbol, code in _currency_symbols():
        if symbol in fact.statement:
            yield from _currency_words(code)


@lru_cache(maxsize=1)
def _currency_symbols() -> tuple[tuple[str, str], ...]:
    """The currency signs the grammar knows ("$", "€", "£"), with their codes."""
    return tuple((w, c) for w, c in grammar().currencies.items() if len(w) == 1 and not w.isalnum())


@lru_cache(maxsize=64)
def _currency_words(code: str) -> tuple[str, ...]:
    words = grammar()
    return (code, *(w for w, c in words.currencies.items() if c == code and w.isalpha()))


def gives_kind_asked(parsed: Parsed, fact: Fact) -> bool:
    """Is the fact's value the kind the question asks for: a date for "when", a name for "who", money
    for "how much did they put in", a percentage for "how much of it do they own"?"""
    if isinstance(fact.value, DateValue):
        return asks_for_date(parsed)
    if isinstance(fact.value, PersonValue | EntityValue):
        return says_any(parsed, grammar().person_questions)
    if isinstance(fact.value, MoneyValue):
        # "how much of Intel does the government own" asks for a share, not money.
        return says_any(parsed, grammar().money_questions) and not says_any(parsed, grammar().share_questions)
    if isinstance(fact.value, PercentValue):
        return says_any(parsed, grammar().share_questions)
    return False


def _named_by_event(index: FactIndex, party: str, target: str, said: frozenset[str]) -> bool:
    telling = index.named_by_event(party).get(target)
    return telling is not None and (not telling or bool(telling & said))


@lru_cache(maxsize=64)
def said_stems(parsed: Parsed) -> frozenset[str]:
    """The stems of every word of the question, names' words too."""
    from knowledge.reading import stem

    return frozenset(stem(t) for t in parsed.tokens)


def gives_figure_asked(parsed: Parsed, fact: Fact) -> bool:
    """Is the fact's value the sort of figure the question asks for, if it asks for one: a number for
    "how much", a count (not a percentage, not money) for "how many", a percentage for "what %"?"""
    if (asks_for_number(parsed) or says_any(parsed, grammar().rate_phrases)) and not gives_number(fact):
        return False  # "sfg dividend per share": a rate, not the date a "dividend in kind" was paid
    if asks_for_change(parsed) and isinstance(fact.value, MoneyValue | QuantityValue) and not tells_move(fact):
        return False  # "how much did nissan stock pop": not the price it closed at
    if asks_for_status(parsed) and not isinstance(fact.value, StageValue | TextValue):
        return False  # "where does the deal stand": its stage, not its value nor who negotiated it
    if asks_for_count(parsed) and (isinstance(fact.value, PercentValue | MoneyValue) or not gives_number(fact)):
        return False  # "不正は何件": a count, not a percentage, a sum, nor the year it began
    if (
        isinstance(fact.value, MoneyValue | QuantityValue | PercentValue)
        and says_any(parsed, grammar().date_questions_ja)
        and not asks_for_number(parsed)
        and (asks_when_ja(parsed) or not _says_until(fact))
    ):
        # "最終公演はいつ": a date, not the number of shows; "契約はいつまで": until when, which only a
        # figure whose statement says it answers ("the 10% rate was kept until 10 November 2026").
        return False
    if isinstance(fact.value, DateValue) and says_any(parsed, grammar().until_questions) and not _says_end(fact):
        return False  # "till when was the line halted": the day it ends, not the day it stopped
    if isinstance(fact.value, PercentValue) and says_any(parsed, grammar().amount_questions):
        return False  # "楽天カード株の売却額": the price it was sold for, not the stake sold
    if isinstance(fact.value, MoneyValue) and asks_for_ratio_ja(parsed):
        return False  # "受け入れた賃上げ率は": a rate of increase, not the bonus paid
    if isinstance(fact.value, QuantityValue) and fact.value.unit and counted_by_another(parsed, fact.value.unit):
        return False  # "CM差し止めは何社": companies, not the 350 commercials shown instead
    if asks_for_money(parsed) and isinstance(fact.value, PercentValue | QuantityValue):
        return False
    if counted_in_a_measure(parsed, fact) or counts_what_a_rate_is_per(parsed, fact):
        return False
    return not asks_for_percent(parsed) or gives_percent(fact)


def _says_end(fact: Fact) -> bool:
    """Does the fact's statement say until when, or its relation's name an end ("halt end date", read
    from the relation's id, which is its name slugged)?"""
    said = f" {fact.predicate.replace('_', ' ')} "
    return _says_until(fact) or any(f" {w} " in said for w in grammar().end_words)


def _says_until(fact: Fact) -> bool:
    """Does the fact's statement say until when its figure holds ("kept until 10 November 2026")?"""
    return any(f" {word} " in _spaced(fact.statement) for word in grammar().until_words)


def counted_by_another(parsed: Parsed, unit: str) -> bool:
    """Does the question count with a Japanese counter (grammar `counter_units`: "何社" counts companies)
    what a fact counts in a unit another counter counts ("commercials", of "何本")?"""
    asked = counters_asked(parsed)
    if not asked:
        return False
    from knowledge.reading import normalise, stem

    words = normalise(unit).split()
    found = _counters_by_unit().get(stem(words[-1]) if words else "", frozenset())
    return bool(found) and not found & asked


@lru_cache(maxsize=1)
def _counters_by_unit() -> dict[str, frozenset[str]]:
    """Each unit's stem with the counters that count it ("show": 何回, 何公演); 何人 counts people."""
    from knowledge.reading import stem

    words = grammar()
    table: dict[str, set[str]] = {}
    for counter, units in (*words.counter_units.items(), ("何人", tuple(words.people_units))):
        for unit in units:
            table.setdefault(stem(unit), set()).add(counter)
    return {unit: frozenset(counters) for unit, counters in table.items()}


def tells_move(fact: Fact) -> bool:
    """Is the fact's figure a move ("share price change", "rose by 40 yen"), not a level?"""
    words = grammar()
    if words.move_names & set(fact.predicate.split("_")):
        return True
    tokens = _spaced(fact.statement).split()
    for i, token in enumerate(tokens):
        if token in words.change_words and "by" in tokens[i + 1 : i + 3]:
            after = tokens[tokens.index("by", i + 1) + 1 :][:2]
            if any(t[:1].isdigit() for t in after):
                return True  # "rose by 40 yen", "fell by $1.2 billion"; not "fell by the daily limit"
    return False


def counts_what_a_rate_is_per(parsed: Parsed, fact: Fact) -> bool:
    """Does the question ask a rate ("what did softbank pay per intel share") that the fact counts the
    very things of ("86.9 million shares")? A count of shares is no price per share."""
    from knowledge.reading import normalise, stem

    value = fact.value
    if not isinstance(value, QuantityValue) or not value.unit:
        return False
    units = normalise(value.unit).split()
    if not units or "per" in units or "a" in units:
        return False  # "wafers per month": itself a rate
    per = {stem(p.split()[-1]) for p in grammar().rate_phrases if p.isascii() and says_any(parsed, (p,))}
    tokens = parsed.tokens
    for i, word in enumerate(tokens):
        if word != "per":
            continue
        # "per intel share": names may stand between "per" and what the rate is per.
        after = next((j for j in range(i + 1, len(tokens)) if j not in parsed.named), None)
        if after is not None:
            per.add(stem(tokens[after]))
    return stem(units[-1]) in per


def counted_in_a_measure(parsed: Parsed, fact: Fact) -> bool:
    """Does the question count things ("how many households") that the fact measures in a unit of
    measure instead (2,700 kWh a year)? Only units of measure (grammar `measure_units`) are read so: a
    count in "users" or "people" may count what is asked by another name."""
    from knowledge.reading import normalise, stem

    value = fact.value
    if not isinstance(value, QuantityValue) or not value.unit:
        return False
    units = normalise(value.unit).split()
    if not units or units[0] not in grammar().measure_units:
        return False
    tokens = parsed.tokens
    for i in range(len(tokens) - 2):
        if tokens[i] == "how" and tokens[i + 1] == "many":
            asked = stem(tokens[i + 2])
            return not ({asked} | related_words().get(asked, frozenset())) & {stem(u) for u in units}
    return False


def placed_names(parsed: Parsed) -> dict[str, bool]:
    """Names the question places the answer by, as {entity: before?}: "who ran novo before jorgensen"
    (True), "who took over as cto after murati left" (False). The answer is the fact beside theirs on
    its timeline, not theirs (grammar `before_words`, `after_words`)."""
    words = grammar()
    placed: dict[str, bool] = {}
    for m in parsed.mentions:
        first = m.position[0]
        word = parsed.tokens[first - 1] if first > 0 else ""
        if word in words.before_words or word in words.after_words:
            placed.setdefault(m.target, word in words.before_words)
    return placed


def _beside(index: FactIndex, fact: Fact, entity: str, before: bool) -> bool:
    """Is the fact the one just before (or after) the name's own on its timeline?"""
    pick = timeline.beside_name(index.versions(fact), entity, before)
    return pick is not None and pick.fact.id == fact.id


def asked_before_it(index: FactIndex, parsed: Parsed, fact: Fact) -> bool:
    """Does the question ask what came before or after the fact's own value ("who ran novo before
    jorgensen took over": not Jørgensen, whom the fact names)? So it does where the words after
    "before" are all words of the value's name ("the no. 1 film before demon slayer took it": not
    "Demon Slayer: Mugen Train")."""
    from knowledge.reading import normalise

    named = fact.value_entity
    if named is not None and named in placed_names(parsed):
        return True
    value = fact.value
    entity = index.entities.get(named) if named else None
    name = entity.name if entity is not None else value.name if isinstance(value, PersonValue) else None
    if name is None:
        return False
    words = set(normalise(name).split())
    placing = grammar().before_words | grammar().after_words
    tokens = parsed.tokens
    return any(
        token in placing and len(said := tokens[i + 1 : i + 3]) == 2 and set(said) <= words
        for i, token in enumerate(tokens)
    )


def figure_for_who(index: FactIndex, parsed: Parsed, fact: Fact) -> bool:
    """Is the question asking who (someone at) a name is, answered with a figure or a date of that
    name's own ("who runs Broadcom": not the $4 billion Broadcom sold a division for)? "Who owns
    Nissan" may be answered by the owners' stakes: Nissan is their object, not their subject."""
    if not isinstance(fact.value, QuantityValue | PercentValue | MoneyValue | DateValue):
        return False
    if not says_any(parsed, grammar().name_questions):
        return False
    return any(index.within(fact.subject, m.target) for m in parsed.mentions)


def gives_percent(fact: Fact) -> bool:
    """Is the fact's value a percentage (or words with one in them)?"""
    value = fact.value
    return isinstance(value, PercentValue) or (isinstance(value, TextValue) and "%" in value.text)


def value_amount(fact: Fact) -> float | None:
    """A fact's figure as it is written (a percentage's points, an amount's number), if it has one."""
    value = fact.value
    if isinstance(value, QuantityValue | PercentValue | MoneyValue):
        return float(value.amount)
    if isinstance(value, TextValue):
        figures = [read_number(t) for t in _FIGURE_IN_TEXT.findall(value.text)]
        return figures[0] if len(figures) == 1 else None
    return None


_FIGURE_IN_TEXT = re.compile(r"\d[\d.,]*\d%?|\d%?")


def gives_number(fact: Fact) -> bool:
    """Is the fact's value a number (a quantity, a percentage, money, or words with a figure in them)?"""
    value = fact.value
    if isinstance(value, QuantityValue | PercentValue | MoneyValue):
        return True
    return isinstance(value, TextValue) and any(ch.isdigit() for ch in value.text)


def explains(
    index: FactIndex,
    parsed: Parsed,
    facts: Iterable[Fact],
    wording: Sequence[Fact] = (),
    generic: frozenset[str] = frozenset(),
) -> bool:
    """The coverage guard for an answer: together its facts account for every name asked, and each
    explains every content word of the question (in its own words or, given `wording`, in those of
    other versions of it: the facts of its timeline), but for one of the `generic` words that frame a
    question about these names ("the deal" in a takeover story; see candidates.generic_words)."""
    facts = list(facts)
    if not all(gives_figure_asked(parsed, f) for f in facts):
        return False
    if any(period_conflict(index, parsed, f) for f in facts):
        return False  # "q1 operating profit": not the fiscal year's
    targets = [t for t in dict.fromkeys(m.target for m in parsed.mentions) if not index.is_context(t)]
    if placed := placed_names(parsed):
        # "who ran novo before jorgensen": a name that places the answer on its timeline is accounted
        # for by the fact beside its own.
        targets = [t for t in targets if not (t in placed and all(_beside(index, f, t, placed[t]) for f in facts))]
    deals = deal_names(parsed)
    pairs = paired_names(index, parsed)
    said = said_stems(parsed)
    if not all(
        any(
            accounts_for(index, f, [t], deals, targets, pairs, said)
            or accounts_for(index, f, targets, deals, pairs=pairs, said=said)
            for f in facts
        )
        for t in targets
    ):
        return False
    words = content_words(index, parsed)
    if any(
        relation_word_unasked(index, parsed, fact)
        or label_years_differ(index, parsed, fact)
        or opposite_asked(index, words, fact, asked_in(parsed).asked)
        or ordinal_differs(index, parsed, fact)
        or number_differs(index, parsed, fact)
        or placement_differs(index, parsed, fact)
        for fact in facts
    ):
        return False
    if len(facts) == 1 and about_another(index, facts[0], targets, parsed):
        return False
    if any(figure_for_who(index, parsed, f) for f in facts):
        return False
    named = {f.id: named_only(index, parsed, f) for f in (*facts, *wording)}
    names = {f.id: asked_name_words(index, parsed, f) for f in (*facts, *wording)}
    # A strong Japanese cue names what is asked as an English content word does ("議決権" of voting
    # rights, not a stake), but for a word naming the deal asked about ("フィグマ買収"), which its
    # parties' facts account for.
    deal = grammar().deal_words
    words |= {cue: cue for cue in parsed.cues_ja if cue not in words and _HIRAGANA.sub("", cue) not in deal}
    for fact in facts:
        missing = [
            key
            for key, word in words.items()
            if not any(
                _explains_word(index, f, key, word, named[f.id], names[f.id])
                for f in (fact, *(() if key.startswith("#") else wording))
            )
        ]
        if missing and not (len(missing) == 1 and missing[0] in generic):
            return False
    return True


def named_only(index: FactIndex, parsed: Parsed, fact: Fact) -> frozenset[str]:
    """Stems the fact holds only in the names of its parties that the question already names: they
    explain nothing more ("minimum" in "wga minimum raise … 2023 mba" is not said by a fact about the
    "Minimum Basic Agreement" asked as "mba")."""
    asked = {m.target for m in parsed.mentions} & fact.entity_ids
    if not asked:
        return frozenset()
    own = index.fact_text(fact)
    if not any(key in index.fact_bag(fact)[0] and key not in own for key in content_words(index, parsed)):
        return frozenset()  # every question word the fact holds, it says in its own words
    said = _said_beside_names(parsed)
    # A word of a name the question also says another word of is that name said again ("the noto
    # quake on new years day" of the "New Year's Day earthquake").
    named = frozenset(
        word for t in asked for name in index.name_stems(t) for word in name if not (name - {word}) & said
    )
    others = frozenset().union(*(n for t in fact.entity_ids - asked for n in index.name_stems(t)))
    return named - own - others


@lru_cache(maxsize=64)
def _said_beside_names(parsed: Parsed) -> frozenset[str]:
    """The stems of the question's Latin words outside the names it found and the time it names."""
    from knowledge.reading import is_cjk, stem

    inside = _names_and_time(parsed)
    return frozenset(stem(t) for i, t in enumerate(parsed.tokens) if i not in inside and not is_cjk(t))


def _names_and_time(parsed: Parsed) -> set[int]:
    """The question's tokens inside the names it found and the time it names."""
    inside = set(parsed.span.tokens) if parsed.span is not None else set()
    for mention in parsed.mentions:
        inside.update(range(mention.position[0], mention.end[0] + 1))
    return inside


def _about_beside_names(parsed: Parsed, about: frozenset[str]) -> frozenset[str]:
    """The words a question is about (`Asked.about`) but its Latin words said only inside the names it
    found ("intervention" of "the July 2024 intervention"): a name's word names the thing, not what is
    asked of it."""
    from knowledge.reading import is_cjk, stem

    inside = _names_and_time(parsed)
    beside = _said_beside_names(parsed)
    only_named = {stem(t) for i, t in enumerate(parsed.tokens) if i in inside and not is_cjk(t)} - beside
    related = related_words()
    keep = {a for a in about if a not in only_named or any(a in related.get(b, frozenset()) for b in beside)}
    return frozenset(keep)


def asked_name_words(index: FactIndex, parsed: Parsed, fact: Fact) -> frozenset[str]:
    """The stems of the names of the fact's parties the question asks about."""
    asked = {m.target for m in parsed.mentions} & fact.entity_ids
    return frozenset().union(*(name for t in asked for name in index.name_stems(t)))


def _explains_word(
    index: FactIndex,
    fact: Fact,
    key: str,
    word: str,
    named: frozenset[str] = frozenset(),
    names: frozenset[str] = frozenset(),
) -> bool:
    bag, cjk = index.fact_bag(fact)
    relation_words, relation_cjk = index.relation_words(fact.predicate)
    cjk = f"{cjk}\n{relation_cjk}"
    return bool(
        (key in bag and key not in named)
        or (key.startswith("#") and holds_figure(index, fact, key))
        or key in relation_words
        or (cjk and in_text(key, cjk))
        or index.related_in_text(key, index.fact_text(fact))
        or related_in_fact(
            key, index.fact_text(fact), index.label_words(fact.predicate), index.fact_bag(fact)[1], names
        )
        or abbreviates(index, word, fact)
        or names_its_kind(fact, key)
        or joins_words(word, fact)
        or _says_cue_in_english(index, fact, key, bag)
    )


def _says_cue_in_english(index: FactIndex, fact: Fact, key: str, bag: frozenset[str]) -> bool:
    """Does the fact say, in English words of its own or its relation's name, what this Japanese cue
    names ("最高値" of a price whose statement says "a record high")?"""
    from knowledge.reading import is_cjk

    if not is_cjk(key) or index.cue_names_a_sibling(key, fact.predicate):
        return False
    label = index.label_words(fact.predicate)
    return any(holds_key(" ".join(phrase), bag, label) for phrase in index.english_of_cue_ja(key))


def joins_words(word: str, fact: Fact) -> bool:
    """Is the word two words of the fact's statement written as one ("pretax" for "pre-tax", "preorders"
    for "pre-orders"), in their order?"""
    if not word.isascii() or len(word) < 6:
        return False
    text = _spaced(" ".join((fact.statement, *fact.phrasings)))
    return any(f" {word[:k]} {word[k:]}" in text for k in range(3, len(word) - 2))


@lru_cache(maxsize=8192)
def _spaced(text: str) -> str:
    """A fact's text normalised, a space at each end (read once per text: the guard asks per candidate)."""
    from knowledge.reading import normalise

    return f" {normalise(text)} "


def names_its_kind(fact: Fact, key: str) -> bool:
    """Is the word one that only says what kind of figure the fact's is: "cash" or "money" of a sum of
    money, "people" of a count of deaths, visitors or employees ("how many ppl have died")? It explains
    the word without being evidence for the fact."""
    value = fact.value
    if isinstance(value, MoneyValue):
        return key in grammar_stems("money_nouns")
    if isinstance(value, QuantityValue) and value.unit and value.unit.casefold() in grammar().people_units:
        return key in grammar_stems("people_nouns")
    return False


@lru_cache(maxsize=64)
def period_lengths_asked(parsed: Parsed) -> frozenset[str]:
    """The lengths of period the question asks about ("quarter", "year", "month"): by its time, or by a
    word (grammar `period_lengths`)."""
    words = grammar()
    span = parsed.span
    # As whole words ("quarter", not the one in "headquarters"); Japanese inside its run ("直近の通期売上高").
    said = {length for word, length in words.period_lengths.items() if says_any(parsed, (word,))}
    said |= {length for t in parsed.tokens if (length := timeline.part_length(t))}  # "q1", "h2"
    if span is not None:
        months = len(timeline.months_between(span.start, span.end))
        length = {3: "quarter", 12: "year", 1: "month"}.get(months)
        if length is not None and not (length == "month" and span.start[8:] != "01"):  # a day is no month
            said.add(length)
    return frozenset(said)


@lru_cache(maxsize=8)
def period_stems_of(length: str) -> frozenset[str]:
    """The stems of the words a relation's name says a length of period by ("quarterly": "quarter")."""
    from knowledge.reading import stem

    words = grammar()
    return frozenset(stem(words.synonyms.get(w, w)) for w in words.period_names.get(length, ()))


@lru_cache(maxsize=1)
def _whole_year_phrases() -> tuple[str, ...]:
    """The phrases that name a year's length ("full year", "通期", "annual": grammar `period_lengths`)."""
    return tuple(phrase for phrase, length in grammar().period_lengths.items() if length == "year")


def period_conflict(index: FactIndex, parsed: Parsed, fact: Fact) -> str | None:
    """A word of the relation's name that says another length of period than the one asked ("quarterly"
    revenue, asked "通期" or for a year), or a whole year's figure asked for a part of one ("q1
    operating profit", the fiscal year's): a neighbour."""
    from knowledge.reading import normalise

    asked = period_lengths_asked(parsed) - {"month"}  # "revenue in dec 2024" may be its quarter's
    if not asked:
        return None
    # "annual" is a grammar word, not among the name's stems: read from the name as written.
    relation = index.relations.get(fact.predicate)
    written = normalise(relation.label) if relation is not None else ""
    if asked & {"quarter", "half"} and "year" not in asked:
        if fact.period and timeline.period_length(fact) == "year":
            return fact.period  # "q1 operating profit": not the fiscal year's
        if year := timeline.calendar_year_by_statement(fact):
            return year  # "vw q3 operating profit": not its profit "in 2025"
        if said := set(written.split()) & set(grammar().period_names.get("year", ())):
            return next(iter(said))  # "latest quarter": not the "annual deliveries"
    # A relation named "quarterly" asked for a year. (Not "monthly" or "annual": they also name measures,
    # "monthly active users" and "annual recurring revenue", whatever period a figure is for.)
    if (
        "year" in asked
        and "quarter" not in asked
        and (found := period_stems_of("quarter") & index.label_words(fact.predicate))
    ):
        return next(iter(found))
    if "year" in asked and "nine months" not in asked:
        # "通期純利益" is not the "nine-month net income".
        for phrase, length in grammar().period_lengths.items():
            if length == "nine months" and f" {phrase} " in f" {written} ":
                return phrase
    whole_year = _whole_year_phrases()
    if (
        "year" in asked
        and parsed.span is not None
        and fact.as_of
        and not fact.period
        and says_any(parsed, whole_year)
        and not any(f" {phrase} " in f" {written} " for phrase in whole_year)  # its name says "annual"
        and fact.as_of < parsed.span.end[: len(fact.as_of)]
        and not grammar_stems("standing_words") & index.label_words(fact.predicate)
    ):
        # "global sales drop for the full year 2024": a figure given in January 2024 is no year's whole,
        # which is known only once it ends (a forecast for it is, by its name, another thing).
        return fact.as_of
    return None
