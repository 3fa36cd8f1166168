"""What a question asks: its content words, the words they stand for, and the kind of answer wanted.

The first step of fact-centred retrieval (knowledge.retrieval): the parsed question (knowledge.reading)
is read once for what the candidates' scoring (knowledge.candidates) and the coverage guard
(knowledge.guard) need. Words are keyed by their stems; the vocabulary's related groups, broader words
and opposites are tables over those keys.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from knowledge import timeline
from knowledge.vocabulary import grammar

if TYPE_CHECKING:
    from knowledge.matcher import FactIndex
    from knowledge.reading import Parsed


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
    # "before jorgensen": the word places the answer by the name (guard.placed_names), which accounts for it.
    placing = words.before_words | words.after_words
    starts = (m.position[0] for m in parsed.mentions)
    skip |= {i - 1 for i in starts if i and parsed.tokens[i - 1] in placing}
    if parsed.span is not None and parsed.span.tokens:
        # "when they announced it in sept 2020": the word only says what happened at the time asked.
        first = min(parsed.span.tokens)
        between = words.time_words
        skip |= {
            i
            for i in range(max(0, first - 3), first)
            if parsed.tokens[i] in words.dating_words and all(t in between for t in parsed.tokens[i + 1 : first])
        }
        if parsed.span.start == parsed.span.end:
            # "on jan 8, the day after it started": a day asked is the day the word says.
            skip |= {i for i, token in enumerate(parsed.tokens) if token in words.day_words}
        skip |= _time_clause_at(parsed)
    out: dict[str, str] = {}
    for i, token in enumerate(parsed.tokens):
        # "how many layoffs are in the us": a stopword after "the" that is a name (grammar `names_after_the`).
        # So is one that opens the question ("us leqembi sales"): no pronoun opens one.
        named_after_the = token in words.names_after_the and (i == 0 or parsed.tokens[i - 1] == "the")
        stop = token in words.stopwords and not named_after_the
        if i in skip or is_cjk(token) or stop or token in words.comparison:
            continue
        if token in words.comparatives and set_against(parsed):
            continue  # "2024 vs 2023, how much lower": the two figures say it
        if _FIGURE.match(token) and not token.isdigit():
            if (number := read_number(token)) is not None:
                out[f"#{number:g}"] = token  # "0.5%": a figure the answer must hold
            continue
        if token in words.time_relations and parsed.span is None:
            pass  # "governor before Kuroda": before whom is asked, and no fact says it
        elif i and parsed.tokens[i - 1] in words.period_markers and token in words.time_words:
            pass  # "losing per quarter": the quarterly figure, not a time
        elif token in words.event_times and _said_as_event(parsed.tokens, i):
            out[stem(token)] = token  # "when did the tour start", "…end": not "the start of 2024"
            continue
        elif token in words.time_words or token in words.months or _NUMBER.match(token) or len(token) < 2:
            continue
        elif timeline.is_short_fiscal_year(token) or timeline.fiscal_names_in((token,)):
            continue  # "fy26", "fy2020": a year a relation's name may hold ("forecast for fiscal 2026")
        if token in words.question_words:
            continue
        out[stem(token)] = token
    for leftover in parsed.unknown:
        if is_cjk(leftover) and not (parsed.span is not None and leftover in words.dating_words_ja):
            out[leftover] = leftover
    return tuple(out.items())


@lru_cache(maxsize=64)
def time_clause_words(parsed: Parsed) -> frozenset[str]:
    """The words (their keys) of a clause saying what happened at the time the question names
    ("liabilities in mid 2021 when the crisis started", "who was chief when the fires started in jan
    2025"): the time places the answer, so no fact need say them, though one that does fits better
    ("the cap when bills finally dropped in july 2023")."""
    event = parsed.span.event if parsed.span is not None else ()  # "the android fine after the court cut it"
    return frozenset((*event, *(stem_of(parsed.tokens[i]) for i in _time_clause_at(parsed))))


@lru_cache(maxsize=64)
def _time_clause_at(parsed: Parsed) -> frozenset[int]:
    """Where such a clause's words are: up to `TIME_CLAUSE` words after a "when" that neither opens the
    question nor asks it ("back in june 2024 when was the unwind to begin"), stopping at the time or a
    name (grammar `clause_openers`)."""
    if parsed.span is None:
        return frozenset()
    tokens = parsed.tokens
    words = grammar()
    asking = set(words.yes_no_openers)
    found: set[int] = set()
    for i, word in enumerate(tokens):
        if word not in words.clause_openers or i == 0 or (i + 1 < len(tokens) and tokens[i + 1] in asking):
            continue
        for j in range(i + 1, min(i + 1 + TIME_CLAUSE, len(tokens))):
            if j in parsed.span.tokens or j in parsed.named:
                break
            found.add(j)
    return frozenset(found | _placing_clause_at(parsed))


def placed_before(parsed: Parsed) -> bool:
    """Does a clause ask for what stood before what happened at the time named, though the before word
    stands further ahead of it than the reader looks ("jal's forecast before they upgraded it in oct
    2023", timeline.Span.before)? Not across a break in the sentence ("price before the split, close on
    may 22") or a name ("before demon slayer took it in dec 2020" places by the name)."""
    opener = _placing_opener(parsed)
    return opener is not None and parsed.tokens[opener] in grammar().before_words


@lru_cache(maxsize=64)
def _placing_opener(parsed: Parsed) -> int | None:
    """The before or after word that opens a clause ending at the time the question names, within
    `TIME_CLAUSE` words of it, with no name and no break in the sentence between."""
    if parsed.span is None or not parsed.span.tokens:
        return None
    tokens, words = parsed.tokens, grammar()
    placing = words.before_words | words.after_words
    first = min(parsed.span.tokens)
    opener = next((i for i in range(first - 1, max(-1, first - 2 - TIME_CLAUSE), -1) if tokens[i] in placing), None)
    if opener is None or any(i in parsed.named for i in range(opener + 1, first)):
        return None
    # One stretch of the sentence holds both: "price before the split, close on may 22" does not.
    from knowledge.reading import normalise

    parts = (normalise(part).split() for part in _BREAK.split(parsed.written or parsed.text))
    if not any(tokens[opener] in part and tokens[first] in part[part.index(tokens[opener]) :] for part in parts):
        return None
    return opener


_BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s")


def _placing_clause_at(parsed: Parsed) -> frozenset[int]:
    """The words of a clause placing the answer before or after what happened at the time the question
    names ("before they upgraded it in oct 2023", "after the nov 2024 downgrade", "ldp seats before the
    oct 2024 snap election"): between the before or after word and the time, or, when only grammar
    words stand there, up to `TIME_CLAUSE` words after the time, stopping at a name."""
    opener = _placing_opener(parsed)
    if opener is None or parsed.span is None:
        return frozenset()
    tokens, timed = parsed.tokens, parsed.span.tokens
    words = grammar()
    first, last = min(timed), max(timed)
    between = set(range(opener + 1, first))
    if any(tokens[i] not in words.stopwords for i in between):
        return frozenset(between)
    after: set[int] = set()
    for j in range(last + 1, min(last + 1 + TIME_CLAUSE, len(tokens))):
        if j in parsed.named or j in timed or tokens[j] in words.question_words:
            break
        after.add(j)
    return frozenset(between | after)


TIME_CLAUSE = 4


@dataclass(frozen=True)
class EventClause:
    """An undated clause placing the answer before or after something that happened ("novo headcount
    before the layoffs", "the android fine after the court cut it"): the knowledge dates it by the facts
    that say its words (FactIndex._placed_by_event)."""

    before: bool
    at: frozenset[int]  # the clause's positions, its before or after word first
    words: tuple[str, ...]  # its content words, as keys


@lru_cache(maxsize=64)
def event_clause(parsed: Parsed) -> EventClause | None:
    """The question's event clause: up to `TIME_CLAUSE` words after a before or after word (grammar
    `before_words`, `after_words`), stopping at a name. None when the question names a time (that time
    places it) or the word places by a name ("who ran the boj before kuroda": guard.placed_names)."""
    if parsed.span is not None:
        return None
    words = grammar()
    tokens = parsed.tokens
    for i, token in enumerate(tokens):
        if token not in words.before_words and token not in words.after_words:
            continue
        at = {i}
        for j in range(i + 1, min(i + 1 + TIME_CLAUSE, len(tokens))):
            if j in parsed.named:
                break
            at.add(j)
        said = tuple(
            dict.fromkeys(
                stem_of(tokens[j])
                for j in sorted(at - {i})
                if tokens[j] not in words.stopwords
                and tokens[j] not in words.question_words
                and tokens[j] not in words.comparison
                and tokens[j] not in words.time_words
                and len(tokens[j]) > 1
                and not tokens[j][:1].isdigit()
            )
        )
        if said:
            return EventClause(token in words.before_words, frozenset(at), said)
        return None
    return None


def _said_as_event(tokens: tuple[str, ...], i: int) -> bool:
    """Is a time word that names an event ("start", "end") said as one ("when did the tour start", "tour
    end date"), not as a part of a time ("the start of 2024", "by the end of march")?"""
    words = grammar()
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    before = tokens[i - 1] if i else ""
    if following in words.time_words or following in words.months or following[:1].isdigit():
        return False  # "fy2022 ending mar 2023", "end 2024"
    return following != "to" and before != "the" and before not in words.time_words


_FIGURE = re.compile(r"^\d[\d.,]*%?$")
_NUMBER = re.compile(r"^\d+s?$")
"""A number, or numbers ("737-9s", "the 1990s"): numbers name models and years, which facts write as digits."""


def _question_phrase_at(tokens: tuple[str, ...]) -> frozenset[int]:
    """Positions of the words of phrases that ask for a kind of answer ("what share of", "what day"):
    they say how to answer, not what about ("share" there is no stake)."""
    phrases = _question_phrases()
    found: set[int] = set()
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(tokens) - n + 1):
            if tokens[i : i + n] == phrase:
                found.update(range(i, i + n))
    return frozenset(found)


@lru_cache(maxsize=1)
def _question_phrases() -> frozenset[tuple[str, ...]]:
    words = grammar()
    every = (
        *words.number_questions,
        *words.percent_questions,
        *words.count_questions,
        *words.date_questions,
        *words.person_questions,
    )
    return frozenset(tuple(p.split()) for p in every if p.isascii() and " " in p)


def read_number(token: str) -> float | None:
    """A figure as written in a question or a statement: "0.5%", "1,000", "14.1", "0,5"."""
    text = token.rstrip("%")
    if "," in text and "." not in text and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        text = text.replace(",", ".")  # "0,5": a decimal comma
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Asked:
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
def asked_in(parsed: Parsed) -> Asked:
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
    return Asked(
        cue_scores=dict(parsed.scores),
        cued=frozenset(stem(parsed.tokens[i]) for i in parsed.cued if i < len(parsed.tokens)),
        asked=asked,
        heard=frozenset(heard),
        about=frozenset(about),
        keys_related=frozenset(keys_related),
    )


def stem_of(word: str) -> str:
    """The key a question word is indexed by; a phrase of the vocabulary ("batting average") is keyed
    by the stems of its words but grammar words, joined by a space ("bat averag")."""
    from knowledge.reading import is_cjk, stem

    if is_cjk(word):
        return word
    if " " not in word:
        return stem(word)
    stop = grammar().stopwords
    return " ".join(stem(w) for w in word.split() if w not in stop) or stem(word)


def holds_key(key: str, *bags: frozenset[str] | set[str]) -> bool:
    """Do these words hold this key: the word, or every word of a phrase's key ("bat averag" in a
    "batting average (season)")?"""
    if any(key in bag for bag in bags):
        return True
    return " " in key and all(any(part in bag for bag in bags) for part in key.split())


@lru_cache(maxsize=1)
def opposite_words() -> dict[str, frozenset[str]]:
    """Each word of the vocabulary's opposite pairs (by its key) with its opposites."""
    found: dict[str, set[str]] = defaultdict(set)
    for pair in grammar().opposites:
        keys = [stem_of(w.casefold()) for w in pair]
        for key in keys:
            found[key].update(k for k in keys if k != key)
    return {k: frozenset(v) for k, v in found.items()}


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


@lru_cache(maxsize=1)
def english_words() -> dict[str, frozenset[str]]:
    """Each Japanese word of the related groups with the English words of its groups, as written
    ("米" -> "rice"): a question asked in Japanese finds facts written in English by them."""
    from knowledge.reading import is_cjk

    stop = grammar().stopwords
    found: dict[str, set[str]] = defaultdict(set)
    for group in grammar().related:
        # A phrase looks for facts by each of its words ("打率" -> "batting", "average").
        english = {part for w in group if w.isascii() for part in w.casefold().split() if part not in stop}
        for word in group:
            if is_cjk(word):
                found[word] |= english
    return {word: frozenset(words) for word, words in found.items()}


def asks_for_number(parsed: Parsed) -> bool:
    """Does the question ask for a number ("how much", "how many", "いくら")?"""
    return says_any(parsed, grammar().number_questions)


def asks_for_status(parsed: Parsed) -> bool:
    """Does the question ask how a thing stands or what became of it ("where does the deal stand",
    "今どうなってる"), and no number (grammar `status_questions`)?"""
    return says_any(parsed, grammar().status_questions) and not asks_for_number(parsed)


@lru_cache(maxsize=256)
def asks_for_change(parsed: Parsed) -> bool:
    """Does the question ask how far a figure moved ("how much did nissan stock pop", "% drop in revenue",
    "いくら上がった"), not the level it moved to ("what did it rise to")? (grammar `change_words`)"""
    from knowledge.reading import is_cjk

    words = grammar()
    if not (asks_for_number(parsed) or "%" in parsed.tokens):
        return False
    for i, token in enumerate(parsed.tokens):
        following = parsed.tokens[i + 1] if i + 1 < len(parsed.tokens) else ""
        if token in words.change_words:
            return following not in words.change_levels
        if is_cjk(token) and any(not w.isascii() and w in token for w in words.change_words):
            return not any(not w.isascii() and w in token for w in words.change_levels)
    return False


@lru_cache(maxsize=256)
def says_any(parsed: Parsed, phrases: tuple[str, ...]) -> bool:
    """Does the question say one of the phrases, outside its names ("WHO" asks nobody who)?"""
    text = _unnamed_text(parsed)
    joined = "".join(parsed.tokens)
    for phrase in phrases:
        if (phrase.isascii() and f" {phrase} " in text) or (not phrase.isascii() and phrase in joined):
            return True
    return False


@lru_cache(maxsize=256)
def _unnamed_text(parsed: Parsed) -> str:
    """The question's words with a gap where a name stands, spaced for matching whole phrases."""
    return " " + " ".join("|" if i in parsed.named else t for i, t in enumerate(parsed.tokens)) + " "


@lru_cache(maxsize=256)
def asks_for_original(parsed: Parsed, products: frozenset[str] = frozenset()) -> bool:
    """Does the question ask for a timeline's first figure ("the original deadline", "当初の買収額"), by a
    word that is not part of a relation's cue ("initial public offering"), nor the start of a product's
    name (`products`: "the original switch" is the first of its line)?"""
    words = grammar().original_words
    before_products = {m.position[0] - 1 for m in parsed.mentions if m.target in products}
    for i, token in enumerate(parsed.tokens):
        if i in parsed.cued or i in parsed.named or i in before_products:
            continue  # a cue's word, a name's ("OG Switch"), or the start of a product's name
        following = parsed.tokens[i + 1] if i + 1 < len(parsed.tokens) else ""
        if following in grammar().time_words or following in grammar().numbered_stretches:
            continue  # "the first quarter": a part of the year; "his first season": which season
        if token in words or any(not w.isascii() and w in token for w in words):
            return True
    return False


def asks_for_date(parsed: Parsed) -> bool:
    """Does the question ask when ("when", "what date", "いつ")?"""
    return says_any(parsed, grammar().date_questions)


def asks_when_ja(parsed: Parsed) -> bool:
    """Does a Japanese question ask when ("いつ", grammar `date_questions_ja`), not until when ("いつまで")?"""
    words = grammar()
    joined = "".join(parsed.tokens)
    return any(
        not joined[m.end() :].startswith(words.until_ja)
        for phrase in words.date_questions_ja
        for m in re.finditer(re.escape(phrase), joined)
    )


@lru_cache(maxsize=64)
def counters_asked(parsed: Parsed) -> frozenset[str]:
    """The Japanese counters the question counts with ("何社", grammar `counter_units`)."""
    return frozenset(c for c in grammar().counter_units if says_any(parsed, (c,)))


@lru_cache(maxsize=64)
def asks_for_ratio_ja(parsed: Parsed) -> bool:
    """Does a Japanese noun of the question end in a ratio's word ("賃上げ率は", grammar
    `ratio_questions_ja`), followed by a particle or the question's end?"""
    joined = "".join(parsed.tokens)
    return any(
        re.search(rf"{re.escape(word)}(?=[はがをもってでのにと、。？?！!]|$)", joined)
        for word in grammar().ratio_questions_ja
    )


def asks_for_percent(parsed: Parsed) -> bool:
    """Does the question ask for a share ("what % of staff", "何%"): only a percentage answers."""
    return says_any(parsed, grammar().percent_questions)


def asks_for_money(parsed: Parsed) -> bool:
    """Does the question ask how much money was put in ("how much did toyota invest", "いくら出資した"),
    not how much of a whole (grammar `money_verbs`)?"""
    words = grammar()
    return (
        says_any(parsed, ("how much", "いくら"))
        and says_any(parsed, words.money_verbs)
        and not says_any(parsed, words.share_questions)
    )


def asks_for_count(parsed: Parsed) -> bool:
    """Does the question ask how many of something ("how many jobs", "何人"): not a percentage."""
    return says_any(parsed, grammar().count_questions)


@lru_cache(maxsize=64)
def deal_names(parsed: Parsed) -> frozenset[str]:
    """Names the question writes as the name of a deal ("the activision deal", "takeover of figma",
    "アクティビジョン買収"): a fact about the deal may name its other party instead."""
    from knowledge.reading import is_cjk

    deal = grammar().deal_words
    tokens = parsed.tokens
    found = set()
    for mention in parsed.mentions:
        start, end = mention.position[0], mention.end[0]
        if is_cjk(tokens[end]):
            after = tokens[end][mention.end[1] :].removeprefix("の")
            if after.startswith(tuple(w for w in deal if not w.isascii())):
                found.add(mention.target)
            continue
        after_word = tokens[end + 1] if end + 1 < len(tokens) else ""
        before = tokens[max(0, start - 2) : start]
        if after_word in deal or (len(before) == 2 and before[0] in deal and before[1] in ("of", "for")):
            found.add(mention.target)
    return frozenset(found)


PAIR_JOINERS = frozenset({"and", "x", "&", "-", "/", "・", "と", "×"})
"""What may stand between two names written as a pair ("adobe/figma", "nippon and us steel")."""


def paired_names(index: FactIndex, parsed: Parsed) -> dict[str, str]:
    """Names written side by side that have a fact together ("msft activision", "nippon / us steel"),
    each with its partner: the pair names what they did together (the deal), so a fact about that deal
    naming one of them ("the JFTC approved Microsoft's deal") accounts for the other."""
    from knowledge.reading import is_cjk

    mentions = sorted(parsed.mentions, key=lambda m: m.position)
    pairs: dict[str, str] = {}
    for first, second in itertools.pairwise(mentions):
        if first.target == second.target or is_cjk(parsed.tokens[first.end[0]]):
            continue
        between = parsed.tokens[first.end[0] + 1 : second.position[0]]
        if len(between) > 1 or (between and between[0] not in PAIR_JOINERS):
            continue
        if second.target in index.counterparties(first.target):
            pairs[first.target], pairs[second.target] = second.target, first.target
    return pairs


def asks_for_now(parsed: Parsed) -> bool:
    """Does the question ask for what stands now ("the current chairman", 「今の会長」), with no other time?"""
    return parsed.span is None and says_any(parsed, grammar().present_words)


@lru_cache(maxsize=64)
def compared_times(parsed: Parsed) -> tuple[timeline.Span | None, timeline.Span | None] | None:
    """Two times the question sets against each other, by a comparison word ("inflation 2024 vs 2023",
    "2024年と2025年を比べると") or one joining them ("jan 2024 and may 2024"), in the order written; None
    for the present ("poverty now vs in 2024"). Not two times of which one says what the figure is for
    ("the 2030 target set in 2021")."""
    from knowledge.reading import is_cjk

    words = grammar()
    against = set_against(parsed)
    joining = words.joining_words
    if not against and not any(t in joining or (is_cjk(t) and any(w in t for w in joining)) for t in parsed.tokens):
        return None  # neither compares nor joins: no second time to look for
    times = timeline.times_compared(parsed.tokens)
    if times is None:
        span = parsed.span
        if span is None or span.as_of or span.before or span.event or not against:
            return None
        present = words.present_words
        now = any(
            t in present or (is_cjk(t) and any(not w.isascii() and w in t for w in present))
            for i, t in enumerate(parsed.tokens)
            if i not in span.tokens and i not in parsed.named
        )
        return (span, None) if now else None
    first, second = times
    between = parsed.tokens[max(first.tokens) + 1 : min(second.tokens)]
    joined = bool(between) and all(t in joining for t in between)
    joined = joined or parsed.tokens[max(first.tokens)].endswith(tuple(w for w in joining if not w.isascii()))
    return times if joined or against else None


def set_against(parsed: Parsed) -> bool:
    """Does the question say a comparison word ("vs", "compared", "比べ")?"""
    return bool(parsed.separators) or says_any(parsed, tuple(grammar().comparison))
