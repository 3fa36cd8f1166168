"""Figures in text: read what a curator types in a value cell ("$14.1 billion", "34%", "1兆円",
"9,000", "December 2024", "Makoto Uchida") into a typed value, refusing what is ambiguous."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from knowledge.models import MONTHS, PARTIAL_DATE, Relation, Stage, ValueKind
from knowledge.vocabulary import builtin, grammar

MAX_AMOUNT = 1e16
MIN_YEAR, MAX_YEAR = 1800, 2200
_NUMBER = re.compile(r"^(?P<num>\d+(?:[.,]\d+)*(?:e[+-]?\d+)?)$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_ISO_CURRENCY = re.compile(r"^[A-Z]{3}$")


class FigureError(ValueError):
    """A value that cannot be read unambiguously; the message says why and how to write it."""


@dataclass(frozen=True)
class Amount:
    """A number read from text, with the currency, percent sign and unit written around it."""

    amount: float
    currency: str | None = None
    percent: bool = False
    unit: str | None = None
    qualifier: str | None = None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _number(text: str, field: str) -> float:
    text = text.replace("_", "")
    if "," in text and not _THOUSANDS.match(text):
        raise FigureError(f"{field}: {text!r} is ambiguous: a comma here may be a decimal comma; write 4.1 or 4100000")
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise FigureError(f"{field}: {text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise FigureError(f"{field}: {text!r} is not a finite number")
    return value


_ORDINAL = re.compile(r"^\d+\s*(?:st|nd|rd|th|位)$")


def read_amount(raw: str, field: str = "value") -> Amount | None:
    """Read '$14.1 billion', '34%', '1兆円', '9,000 jobs', 'about 800,000'; None when it is not a number."""
    text = _fold(raw)
    lowered = text.casefold()
    if _ORDINAL.match(lowered):
        return None  # "3rd", "12th", "3位": a place, kept as written
    qualifier = None
    words = grammar()
    for word, meaning in sorted(words.qualifiers.items(), key=lambda kv: -len(kv[0])):
        if lowered.startswith(word + " ") or (not word.isascii() and lowered.startswith(word)):
            qualifier, lowered = meaning, lowered[len(word) :].strip()
            break
        if not word.isascii() and lowered.endswith(word):
            qualifier, lowered = meaning, lowered[: -len(word)].strip()
            break
    currency = None
    signs = sorted(words.currencies.items(), key=lambda kv: -len(kv[0]))
    minus = lowered[:1] if lowered[:1] in ("-", "−") else ""
    for sign, code in signs:
        if lowered[len(minus) :].startswith(sign):
            # "-£1.65 billion": a loss written with its minus before the currency sign
            currency, lowered = code, minus + lowered[len(minus) + len(sign) :].strip()
            break
    percent = False
    if lowered.endswith(("%", "percent", "per cent")):
        percent = True
        lowered = re.sub(r"\s*(%|percent|per cent)$", "", lowered)
    # "-1146億円", "−4.8", "▲48億円" (the Japanese accounts' minus): a loss or a fall.
    negative = lowered.startswith(("-", "−", "▲", "△"))
    match = re.match(r"^(\d[\d,._]*(?:\.\d+)?(?:e[+-]?\d+)?)\s*(.*)$", lowered.lstrip("-−▲△").strip())
    if not match:
        return None
    number, rest = match.group(1), match.group(2).strip()
    if not _NUMBER.match(number.replace("_", "")):
        return None
    amount = -_number(number, field) if negative else _number(number, field)
    # Japanese writes scales in sequence: 1兆2000億円 is read as far as the first scale.
    for scale in sorted(words.scales, key=len, reverse=True):
        following = rest[len(scale) : len(scale) + 1]
        # "20 m" and "20m" are millions; "20 miles" is not (an ASCII scale must end its word).
        if rest.startswith(scale) and not (scale.isascii() and following.isascii() and following.isalpha()):
            amount *= words.scales[scale]
            rest = rest[len(scale) :].strip()
            break
    for sign, code in signs:
        if rest == sign or rest.startswith(sign + " ") or (not sign.isascii() and rest.startswith(sign)):
            currency, rest = code, rest[len(sign) :].strip()
            break
    if rest.endswith("%"):
        percent, rest = True, rest[:-1].strip()
    if abs(amount) > MAX_AMOUNT:
        raise FigureError(f"{field}: {raw!r} is out of range (at most {MAX_AMOUNT:g})")
    return Amount(amount, currency, percent, rest or None, qualifier)


# The word or dash between the two ends of a range: "16-24%", "16–24%", "$63bn to $63.5bn", "580億～610億ドル".
# A hyphen counts only between a digit and a digit or a currency sign ("-5%" and "2024-12" are not ranges).
_RANGE = re.compile(r"^(?P<low>.*?\d.*?)\s*(?:–|—|~|〜|～|\bto\b|から|(?<=\d)\s*-\s*(?=[\d$€£¥]))\s*(?P<high>\S.*)$")


def read_range(raw: str, field: str = "value") -> tuple[Amount, float | None] | None:
    """Read a figure that may be a range ("16-24%", "$63-63.5 billion", "580億～610億ドル"): the bottom as
    an Amount and the top, or None for one figure. Each end takes what the other writes and it leaves
    out: the currency sign before, the scale and unit after ("63-63.5 billion" is 63 billion to 63.5)."""
    text = _fold(raw)
    match = _RANGE.match(text)
    if match is None or _date(text) is not None:
        single = read_amount(raw, field)
        return None if single is None else (single, None)
    low_parts, high_parts = _FIGURE_PARTS.match(match.group("low")), _FIGURE_PARTS.match(match.group("high"))
    if low_parts is None or high_parts is None:
        return None
    low_before, low_number, low_after = low_parts.groups()
    high_before, high_number, high_after = high_parts.groups()

    def before(own: str, other: str) -> str:
        return own if own.strip(" -−▲△") else own + other.lstrip(" -−▲△")

    def after(own: str, other: str) -> str:
        return other if other.strip().startswith(own.strip()) else own

    low = read_amount(before(low_before, high_before) + low_number + after(low_after, high_after), field)
    high = read_amount(before(high_before, low_before) + high_number + after(high_after, low_after), field)
    if low is None or high is None:
        return None
    if (low.currency, low.percent, low.unit) != (high.currency, high.percent, high.unit):
        raise FigureError(f"{field}: {raw!r} mixes units; write both ends of a range in the same unit")
    if not high.amount > low.amount:
        if re.search(r"\d\s*-\s*\d", text) and low.currency is None and not low.percent:
            return None  # "3-1": a vote or a score, not a range
        raise FigureError(f"{field}: {raw!r} is a range whose top is not above its bottom; write the smaller first")
    return Amount(low.amount, low.currency, low.percent, low.unit, low.qualifier or high.qualifier), high.amount


_FIGURE_PARTS = re.compile(r"^(\D*?)(\d[\d,._]*(?:\.\d+)?(?:e[+-]?\d+)?)(.*)$", re.IGNORECASE)


def _stage(raw: str) -> Stage | None:
    key = " ".join(re.sub(r"[^\w]+", " ", raw.casefold()).split())
    for info in builtin().stages:
        names = {info.id.value, info.label.casefold(), *(c.casefold() for c in info.cues)}
        if key in {" ".join(re.sub(r"[^\w]+", " ", n).split()) for n in names}:
            return info.id
    return None


def _date(raw: str) -> str | None:
    text = _fold(raw).strip()
    if PARTIAL_DATE.match(text):
        # A bare four-digit number is a year only when it could be one: "9000" jobs is a count.
        return text if "-" in text or MIN_YEAR <= int(text) <= MAX_YEAR else None
    months = grammar().months
    match = re.match(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s+(\d{4})$", text)
    if match and match.group(2).casefold() in months:
        month = months[match.group(2).casefold()]
        day = f"-{int(match.group(1)):02d}" if match.group(1) else ""
        return f"{match.group(3)}-{month:02d}{day}"
    match = re.match(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$", text)
    if match and match.group(1).casefold() in months:
        return f"{match.group(3)}-{months[match.group(1).casefold()]:02d}-{int(match.group(2)):02d}"
    match = re.match(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$", text)
    if match:
        parts = [match.group(1), *(f"{int(p):02d}" for p in match.groups()[1:] if p)]
        return "-".join(parts)
    return None


def is_currency(unit: str | None) -> str | None:
    """The ISO code a unit names ('USD', 'usd', '$', 'euros'), else None."""
    if not unit:
        return None
    text = _fold(unit)
    words = grammar()
    if _ISO_CURRENCY.match(text.upper()) and text.upper() in words.currency_codes:
        return text.upper()
    return words.currencies.get(text.casefold())


def _says_more_than_a_unit(unit: str | None) -> bool:
    """Is what follows a value's number a clause ("-year offer made; Sony had not accepted"), not a unit
    ("jobs", "barrels per day")?"""
    if not unit:
        return False
    return len(unit.split()) > 3 or any(mark in unit for mark in ";,")


def value_data(
    relation: Relation | None,
    raw: str,
    unit: str | None = None,
    qualifier: str | None = None,
    entity_ids: frozenset[str] = frozenset(),
    resolve: Any = None,
) -> dict[str, Any]:
    """The value object for what a curator typed, shaped by the relation's value kinds.

    `resolve` maps a typed name to an entity id (or None), so "Makoto Uchida" can be a person tied
    to an entity when the knowledge has one."""
    raw = _fold(raw)
    if not raw:
        raise FigureError("value: empty; give a number, a date, a name or text")
    allowed = set(relation.values) if relation and relation.values else set(ValueKind)
    unit = _fold(unit) if unit else None
    data: dict[str, Any] | None = None

    def allows(*kinds: ValueKind) -> bool:
        return any(k in allowed for k in kinds)

    if allows(ValueKind.STAGE) and (stage := _stage(raw)) is not None:
        return {"kind": "stage", "stage": stage.value}
    date = _date(raw)
    ranged = None if (date and "-" in date and allows(ValueKind.DATE)) else read_range(raw)
    amount, upper = ranged if ranged is not None else (None, None)
    if amount is not None and allows(ValueKind.TEXT) and _says_more_than_a_unit(amount.unit):
        amount = None  # "10-year offer made; Sony had not accepted": words that begin with a number
    if amount is not None and not (date and not allows(ValueKind.QUANTITY, ValueKind.PERCENT, ValueKind.MONEY)):
        currency = amount.currency or is_currency(unit)
        if currency:
            data = {"kind": "money", "amount": amount.amount, "currency": currency}
        elif amount.percent or (unit or "").strip() == "%":
            data = {"kind": "percent", "amount": amount.amount}
        else:
            the_unit = unit or amount.unit or (relation.unit if relation else None)
            if not the_unit and date and allows(ValueKind.DATE):
                return {"kind": "date", "date": date}
            data = {"kind": "quantity", "amount": amount.amount, "unit": the_unit or ""}
        chosen = qualifier or amount.qualifier
        if chosen:
            data["qualifier"] = chosen
        if upper is not None:
            data["upper"] = upper
    elif date and allows(ValueKind.DATE):
        data = {"kind": "date", "date": date}
    else:
        entity = resolve(raw) if resolve else (raw if raw in entity_ids else None)
        listed = "|" in raw or ("," in raw and not allows(ValueKind.TEXT))
        if allows(ValueKind.ENTITIES) and (listed or not allows(ValueKind.PERSON, ValueKind.ENTITY, ValueKind.TEXT)):
            parts = [p.strip() for p in re.split(r"[,|]", raw) if p.strip()]
            ids = [resolve(p) if resolve else p for p in parts]
            data = {"kind": "entities", "entities": [i or p for i, p in zip(ids, parts, strict=True)]}
        elif allows(ValueKind.PERSON) and (not allows(ValueKind.ENTITY) or entity is None) and _looks_like_name(raw):
            data = {"kind": "person", "name": raw, "entity": entity}
        elif allows(ValueKind.ENTITY) and entity is not None:
            data = {"kind": "entity", "entity": entity}
        elif allows(ValueKind.TEXT):
            data = {"kind": "text", "text": raw}
        elif allows(ValueKind.PERSON):
            data = {"kind": "person", "name": raw, "entity": entity}
    if data is None or ValueKind(data["kind"]) not in allowed:
        kinds = " or ".join(sorted(k.value for k in allowed))
        label = relation.label if relation else "this"
        raise FigureError(f"value: a {label!r} fact takes one of: {kinds}; {raw!r} is not one")
    return data


_MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"
_PERIOD_PHRASES = re.compile(
    r"\b("
    rf"(?:fiscal|financial) (?:year|half|quarter)s? (?:to|ended|ending) (?:{_MONTH_NAMES}) \d{{4}}"
    r"|(?:fiscal|financial) (?:year )?\d{4}"
    rf"|(?:the )?(?P<first>{_MONTH_NAMES})\s*(?:-|–|—|to)\s*(?P<last>{_MONTH_NAMES}) \d{{4}}(?: quarter)?"
    r"|(?:first|second|third|fourth) quarter(?: of)? (?:fiscal )?\d{4}"
    r"|(?:first|second) half(?: of)? (?:fiscal )?\d{4}"
    r"|calendar (?:year )?\d{4}"
    r"|\d{4}\s*[-–/]\s*\d{2} season"
    r"|(?:year|quarter|half) (?:to|ended|ending) (?:" + _MONTH_NAMES + r") \d{4}"
    r")\b",
    re.IGNORECASE,
)


def period_in(statement: str) -> str | None:
    """The period a figure's statement names ("in the fiscal year to March 2025", "calendar 2024",
    "the October–December 2024 quarter", "the 2024-25 season"), so it answers for that period only."""
    for match in _PERIOD_PHRASES.finditer(statement):
        if match.group("first") and _months_spanned(match.group("first"), match.group("last")) % 3:
            continue  # "during the April-May 2024 interventions": two months name an event, not a period
        return match.group(1)[:200]
    return None


def _months_spanned(first: str, last: str) -> int:
    """How many months a range of month names covers ("October–December": 3; "April-May": 2)."""
    names = _MONTH_NAMES.split("|")
    return (names.index(last.casefold()) - names.index(first.casefold())) % 12 + 1


def _looks_like_name(text: str) -> bool:
    """'Makoto Uchida', 'Ivan Espinosa', '内田誠': short, no digits, not a sentence, and written as a
    name is (a capital first, in scripts that have capitals: 'approved' is a word, not a name)."""
    words = text.split()
    if not (0 < len(words) <= 5 and not any(ch.isdigit() for ch in text) and not text.endswith(".")):
        return False
    first = text[0]
    return not first.isalpha() or first.upper() == first


__all__ = ["MONTHS", "Amount", "FigureError", "is_currency", "read_amount", "value_data"]
