"""Figures from text: candidate facts drafted from an article, and figures in a message checked
against the stored facts.

The engine reads numbers with `figures.read_amount` and shapes values with `figures.value_data`;
names and relations come from the matcher (`FactIndex.parse`), so a draft uses exactly the words
the bot answers with. A relation is taken only when the sentence's cue words score one that takes
the figure's kind of value: otherwise it is left blank, never guessed.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from knowledge import figures
from knowledge.answers import format_money, format_number
from knowledge.matcher import FactIndex, Knowledge
from knowledge.models import (
    MAX_QUOTE,
    MAX_TEXT,
    EntityKind,
    Fact,
    ObjectRule,
    Pack,
    Relation,
    ValueKind,
    format_partial_date,
)
from knowledge.spreadsheet import FACT_COLUMNS
from knowledge.vocabulary import grammar

MAX_ARTICLE_BYTES = 1024 * 1024
NUMERIC = frozenset({ValueKind.QUANTITY, ValueKind.PERCENT, ValueKind.MONEY})
MAX_NAME_WORDS = 4

# Abbreviations a full stop does not end a sentence after ("Nissan Motor Co. said"); initials such
# as "U.S." are recognised by their shape.
ABBREVIATIONS = frozenset(
    ("corp", "inc", "co", "ltd", "plc", "mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "jr", "sr", "gov",
     "sen", "rep", "gen", "col", "lt", "dept", "approx", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
     "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "etc")
)  # fmt: skip
_INITIALS_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*\s+|[。！？][」』）]*\s*")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CJK_COUNTER = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u30a0-\u30ff]")
_CAPITALISED = re.compile(r"(?<![\w’'])[A-Z][\w’'&-]*(?:\s+[A-Z][\w’'&-]*)*")
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:()]|\band\b|\bbut\b|\bwhile\b")


class DraftError(ValueError):
    """Input that cannot be drafted from: binary, empty, not UTF-8 or too large."""


class Article(BaseModel):
    """An article's text and what its front matter (or the command line) says about it."""

    model_config = ConfigDict(frozen=True)

    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None


class Figure(BaseModel):
    """One figure found in a sentence: the words as written and the value they mean."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int
    end: int
    kind: ValueKind
    amount: float | None = None
    unit: str | None = None
    currency: str | None = None
    qualifier: str | None = None
    tolerance: float = 0.0
    date: str | None = None
    name: str | None = None
    role: str | None = None


class Candidate(BaseModel):
    """A figure tied to a subject and relation: one row of the fact spreadsheet."""

    model_config = ConfigDict(frozen=True)

    figure: Figure
    sentence: str
    subject: str | None = None
    subject_name: str | None = None
    relation: str | None = None
    relation_label: str | None = None
    object: str | None = None
    object_name: str | None = None
    value: dict[str, Any]
    value_text: str
    unit: str = ""
    as_of: str | None = None
    repeats: str | None = None
    updates: str | None = None

    @property
    def importable(self) -> bool:
        """True when the row has what `factbot facts import` needs: subject, relation and sizes that fit."""
        return bool(
            self.subject_name and self.relation_label and len(self.sentence) <= MAX_TEXT and len(self.sentence) >= 3
        )


class Draft(BaseModel):
    """Every candidate found in an article, and the unknown names proposed as new entities."""

    model_config = ConfigDict(frozen=True)

    article: Article
    candidates: tuple[Candidate, ...]
    new_names: tuple[str, ...] = ()


class Recall(BaseModel):
    """How many of a pack's numeric facts a draft found, and which it missed."""

    model_config = ConfigDict(frozen=True)

    found: int
    total: int
    extra: int
    misses: tuple[Fact, ...]

    def summary(self) -> str:
        """'recall 6/6 (100%) · extra 3'."""
        share = round(100 * self.found / self.total) if self.total else 100
        return f"recall {self.found}/{self.total} ({share}%) · extra {self.extra}"


Verdict = Literal["match", "differs", "unsourced"]


class Checked(BaseModel):
    """One figure in a message and what the stored facts say about it."""

    model_config = ConfigDict(frozen=True)

    candidate: Candidate
    verdict: Verdict
    facts: tuple[Fact, ...] = ()
    reason: str = ""


# -- reading input --------------------------------------------------------------------------------


def decode(data: bytes, origin: str) -> str:
    """Text from bytes, refusing binary, non-UTF-8, empty and over-large input with one clear reason."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise DraftError(f"{origin}: {len(data):,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte limit")
    if b"\x00" in data:
        raise DraftError(f"{origin}: binary data, not text")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise DraftError(f"{origin}: not UTF-8 text (byte {exc.start})") from exc
    if not text.strip():
        raise DraftError(f"{origin}: empty; nothing to read")
    return text


def _date_of(raw: object) -> str | None:
    """A partial date (YYYY, YYYY-MM, YYYY-MM-DD) from what front matter or a flag says, else None."""
    if raw is None:
        return None
    text = str(raw).strip()
    try:
        value = figures.value_data(None, text)
    except figures.FigureError:
        return None
    return str(value["date"]) if value.get("kind") == "date" else None


def read_article(text: str, **given: str | None) -> Article:
    """The article's body and its front matter (title, publisher, date, url); flags given win."""
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group("body"))
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            meta = {str(k).casefold(): v for k, v in loaded.items()}
            text = text[match.end() :]
    published = given.get("published") or meta.get("published") or meta.get("date")
    return Article(
        text=text,
        title=_text_or_none(given.get("title") or meta.get("title")),
        publisher=_text_or_none(given.get("publisher") or meta.get("publisher") or meta.get("source")),
        published=_date_of(published),
        url=_text_or_none(given.get("url") or meta.get("url")),
    )


def _text_or_none(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text[:200] or None


# -- sentences ------------------------------------------------------------------------------------


def _blocks(text: str) -> list[str]:
    """Paragraphs, headings and list items as separate blocks, Markdown markup removed."""
    blocks: list[str] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _BLOCK_START.match(line):
            if current:
                blocks.append(" ".join(current))
                current = []
            if line:
                blocks.append(_BLOCK_START.sub("", line, count=1).strip())
            continue
        current.append(line)
    if current:
        blocks.append(" ".join(current))
    cleaned = (_EMPHASIS.sub("", _MARKDOWN_LINK.sub(r"\1", b)).strip() for b in blocks)
    return [b for b in cleaned if b and b.strip("#-*=_ ")]


def _ends_sentence(text: str, at: int) -> bool:
    """False when the full stop at `at` closes an abbreviation or initials ("Corp.", "U.S.")."""
    if text[at] != ".":
        return True
    before = text[:at]
    word = re.search(r"[\w.]+$", before)
    if word is None:
        return True
    token = word.group(0)
    if _INITIALS_END.search(token + "."):
        # "U.S. Steel": initials before a capital are more often a name than a sentence end.
        return False
    return token.casefold().strip(".") not in ABBREVIATIONS and not (len(token) == 1 and token.isupper())


def sentences(text: str) -> list[str]:
    """The text's sentences, verbatim; not split after "U.S.", "Corp." or inside "3.98"."""
    found: list[str] = []
    for block in _blocks(text):
        start = 0
        for match in _BOUNDARY.finditer(block):
            if not _ends_sentence(block, match.start()):
                continue
            piece = block[start : match.end()].strip()
            if piece:
                found.append(piece)
            start = match.end()
        rest = block[start:].strip()
        if rest:
            found.append(rest)
    return found


# -- figures --------------------------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class _Patterns:
    """Regular expressions built once from the grammar's currencies, scales, qualifiers and months."""

    def __init__(self) -> None:
        words = grammar()
        signs = [c for c in words.currencies if not c.isalpha() or c.casefold() == "us$"]
        latin_words = [c for c in words.currencies if c.isascii() and c.isalpha()]
        cjk_words = [c for c in words.currencies if not c.isascii() and c.isalpha()]
        latin_scales = [s for s in words.scales if s.isascii()]
        cjk_scales = [s for s in words.scales if not s.isascii()]
        latin_qualifiers = [q for q in words.qualifiers if q.isascii()]
        cjk_qualifiers = [q for q in words.qualifiers if not q.isascii()]
        months = _alternation(words.months)
        self.number = re.compile(
            rf"(?P<qual>(?:{_alternation(latin_qualifiers)})\s+|(?:{_alternation(cjk_qualifiers)}))?"
            rf"(?:(?P<cur>{_alternation(signs)})\s?)?"
            rf"(?<![A-Za-z0-9_.,\-/])(?P<num>{_NUMBER})"
            rf"(?P<cjk>(?:[{''.join(cjk_scales)}](?:\d+[{''.join(cjk_scales)}])*))?"
            rf"(?:\s?(?P<scale>{_alternation(latin_scales)})(?![A-Za-z]))?"
            r"(?:\s?(?P<pct>%|％|percent\b|per cent\b|パーセント))?"
            rf"(?:\s?(?P<curword>{_alternation(latin_words)})(?![A-Za-z])|(?P<cjkcur>{_alternation(cjk_words)}))?",
            re.IGNORECASE,
        )
        self.dates = [
            re.compile(rf"\b(?:\d{{1,2}}\s+)?(?:{months})\.?\s+\d{{4}}\b", re.IGNORECASE),
            re.compile(rf"\b(?:{months})\.?\s+\d{{1,2}},?\s+\d{{4}}\b", re.IGNORECASE),
            re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?"),
        ]
        self.year = re.compile(r"\b(?:in|since|during|of)\s+(\d{4})\b", re.IGNORECASE)
        self.skip_units = (set(words.stopwords) | set(words.time_words) | set(words.comparison) | set(words.months)) - {
            "units"
        }


@cache
def _compiled() -> _Patterns:
    """The patterns, built on first use (the grammar is loaded lazily)."""
    return _Patterns()


def _japanese_amount(number: str, chain: str) -> float:
    """'1' + '兆2000億' -> 1.2e12: Japanese writes scales in sequence."""
    scales = grammar().scales
    parts = re.findall(r"(\d*)([^\d])", number + chain)
    total = 0.0
    for digits, scale in parts:
        total += float(digits.replace(",", "") or "1") * scales.get(scale, 1.0)
    return total


def _decimals(number: str) -> int:
    return len(number.split(".", 1)[1]) if "." in number else 0


def _unit_after(sentence: str, end: int) -> tuple[str | None, int]:
    """The word counted after a number ("9,000 jobs", "334万台"), and where it ends."""
    rest = sentence[end:]
    if rest[:1] and _CJK_COUNTER.match(rest[:1]) and rest[:1] not in "年月日":
        return rest[:1], end + 1
    word = re.match(r"\s+([a-z][a-z-]*[a-z])\b", rest)
    if word and word.group(1) not in _compiled().skip_units:
        return word.group(1), end + word.end()
    return None, end


def _dates_in(sentence: str) -> list[Figure]:
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for pattern in _compiled().dates:
        for match in pattern.finditer(sentence):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            date = _date_of(match.group(0))
            if date:
                taken.append((match.start(), match.end()))
                found.append(Figure(text=match.group(0), start=match.start(), end=match.end(), kind=ValueKind.DATE,
                                    date=date))  # fmt: skip
    for match in _compiled().year.finditer(sentence):
        start = match.start(1)
        if not any(s <= start < e for s, e in taken) and _date_of(match.group(1)):
            found.append(Figure(text=match.group(1), start=start, end=match.end(1), kind=ValueKind.DATE,
                                date=match.group(1)))  # fmt: skip
    return sorted(found, key=lambda f: f.start)


def _numbers_in(sentence: str, dates: Sequence[Figure]) -> list[Figure]:
    found: list[Figure] = []
    last_unit: str | None = None
    for match in _compiled().number.finditer(sentence):
        start, end = match.start(), match.end()
        text = match.group(0)
        stripped = text.rstrip()
        end -= len(text) - len(stripped)
        num_start = match.start("num")
        if any(d.start <= num_start < d.end for d in dates):
            continue
        if end < len(sentence) and sentence[end].isascii() and sentence[end].isalnum():
            continue  # "1st", "4x4", "F-150": not a figure
        currency_word = match.group("curword") or match.group("cjkcur")
        sign = match.group("cur")
        scaled = match.group("scale") or match.group("cjk")
        percent = bool(match.group("pct"))
        number = match.group("num")
        bare = not (sign or currency_word or scaled or percent)
        if bare and re.fullmatch(r"\d{4}", number) and figures.MIN_YEAR <= int(number) <= figures.MAX_YEAR:
            continue  # a year: read as a date, not a count
        raw = sentence[start:end]
        try:
            amount = figures.read_amount(raw)
        except figures.FigureError:
            continue
        if amount is None:
            continue
        value = amount.amount
        scale_factor = grammar().scales.get((match.group("scale") or "").casefold(), 1.0)
        if match.group("cjk"):
            value = _japanese_amount(number, match.group("cjk"))
            scale_factor = grammar().scales.get(match.group("cjk")[-1], 1.0)
        tolerance = 0.5 * 10 ** -_decimals(number) * scale_factor
        qualifier = amount.qualifier
        currency = amount.currency or figures.is_currency(currency_word)
        if currency:
            kind, unit = ValueKind.MONEY, None
        elif amount.percent:
            kind, unit = ValueKind.PERCENT, None
        else:
            kind = ValueKind.QUANTITY
            unit, unit_end = _unit_after(sentence, end)
            if unit is not None:
                end = unit_end
            unit = unit or amount.unit or last_unit
            last_unit = unit
        found.append(
            Figure(
                text=sentence[start:end],
                start=start,
                end=end,
                kind=kind,
                amount=value,
                unit=unit,
                currency=currency,
                qualifier=qualifier,
                tolerance=tolerance,
            )
        )
    return found


def _people_in(sentence: str, index: FactIndex) -> list[Figure]:
    """'Nissan CEO Makoto Uchida', 'chief executive Ivan Espinosa': a role cue, then a name."""
    roles = {
        cue.casefold(): relation.id
        for relation in index.relations.values()
        if ValueKind.PERSON in relation.values
        for cue in relation.cues
    }
    if not roles:
        return []
    word = r"[A-Z][\w’'-]*[a-z][\w’'-]*"
    name = rf"{word}(?:\s+{word}){{1,{MAX_NAME_WORDS - 1}}}"
    pattern = re.compile(rf"\b(?i:(?P<role>{_alternation(roles)}))(?:['’]s)?,?\s+(?P<name>{name})")
    found = []
    for match in pattern.finditer(sentence):
        found.append(
            Figure(
                text=match.group(0),
                start=match.start("name"),
                end=match.end("name"),
                kind=ValueKind.PERSON,
                name=match.group("name"),
                role=match.group("role").casefold(),
            )
        )
    return found


def figures_in(sentence: str, index: FactIndex) -> list[Figure]:
    """Every figure in one sentence: money, percentages, counts, people with roles; dates only when
    nothing else is there (otherwise a date is the other figures' as-of)."""
    dates = _dates_in(sentence)
    found = [*_numbers_in(sentence, dates), *_people_in(sentence, index)]
    if not found:
        found = dates
    return sorted(found, key=lambda f: f.start)


# -- candidates -----------------------------------------------------------------------------------


def _number_text(amount: float) -> str:
    return str(int(amount)) if amount.is_integer() and abs(amount) < 1e15 else f"{amount:.15g}"


def _value_text(figure: Figure) -> tuple[str, str]:
    """What goes in the spreadsheet's value and unit cells for a figure."""
    prefix = f"{figure.qualifier} " if figure.qualifier else ""
    if figure.kind is ValueKind.MONEY and figure.amount is not None:
        return prefix + _number_text(figure.amount), figure.currency or ""
    if figure.kind is ValueKind.PERCENT and figure.amount is not None:
        return prefix + _number_text(figure.amount) + "%", ""
    if figure.kind is ValueKind.QUANTITY and figure.amount is not None:
        return prefix + _number_text(figure.amount), figure.unit or ""
    if figure.kind is ValueKind.DATE:
        return figure.date or "", ""
    return figure.name or figure.text, ""


def _relation_for(figure: Figure, scores: Sequence[tuple[str, float]], index: FactIndex) -> Relation | None:
    """The best-scored relation that takes this kind of value; None when no cue points at one."""
    if figure.role is not None:
        holders = [
            r
            for r in index.relations.values()
            if ValueKind.PERSON in r.values and figure.role in map(str.casefold, r.cues)
        ]
        if len(holders) == 1:
            return holders[0]
        ranked = [index.relations[p] for p, _ in scores if index.relations.get(p) in holders]
        return ranked[0] if ranked else None
    for predicate, score in scores:
        relation = index.relations.get(predicate)
        if relation is not None and score > 0 and relation.accepts(figure.kind):
            return relation
    return None


def _mentions(text: str, index: FactIndex) -> list[str]:
    return [m.target for m in index.parse(text).mentions] if text.strip() else []


def _subject_of(sentence: str, figure: Figure, index: FactIndex) -> str | None:
    """The entity named nearest before the figure; else the first named in the sentence."""
    before = [t for t in _mentions(sentence[: figure.start], index) if not _is_publication(t, index)]
    if before:
        return before[-1]
    anywhere = [t for t in _mentions(sentence, index) if not _is_publication(t, index)]
    return anywhere[0] if anywhere else None


def _is_publication(target: str, index: FactIndex) -> bool:
    entity = index.entities.get(target)
    return entity is not None and entity.kind in (EntityKind.PUBLICATION, EntityKind.ARTICLE)


def _object_of(sentence: str, figure: Figure, subject: str | None, index: FactIndex) -> str | None:
    """The entity named right after the figure, in the same clause ("34% of Nissan")."""
    rest = sentence[figure.end :]
    cut = _CLAUSE_END.search(rest)
    clause = rest[: cut.start()] if cut else rest
    for target in _mentions(clause, index):
        if target != subject:
            return target
    return None


def _clause(sentence: str, figure: Figure) -> str:
    """The clause a figure sits in: from the separator before it to the one after it."""
    before = sentence[: figure.start]
    cuts = list(_CLAUSE_END.finditer(before))
    start = cuts[-1].end() if cuts else 0
    after = _CLAUSE_END.search(sentence, figure.end)
    return sentence[start : after.start() if after else len(sentence)]


def _new_names(sentence: str, index: FactIndex) -> list[str]:
    """Capitalised names the knowledge does not have ("Foxconn", "Ivan Espinosa")."""
    words = grammar()
    common = set(words.stopwords) | set(words.months) | set(words.time_words) | words.question_words
    names = []
    for match in _CAPITALISED.finditer(sentence):
        text = re.sub(r"['’]s$", "", match.group(0)).strip()
        parts = text.split()
        if match.start() == 0 and len(parts) == 1:
            continue  # a sentence's first word is capitalised anyway
        if all(p.casefold() in common or _WEEKDAY.fullmatch(p) for p in parts) or len(text) < 3:
            continue
        if index.parse(text).mentions:
            continue
        names.append(text)
    return names


def _same_value(value: dict[str, Any], fact: Fact, tolerance: float = 0.0) -> bool:
    """True when a drafted value equals a fact's value (within `tolerance` for numbers)."""
    stored = fact.value.model_dump(mode="json")
    if stored["kind"] == "entity" and value.get("kind") == "person":
        return value.get("entity") is not None and stored["entity"] == value.get("entity")
    if stored["kind"] != value.get("kind"):
        return False
    kind = ValueKind(stored["kind"])
    if kind in NUMERIC:
        limit = max(tolerance, 1e-9 * max(abs(stored["amount"]), 1.0))
        if not math.isclose(stored["amount"], value["amount"], abs_tol=limit):
            return False
        if kind is ValueKind.MONEY:
            return bool(stored["currency"] == value["currency"])
        if kind is ValueKind.QUANTITY:
            units = {str(stored.get("unit") or "").casefold(), str(value.get("unit") or "").casefold()}
            return len(units) == 1 or "" in units
        return True
    if kind is ValueKind.PERSON:
        return bool(stored["name"].casefold() == str(value.get("name", "")).casefold()) or (
            stored.get("entity") is not None and stored.get("entity") == value.get("entity")
        )
    if kind is ValueKind.DATE:
        return bool(stored["date"] == value.get("date"))
    return bool(stored == value)


def value_label(fact: Fact, index: FactIndex | None = None) -> str:
    """A stored fact's value as people read it: '4.1 million vehicles', '34%', '$14.1 billion'."""
    v = fact.value.model_dump(mode="json")
    qualifier = v.get("qualifier")
    prefix = f"{qualifier} " if qualifier and qualifier != "exact" else ""
    if v["kind"] == "quantity":
        return prefix + f"{format_number(v['amount'])} {v['unit']}".strip()
    if v["kind"] == "percent":
        return prefix + f"{format_number(v['amount'])}%"
    if v["kind"] == "money":
        return prefix + format_money(v["amount"], v["currency"])
    if v["kind"] == "date":
        return format_partial_date(v["date"])
    if v["kind"] == "person":
        return str(v["name"])
    if v["kind"] == "entity" and index is not None:
        return index.name(v["entity"])
    return str(v.get("text") or v.get("entity") or v.get("stage") or v.get("entities"))


def candidates_in(sentence: str, index: FactIndex, article_date: str | None = None) -> list[Candidate]:
    """Every figure in a sentence as a candidate fact, with its subject, relation and stored neighbours."""
    found = figures_in(sentence, index)
    if not found:
        return []
    parsed = index.parse(sentence)
    dates = [d.date for d in _dates_in(sentence) if d.date]
    # The most precise date the sentence gives ("March 2024" over "2030") is its figures' as-of.
    as_of = max(dates, key=len) if dates else article_date
    result = []
    for figure in found:
        # Cue words in the figure's own clause come first: "cut 9,000 jobs and reduce capacity by 20%".
        relation = _relation_for(figure, index.parse(_clause(sentence, figure)).scores, index)
        relation = relation or _relation_for(figure, parsed.scores, index)
        subject = _subject_of(sentence, figure, index)
        obj = (
            _object_of(sentence, figure, subject, index)
            if relation is None or relation.object != ObjectRule.NONE
            else None
        )
        subject_name = index.name(subject) if subject else None
        if subject is None:
            unknown = [
                n
                for n in (_new_names(sentence[: figure.start], index) or _new_names(sentence, index))
                if n != figure.name
            ]
            subject_name = unknown[-1] if unknown else None
        value_text, unit = _value_text(figure)
        if relation is not None and relation.unit and figure.kind is ValueKind.QUANTITY:
            unit = relation.unit  # "cars", "units", "台" are counted in the relation's own unit
        try:
            value = figures.value_data(relation, value_text, unit or None, resolve=index.resolve_subject)
        except figures.FigureError:
            relation = None
            value = figures.value_data(None, value_text, unit or None, resolve=index.resolve_subject)
        if figure.kind is ValueKind.PERSON:
            value = {"kind": "person", "name": figure.name, "entity": value.get("entity")}
        candidate = Candidate(
            figure=figure,
            sentence=sentence,
            subject=subject,
            subject_name=subject_name,
            relation=relation.id if relation else None,
            relation_label=relation.label if relation else None,
            object=obj,
            object_name=index.name(obj) if obj else None,
            value=value,
            value_text=value_text,
            unit=unit,
            as_of=figure.date if figure.kind is ValueKind.DATE else as_of,
        )
        result.append(_against_store(candidate, index))
    return result


def stored_facts(candidate: Candidate, index: FactIndex) -> list[Fact]:
    """The stored facts with the candidate's subject and relation, best first (with the matcher's fallbacks)."""
    if candidate.subject is None or candidate.relation is None:
        return []
    facts: list[Fact] = []
    for result in index.lookup(candidate.subject, candidate.relation):
        facts.extend(result.facts)
    facts.extend(index.facts_about(candidate.subject, candidate.relation))
    return list({f.id: f for f in facts}.values())


def _against_store(candidate: Candidate, index: FactIndex) -> Candidate:
    for fact in stored_facts(candidate, index):
        if _same_value(candidate.value, fact):
            return candidate.model_copy(update={"repeats": fact.id})
    facts = [f for f in stored_facts(candidate, index) if f.subject == candidate.subject]
    if not facts:
        return candidate
    newest = facts[0]
    when = f" ({newest.as_of})" if newest.as_of else ""
    return candidate.model_copy(update={"updates": f"updates {value_label(newest, index)}{when}"})


def draft(article: Article, index: FactIndex) -> Draft:
    """Candidate facts for every figure in an article, and the unknown names it uses."""
    candidates: list[Candidate] = []
    names: dict[str, None] = {}
    for sentence in sentences(article.text):
        found = candidates_in(sentence, index, article.published)
        candidates.extend(found)
        if found:
            names.update(dict.fromkeys(_new_names(sentence, index)))
    return Draft(article=article, candidates=tuple(candidates), new_names=tuple(names))


# -- output ---------------------------------------------------------------------------------------


def sheet_row(draft: Draft, c: Candidate) -> dict[str, str]:
    """A candidate as a row of the fact spreadsheet (FACT_COLUMNS) `factbot facts import` reads."""
    article = draft.article
    values = (
        c.subject_name or "",
        c.relation_label or "",
        c.object_name or "",
        c.value_text,
        c.unit,
        c.as_of or "",
        "current",
        c.sentence,
        article.publisher or "",
        article.published or "",
        article.url or "",
        c.sentence[:MAX_QUOTE],
    )
    return dict(zip(FACT_COLUMNS, values, strict=True))


def csv_text(draft: Draft, candidates: Iterable[Candidate], notes: bool = False) -> str:
    """The candidates as the fact spreadsheet `factbot facts import` reads (a `note` column with `notes`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*FACT_COLUMNS, *(["note"] if notes else [])])
    for c in candidates:
        writer.writerow([*sheet_row(draft, c).values(), *([c.updates or ""] if notes else [])])
    return out.getvalue()


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    """A candidate as the `factbot draft --json` output gives it."""
    return {
        "text": candidate.figure.text,
        "subject": candidate.subject_name,
        "subject_id": candidate.subject,
        "relation": candidate.relation_label,
        "relation_id": candidate.relation,
        "object": candidate.object_name,
        "value": candidate.value,
        "unit": candidate.unit,
        "as_of": candidate.as_of,
        "quote": candidate.sentence,
        "updates": candidate.updates,
    }


# -- recall against a pack ------------------------------------------------------------------------


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _found_by(fact: Fact, candidate: Candidate) -> bool:
    quotes = [_squash(s.quote) for s in fact.sources]
    sentence = _squash(candidate.sentence)
    return _same_value(candidate.value, fact) and any(q in sentence or sentence in q for q in quotes)


def recall(pack: Pack, candidates: Sequence[Candidate]) -> Recall:
    """How many of the pack's numeric facts the candidates find (same value and unit, same sentence)."""
    numeric = [f for f in pack.facts if f.value.kind in NUMERIC]
    misses = tuple(f for f in numeric if not any(_found_by(f, c) for c in candidates))
    extra = sum(1 for c in candidates if not any(_found_by(f, c) for f in pack.facts))
    return Recall(found=len(numeric) - len(misses), total=len(numeric), extra=extra, misses=misses)


def with_pack(knowledge: Knowledge, pack: Pack) -> Knowledge:
    """The knowledge plus a pack's entities, blocs and relations (not its facts), so its names are read."""
    entity_ids = {e.id for e in knowledge.entities}
    bloc_ids = {b.id for b in knowledge.blocs}
    relation_ids = {r.id for r in knowledge.relations}
    return Knowledge(
        entities=[*knowledge.entities, *(e for e in pack.entities if e.id not in entity_ids)],
        blocs=[*knowledge.blocs, *(b for b in pack.blocs if b.id not in bloc_ids)],
        facts=list(knowledge.facts),
        relations=[*knowledge.relations, *(r for r in pack.relations if r.id not in relation_ids)],
    )


# -- checking a message ---------------------------------------------------------------------------


def check(text: str, index: FactIndex) -> list[Checked]:
    """Each figure in a message: `match`, `differs` (with the stored facts) or `unsourced`."""
    checked: list[Checked] = []
    for sentence in sentences(text):
        for candidate in candidates_in(sentence, index):
            checked.append(_verdict(candidate, index))
    return checked


def _verdict(candidate: Candidate, index: FactIndex) -> Checked:
    if candidate.subject is None:
        return Checked(candidate=candidate, verdict="unsourced", reason="no known company or person named")
    if candidate.relation is None:
        return Checked(candidate=candidate, verdict="unsourced", reason="no relation the words point at")
    kinds = {ValueKind(candidate.value["kind"])}
    if ValueKind.PERSON in kinds:
        kinds.add(ValueKind.ENTITY)  # a role's holder may be stored as an entity
    facts = [f for f in stored_facts(candidate, index) if f.value.kind in kinds and f.standing]
    if candidate.object is not None:
        facts = [f for f in facts if f.object in (None, candidate.object)] or facts
    if not facts:
        return Checked(candidate=candidate, verdict="unsourced", reason="no stored fact for this")
    matching = tuple(f for f in facts if _same_value(candidate.value, f, candidate.figure.tolerance))
    if matching:
        return Checked(candidate=candidate, verdict="match", facts=matching)
    return Checked(candidate=candidate, verdict="differs", facts=(facts[0],))


def sources_say(fact: Fact, index: FactIndex | None = None) -> str:
    """'sources say 9,000 jobs, Reuters, 7 November 2024'."""
    source = fact.sources[0]
    when = source.published or fact.as_of
    parts = [value_label(fact, index), source.publisher, *([format_partial_date(when)] if when else [])]
    return "sources say " + ", ".join(parts)


__all__ = [
    "Article",
    "Candidate",
    "Checked",
    "Draft",
    "DraftError",
    "Figure",
    "Recall",
    "candidates_in",
    "check",
    "csv_text",
    "decode",
    "draft",
    "figures_in",
    "read_article",
    "recall",
    "sentences",
    "sheet_row",
    "sources_say",
    "with_pack",
]
