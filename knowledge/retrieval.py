"""Fact-centred retrieval: the candidates for a question, each scored and checked by the coverage guard.

The cue path (matcher) reads a relation from the question's words and looks facts up by subject and
relation. That answers well when the curator's relation is one the vocabulary knows. This path
starts from the other end: the facts about everything the question names, scored by how much of the
question each explains (its relation's cues, its statement, phrasings, quote and value), so a
curator's own relation ("stake held in French trust") is found by the words of its facts.

The guard: a fact answers only if every content word of the question is accounted for (a name, a
cue of the fact's relation, a word of its texts, a time, or grammar). A word nothing explains means
the question asks something the fact does not say: decline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from knowledge import timeline
from knowledge.models import (
    DateValue,
    EntitiesValue,
    EntityValue,
    Fact,
    MoneyValue,
    PercentValue,
    PersonValue,
    QuantityValue,
    StageValue,
    TextValue,
    Timing,
)
from knowledge.vocabulary import grammar, stage_info

if TYPE_CHECKING:
    from knowledge.matcher import FactIndex
    from knowledge.reading import Parsed

RELATION_WORD_WEIGHT = 1.0
"""What one question word that names the fact's relation (a word of its label or cues) adds."""
TEXT_WEIGHT = 0.5
"""What one question word found in a fact's own text adds to its relation's cue score."""
INHERITED_WORD_WEIGHT = 0.5
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
MAX_INITIALS = 6
"""The longest abbreviation read as the initials of a fact's words."""
SUBJECT_BONUS = 0.25
"""Added when the one name asked is the fact's subject, not its object (the Bank of Japan's own rate,
not a board member's proposal for it)."""
LABEL_COVERAGE_WEIGHT = 0.25
"""Times the share of the relation name's words the question says."""
UNNAMED_MARGIN = 0.5
"""How far a fact whose relation the question does not name must score above any fact of another
relation to answer."""
MIN_SCORE = 0.5
TIED_MARGIN = 0.1
"""Timelines scored this close fit alike: they are offered, not guessed between (a ranking preference
such as how much of a relation's name is asked moves a score by less)."""
"""A fact needs at least this much evidence beyond the names to answer."""
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


def content_words(index: FactIndex, parsed: Parsed) -> dict[str, str]:
    """The question's content words as {stem: word}: not names, times, grammar or comparison words.

    The guard, the scoring and the comparison of two answers all ask for them; they are read once
    per question."""
    return dict(_content_words(parsed))


@lru_cache(maxsize=64)
def _content_words(parsed: Parsed) -> tuple[tuple[str, str], ...]:
    from knowledge.reading import is_cjk, stem

    words = grammar()
    skip = parsed.named | (parsed.span.tokens if parsed.span else frozenset()) | _question_phrase_at(parsed.tokens)
    out: dict[str, str] = {}
    for i, token in enumerate(parsed.tokens):
        if i in skip or is_cjk(token) or token in words.stopwords or token in words.comparison:
            continue
        if _FIGURE.match(token) and not token.isdigit():
            if (number := read_number(token)) is not None:
                out[f"#{number:g}"] = token  # "0.5%": a figure the answer must hold
            continue
        if token in words.time_relations and parsed.span is None:
            pass  # "governor before Kuroda": before whom is asked, and no fact says it
        elif i and parsed.tokens[i - 1] in words.period_markers and token in words.time_words:
            pass  # "losing per quarter": the quarterly figure, not a time
        elif token in words.time_words or token in words.months or token.isdigit() or len(token) < 2:
            continue
        if token in words.question_words:
            continue
        out[stem(token)] = token
    for leftover in parsed.unknown:
        if is_cjk(leftover):
            out[leftover] = leftover
    return tuple(out.items())


_FIGURE = re.compile(r"^\d[\d.,]*%?$")


def _question_phrase_at(tokens: tuple[str, ...]) -> frozenset[int]:
    """Positions of the words of phrases that ask for a kind of answer ("what share of", "what day"):
    they say how to answer, not what about ("share" there is no stake)."""
    words = grammar()
    phrases = {
        tuple(p.split())
        for p in (
            *words.number_questions,
            *words.percent_questions,
            *words.count_questions,
            *words.date_questions,
            *words.person_questions,
        )
        if p.isascii() and " " in p
    }
    found: set[int] = set()
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if tokens[i : i + n] == phrase:
                found.update(range(i, i + n))
    return frozenset(found)


def read_number(token: str) -> float | None:
    """A figure as written in a question or a statement: "0.5%", "1,000", "14.1", "0,5"."""
    text = token.rstrip("%")
    if "," in text and "." not in text and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        text = text.replace(",", ".")  # "0,5": a decimal comma
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def holds_figure(index: FactIndex, fact: Fact, key: str) -> bool:
    """Does the fact state this figure (a question word "#0.5"): in its value, at any scale, or in its
    statement?"""
    return float(key[1:]) in index.fact_figures(fact)


@dataclass(frozen=True, slots=True)
class _Question:
    """What the scoring of every candidate reads from the question, worked out once per question."""

    cue_scores: dict[str, float]
    cued: frozenset[str]
    """Stems of the words a relation's cue took."""
    asked: frozenset[str]
    """Stems of all its words."""
    heard: frozenset[str]
    """Those, and for each known Japanese word inside it, the word and its related words ("従業員数"
    asks about employees)."""
    about: frozenset[str]
    """Those, and their related words ("stock" for a "share price …")."""
    keys_related: frozenset[str]
    """Its content words (their keys) and their related words."""


@lru_cache(maxsize=64)
def _question(parsed: Parsed) -> _Question:
    from knowledge.reading import is_cjk, japanese_lexicon, stem

    related = related_words()
    asked = frozenset(stem(t) for t in parsed.tokens)
    heard = set(asked)
    for token in parsed.tokens:
        if is_cjk(token):
            for word in japanese_lexicon():
                if word in token:
                    heard |= related.get(word, frozenset()) | {word}
    about = set(heard)
    for word in heard:
        about |= related.get(word, frozenset())
    keys = {key for key, _ in _content_words(parsed)}
    keys_related = set(keys)
    for key in keys:
        keys_related |= related.get(key, frozenset())
    return _Question(
        cue_scores=dict(parsed.scores),
        cued=frozenset(stem(parsed.tokens[i]) for i in parsed.cued if i < len(parsed.tokens)),
        asked=asked,
        heard=frozenset(heard),
        about=frozenset(about),
        keys_related=frozenset(keys_related),
    )


def accounts_for(index: FactIndex, fact: Fact, targets: Iterable[str]) -> bool:
    """Does the fact involve every entity asked about: as a party, as a bloc whose members are all named,
    as a bloc it leads (or, for relations a bloc's members share, belongs to), or by name in its statement?

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
        return False
    return True


def candidates(index: FactIndex, parsed: Parsed) -> list[Fact]:
    """Facts that account for every entity the question names (all facts sharing its words, if none)."""
    targets = [t for t in dict.fromkeys(m.target for m in parsed.mentions) if not index.is_context(t)]
    if not targets:
        return index.facts_sharing_words(parsed, MAX_CANDIDATES)
    pool: dict[str, Fact] = {}
    for target in targets:
        for fact in index.facts_involving(target, MAX_CANDIDATES):
            pool.setdefault(fact.id, fact)
    roles = index.roles(parsed)
    return [f for f in pool.values() if accounts_for(index, f, targets) and not _reversed(index, f, roles)]


def _reversed(index: FactIndex, fact: Fact, roles: tuple[str, str] | None) -> bool:
    """Does the fact read the other way round from the question ("Nissan's stake in Renault" asked,
    Renault's stake in Nissan found)?"""
    if roles is None or fact.object is None:
        return False
    subject, obj = roles
    relation = index.relations.get(fact.predicate)
    if relation is not None and relation.symmetric:
        return False
    return index.within(fact.subject, obj) and index.within(fact.object, subject)


def score(index: FactIndex, parsed: Parsed, words: dict[str, str]) -> list[Scored]:
    """Every candidate with its evidence, best first; facts leaving a question word unexplained are kept
    (for suggestions) but marked."""
    pool = candidates(index, parsed)
    generic = _generic_words(index, pool, words)
    scored = [_scored(index, parsed, words, fact, generic) for fact in pool]
    scored.sort(key=lambda s: (bool(s.unexplained), -s.score, timeline.newest_key(s.fact)))
    return scored


def _generic_words(index: FactIndex, pool: list[Fact], words: dict[str, str]) -> frozenset[str]:
    """Question words that many of the facts about these names share ("the deal" in a takeover story):
    they frame the question rather than pick a fact, so one of them may go unexplained."""
    if len(pool) < GENERIC_MIN_FACTS:
        return frozenset()
    bags = [index.fact_bag(f)[0] for f in pool]
    return frozenset(w for w in words if sum(w in bag for bag in bags) >= GENERIC_SHARE * len(bags))


def _scored(
    index: FactIndex, parsed: Parsed, words: dict[str, str], fact: Fact, generic: frozenset[str] = frozenset()
) -> Scored:
    """One fact's evidence for a question, and the question words it leaves unexplained."""
    question = _question(parsed)
    cue_scores, cued, asked = question.cue_scores, question.cued, question.asked
    bag, own_cjk = index.fact_bag(fact)
    relation_words, relation_cjk = index.relation_words(fact.predicate)
    cjk = own_cjk + relation_cjk
    unexplained = tuple(
        word
        for key, word in words.items()
        if not (
            key in bag
            or key in relation_words
            or (cjk and _in_text(key, cjk))
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
            w for w in left if not _related(stem_of(w), text, label, own_cjk) and not abbreviates(w, fact)
        )
        related_hits = len(left) - len(unexplained)
    head = _missing_head(index, parsed, fact)
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
    if not relation_hits and not own_cue and _broad_role_asked(index, parsed, fact):
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
        kind_bonus += LABEL_COVERAGE_WEIGHT * len(label & asked) / len(label)
    if any(t in index.led_blocs(t2) for t2 in targets for t in fact.entity_ids) and not set(targets) & fact.entity_ids:
        evidence -= VIA_PENALTY  # answered through the bloc a company leads: weaker than its own fact
    if _about_another(index, fact, targets):
        unexplained = (*unexplained, index.name(fact.subject))
    if _label_years_differ(index, parsed, fact):
        unexplained = (*unexplained, index.relations[fact.predicate].label)
    opposite = _opposite_asked(index, words, fact)
    if opposite is not None:
        unexplained = (*unexplained, opposite)
    if fact.object is not None and fact.object not in targets and fact.subject in targets:
        mentioned_only = [t for t in dict.fromkeys(targets) if t not in (fact.subject, fact.object)]
        through = [t for t in mentioned_only if fact.object not in index.members_of([t])]
        if any(index.names_through(fact, t, fact.object) for t in through):
            evidence -= OTHER_OBJECT_PENALTY
    named = bool(own_cue or relation_hits or label_hits)
    if not named and _names_head(index, parsed, fact):
        named = True  # "日銀総裁は誰": "総裁" names the "governor" by its related group
        evidence += TEXT_WEIGHT
    return Scored(fact, evidence + kind_bonus, unexplained, kind_bonus, named)


def evidence_of(index: FactIndex, parsed: Parsed, facts: Iterable[Fact]) -> float:
    """The evidence the retrieval scoring gives an answer (its best fact)."""
    words = content_words(index, parsed)
    return max((_scored(index, parsed, words, f).score for f in facts), default=0.0)


def stem_of(word: str) -> str:
    """The key a question word is indexed by."""
    from knowledge.reading import is_cjk, stem

    return word if is_cjk(word) else stem(word)


def _in_text(word: str, text: str) -> bool:
    """A Japanese word is found inside the unsegmented Japanese text of a fact."""
    return word in text


def _about_another(index: FactIndex, fact: Fact, targets: list[str]) -> bool:
    """Is the fact about another entity of the kind asked, naming the one asked only in passing
    ("Figma's recurring revenue, when Adobe agreed to buy it" asked as Adobe's revenue)? Entities of
    another kind may frame it ("the order Biden signed" answers when Biden blocked the deal)."""
    if not targets or any(
        index.within(p, t) or index.within(t, p) for t in targets for p in (fact.subject, fact.object) if p
    ):
        return False
    subject = index.entities.get(fact.subject)
    asked = [index.entities.get(t) for t in targets]
    return subject is not None and any(a is not None and a.kind is subject.kind for a in asked)


def _unit_asked(parsed: Parsed, fact: Fact) -> bool:
    """Is the fact's figure counted in what the question asks about ("goals", "ゴール")?"""
    from knowledge.reading import normalise, stem

    if not isinstance(fact.value, QuantityValue) or not fact.value.unit:
        return False
    unit = {stem(t) for t in normalise(fact.value.unit).split()}
    return bool(unit & _question(parsed).keys_related)


@lru_cache(maxsize=1)
def opposite_words() -> dict[str, frozenset[str]]:
    """Each word of the vocabulary's opposite pairs (by its key) with its opposites."""
    found: dict[str, set[str]] = defaultdict(set)
    for pair in grammar().opposites:
        keys = [stem_of(w.casefold()) for w in pair]
        for key in keys:
            found[key].update(k for k in keys if k != key)
    return {k: frozenset(v) for k, v in found.items()}


def _opposite_asked(index: FactIndex, words: dict[str, str], fact: Fact) -> str | None:
    """A question word whose opposite names the fact's relation ("profit" asked of an "operating loss"):
    the question asks the other side."""
    label = index.label_words(fact.predicate)
    opposites = opposite_words()
    for key, word in words.items():
        if key in label:
            continue
        if opposites.get(key, frozenset()) & label:
            return word
    return None


def _label_years_differ(index: FactIndex, parsed: Parsed, fact: Fact) -> bool:
    """Does the fact's relation name a year ("forecast for fiscal 2026") the question's time does not
    reach ("for fiscal 2025")?"""
    if parsed.span is None:
        return False
    relation = index.relations.get(fact.predicate)
    named = timeline.years_in(relation.label if relation else "")
    if not named:
        return False
    asked = set(range(int(parsed.span.start[:4]), int(parsed.span.end[:4]) + 1))
    # A label's year may be one the question names apart from its as-of time ("fiscal 2025 … as of
    # January 2025"): any year written in the question counts too.
    asked |= {int(t) for t in parsed.tokens if re.fullmatch(r"(?:19|20)\d\d", t)}
    return not named & asked


def _missing_head(index: FactIndex, parsed: Parsed, fact: Fact) -> str | None:
    """The head of the fact's relation name, when the question names its other words but not it nor a
    word related to it ("the 10-year jgb yield" of a "10-year yield cap"): the question asks about a
    neighbour. None when the head is asked, or the question names none of the other words."""
    head = index.label_head(fact.predicate)
    if head is None or _cued_first(index, parsed, fact):
        return None  # no head, or the question names the relation by a cue of its own ("chargers built")
    question = _question(parsed)
    heard = question.heard
    if any(same_word(head, a) for a in heard) or related_words().get(head, frozenset()) & heard:
        return None
    if any(head in related_words().get(a, frozenset()) for a in heard):
        return None  # "heads" stands for a "president" (broader words go one way: question to fact)
    others = index.label_words(fact.predicate) - {head}
    if not any(same_word(o, a) for o in others for a in question.about):
        return None
    label = index.relations[fact.predicate].label
    if any(initials_of(token, label) for token in parsed.tokens):
        return None  # "rsus" asks for the "restricted stock units for … staff"
    if head in _time_word_stems() and asks_for_date(parsed):
        return None  # "when was it delisted" asks for the "delisting date"
    return head


def _cued_first(index: FactIndex, parsed: Parsed, fact: Fact) -> bool:
    """Do the question's cues name the fact's relation first: by a cue of its own, or by the built-in
    relation its name is another word for ("deal value" asked of a curator's "acquisition price")?"""
    if not parsed.scores:
        return False
    top = parsed.scores[0][0]
    return top == fact.predicate or index.is_named_as(fact.predicate, top)


@lru_cache(maxsize=1)
def _time_word_stems() -> frozenset[str]:
    from knowledge.reading import stem

    return frozenset(stem(w) for w in grammar().time_words)


LONG_STEM = 8
"""Stems sharing this many letters, each with at most two more, are one word ("subscrib", "subscript")."""
DERIVATIONS = ("at", "ation", "ion", "ment", "al", "ic", "iti", "er", "or", "ist", "ive")
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


def abbreviates(word: str, fact: Fact) -> bool:
    """Is the word the initials of words the fact's statement runs together ("nyse": New York Stock
    Exchange; "cfius": Committee on Foreign Investment in the United States, grammar words skipped)?"""
    return initials_of(word, fact.statement)


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


@lru_cache(maxsize=1)
def broad_words() -> frozenset[str]:
    """The keys of the vocabulary's broader words ("boss", "head", "runs")."""
    return frozenset(stem_of(w.casefold()) for w in grammar().broader)


@lru_cache(maxsize=1)
def related_words() -> dict[str, frozenset[str]]:
    """Each word of the vocabulary's related groups (by its key) with the other words of its groups."""
    mates: dict[str, set[str]] = defaultdict(set)
    for group in grammar().related:
        keys = {stem_of(word.casefold()) for word in group}
        for key in keys:
            mates[key].update(keys - {key})
    for word, narrower in grammar().broader.items():
        mates[stem_of(word.casefold())].update(stem_of(w.casefold()) for w in narrower)
    return {key: frozenset(found) for key, found in mates.items()}


def _related(key: str, bag: frozenset[str], label: frozenset[str], cjk: str) -> bool:
    """Does the fact hold a word of one of this question word's related groups ("offer" ~ "bid"), in its
    own text or its relation's name (not in words its relation merely shares with others)?"""
    from knowledge.reading import is_cjk

    return any(
        mate in bag or mate in label or (cjk and is_cjk(mate) and mate in cjk) for mate in related_words().get(key, ())
    )


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
    elif isinstance(value, EntitiesValue) and value.text:
        yield value.text


def best(index: FactIndex, parsed: Parsed) -> tuple[list[Fact], float, list[Fact], bool]:
    """The timeline that answers (its facts), the evidence for it, suggestions when none does, and
    whether it answers read for the state at the time asked (see `as_of_reading`).

    A candidate answers only if the guard passes, it has evidence beyond the names, and no relation the
    question's cues point at more strongly is missing for these names (then the question asks for that)."""
    words = content_words(index, parsed)
    ranked = score(index, parsed, words)
    suggestions = [s.fact for s in ranked[:3]]
    passing = [s for s in ranked if not s.unexplained and gives_figure_asked(parsed, s.fact)]
    top_cue = parsed.scores[0][1] if parsed.scores else 0.0
    if not passing:
        return [], 0.0, suggestions, False
    winner = passing[0]
    if winner.evidence < MIN_SCORE and words:
        return [], 0.0, suggestions, False
    if not winner.named:
        # Nothing in the question names the winner's relation: only its text fits ("how much did they
        # hike to": the rate, or the inflation forecast they raised?). It must fit clearly better.
        rival = next((s for s in passing[1:] if s.fact.predicate != winner.fact.predicate), None)
        if rival is not None and rival.score > winner.score - UNNAMED_MARGIN:
            return [], 0.0, [winner.fact, rival.fact], False
    top_relation = parsed.scores[0][0] if parsed.scores else None
    asked_has_facts = any(s.fact.predicate == top_relation for s in ranked)
    variant = top_relation is not None and index.is_variant(winner.fact.predicate, top_relation)
    # "who heads the union": a broad word's cue ("heads" of a chief executive) asks for any of the roles
    # it stands for, and the union's president is one.
    variant = variant or _broad_role_asked(index, parsed, winner.fact)
    if winner.evidence < top_cue - 1e-6 and not variant:
        # "who is nissan's chairman" with only a CEO on file: the cues ask for a relation these
        # names have no fact for, and a neighbouring relation is not the answer.
        return [], 0.0, suggestions, False
    # Each timeline with a passing fact, if it can answer for the time or stage asked, at its best score.
    timelines = group_by_timeline(index, (s.fact for s in ranked))
    best_of: dict[tuple[str, ...], float] = {}
    named: dict[tuple[str, ...], bool] = {}
    for scored in passing:
        best_of.setdefault(index.timeline_key(scored.fact), scored.score)
        named.setdefault(index.timeline_key(scored.fact), scored.named)
    viable = [(score, key) for key, score in best_of.items() if index.answers_from(timelines[key], parsed)]
    first = index.timeline_key(winner.fact)
    periodic = winner.fact.period is not None or index.timing(winner.fact.predicate) is Timing.PERIOD
    asks_state = not any(t in grammar().event_words for t in parsed.tokens)
    strict = parsed.span is None or parsed.span.as_of or periodic or not asks_state
    # "what was the pledge in December 2024": nothing was pledged that month, but the pledge standing
    # then is what is asked, when the timeline that fits the question best has one ("how much did they
    # bid in 2022" asks what happened then: no).
    if (
        not strict
        and all(k != first for _, k in viable)
        and index.answers_from(timelines[first], as_of_reading(parsed))
    ):
        return timelines[first], best_of[first], suggestions, True
    if not viable:
        return [], 0.0, suggestions, False
    viable.sort(key=lambda sk: -sk[0])
    top_score, key = viable[0]
    if top_score < winner.score - 1e-6 and top_score < top_cue - 1e-6 and not asked_has_facts:
        return [], 0.0, suggestions, False
    # Close scores tie unless the question's cues tell the two apart: a timeline whose relation they
    # name more strongly, or at all, is not tied with one that only fits as well.
    cues = dict(parsed.scores)
    top_cue_of = cues.get(key[0], 0.0)
    tied = [
        k
        for score, k in viable
        if score >= top_score - TIED_MARGIN
        and (named[k] or not named[key])
        and (k == key or cues.get(k[0], 0.0) >= top_cue_of - 1e-6)
    ]
    if len(tied) > 1 and _says_any(parsed, grammar().present_words):
        # "japan core inflation latest": of the monthly and the annual figure, the newer one.
        newest = min(tied, key=lambda k: timeline.newest_key(timeline.newest_first(timelines[k])[0]))
        tied, key = [newest], newest
    if len(tied) > 1 and _one_figure(index, parsed, [timelines[k] for k in tied]):
        # "how much did the boj hike to in jan 2025": the policy rate and the rate decision then both
        # say 0.5%; there is nothing to choose between.
        tied = [key]
    if len(tied) > 1:
        # "what were sales", "nissan stake": several timelines fit equally; offered, not guessed.
        return [], 0.0, [timelines[k][0] for k in tied[:3]], False
    return timelines[key], top_score, suggestions, False


def _names_head(index: FactIndex, parsed: Parsed, fact: Fact) -> bool:
    """Does a question word name the head of the fact's relation by a word of one of its related groups
    ("decide" the "rate decision", "総裁" the "governor")?"""
    head = index.label_head(fact.predicate)
    if head is None:
        words = index.label_words(fact.predicate)
        head = next(iter(words)) if len(words) == 1 else None
    if head is None:
        return False
    return bool(related_words().get(head, frozenset()) & _question(parsed).heard)


def _broad_role_asked(index: FactIndex, parsed: Parsed, fact: Fact) -> bool:
    """Is a broad word of the question ("heads", "boss") one that stands for the role the fact's relation
    names ("president", "chief executive"; not "directors appointed")?"""
    broader = grammar().broader
    label = index.label_words(fact.predicate) - {"chief"}
    return bool(label) and any(
        label <= {stem_of(w.casefold()) for w in broader[token]} for token in parsed.tokens if token in broader
    )


def _one_figure(index: FactIndex, parsed: Parsed, timelines: list[list[Fact]]) -> bool:
    """Do the facts these timelines answer with all hold the same figure, as of the same date?"""
    figures = set()
    for facts in timelines:
        chosen = index.chosen_fact(facts[0], facts, parsed)
        amount = value_amount(chosen) if chosen is not None else None
        if chosen is None or amount is None:
            return False
        figures.add((amount, chosen.as_of))
    return len(figures) == 1


def fitting(index: FactIndex, parsed: Parsed, facts: Iterable[Fact]) -> Fact | None:
    """Of a timeline's facts, the best-scored one that explains the whole question, if any."""
    words = content_words(index, parsed)
    scored = [_scored(index, parsed, words, f) for f in facts if f.live]
    passing = [s for s in scored if not s.unexplained and explains(index, parsed, [s.fact])]
    passing.sort(key=lambda s: (-s.score, timeline.newest_key(s.fact)))
    return passing[0].fact if passing else None


def as_of_reading(parsed: Parsed) -> Parsed:
    """The question read for the state at the time it names ("the pledge in December 2024")."""
    if parsed.span is None or parsed.span.as_of:
        return parsed
    return replace(parsed, span=replace(parsed.span, as_of=True))


def group_by_timeline(index: FactIndex, facts: Iterable[Fact]) -> dict[tuple[str, ...], list[Fact]]:
    """Facts grouped by the timeline they belong to."""
    groups: dict[tuple[str, ...], list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[index.timeline_key(fact)].append(fact)
    return groups


def asks_for_number(parsed: Parsed) -> bool:
    """Does the question ask for a number ("how much", "how many", "いくら")?"""
    return _says_any(parsed, grammar().number_questions)


@lru_cache(maxsize=256)
def _says_any(parsed: Parsed, phrases: tuple[str, ...]) -> bool:
    text = " " + " ".join(parsed.tokens) + " "
    joined = "".join(parsed.tokens)
    for phrase in phrases:
        if (phrase.isascii() and f" {phrase} " in text) or (not phrase.isascii() and phrase in joined):
            return True
    return False


def asks_for_date(parsed: Parsed) -> bool:
    """Does the question ask when ("when", "what date", "いつ")?"""
    return _says_any(parsed, grammar().date_questions)


def gives_kind_asked(parsed: Parsed, fact: Fact) -> bool:
    """Is the fact's value the kind the question asks for: a date for "when", a name for "who"?"""
    if isinstance(fact.value, DateValue):
        return asks_for_date(parsed)
    if isinstance(fact.value, PersonValue | EntityValue):
        return _says_any(parsed, grammar().person_questions)
    return False


def gives_figure_asked(parsed: Parsed, fact: Fact) -> bool:
    """Is the fact's value the sort of figure the question asks for, if it asks for one: a number for
    "how much", a count (not a percentage) for "how many", a percentage for "what %"?"""
    if asks_for_number(parsed) and not gives_number(fact):
        return False
    if asks_for_count(parsed) and isinstance(fact.value, PercentValue):
        return False
    return not asks_for_percent(parsed) or gives_percent(fact)


def asks_for_percent(parsed: Parsed) -> bool:
    """Does the question ask for a share ("what % of staff", "何%"): only a percentage answers."""
    return _says_any(parsed, grammar().percent_questions)


def gives_percent(fact: Fact) -> bool:
    """Is the fact's value a percentage (or words with one in them)?"""
    value = fact.value
    return isinstance(value, PercentValue) or (isinstance(value, TextValue) and "%" in value.text)


def asks_for_count(parsed: Parsed) -> bool:
    """Does the question ask how many of something ("how many jobs", "何人"): not a percentage."""
    return _says_any(parsed, grammar().count_questions)


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


def explains(index: FactIndex, parsed: Parsed, facts: Iterable[Fact], wording: Sequence[Fact] = ()) -> bool:
    """The coverage guard for an answer: together its facts account for every name asked, and each
    explains every content word of the question (in its own words or, given `wording`, in those of
    other versions of it: the facts of its timeline)."""
    facts = list(facts)
    if not all(gives_figure_asked(parsed, f) for f in facts):
        return False
    targets = [t for t in dict.fromkeys(m.target for m in parsed.mentions) if not index.is_context(t)]
    if not all(any(accounts_for(index, f, [t]) or accounts_for(index, f, targets) for f in facts) for t in targets):
        return False
    words = content_words(index, parsed)
    if any(
        _missing_head(index, parsed, fact)
        or _label_years_differ(index, parsed, fact)
        or _opposite_asked(index, words, fact)
        for fact in facts
    ):
        return False
    if len(facts) == 1 and _about_another(index, facts[0], targets):
        return False
    return all(
        all(
            any(_explains_word(index, f, key, word) for f in (fact, *(() if key.startswith("#") else wording)))
            for key, word in words.items()
        )
        for fact in facts
    )


def _explains_word(index: FactIndex, fact: Fact, key: str, word: str) -> bool:
    bag, cjk = index.fact_bag(fact)
    relation_words, relation_cjk = index.relation_words(fact.predicate)
    cjk += relation_cjk
    return bool(
        key in bag
        or (key.startswith("#") and holds_figure(index, fact, key))
        or key in relation_words
        or (cjk and _in_text(key, cjk))
        or index.related_in_text(key, index.fact_text(fact))
        or _related(key, index.fact_text(fact), index.label_words(fact.predicate), index.fact_bag(fact)[1])
        or abbreviates(word, fact)
    )
