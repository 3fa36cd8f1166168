"""Answers in Japanese: numbers in 万/億/兆, counters, dates as 2024年3月, labels from the vocabulary.

The curated statement and the source's quote are shown as written (a quote stays in its source's
language); what the bot itself says around them follows the question's language.
"""

from __future__ import annotations

from knowledge.vocabulary import grammar, is_japanese

__all__ = ["date", "is_japanese", "money", "number", "qualified", "quantity", "status", "word"]


def number(amount: float) -> str:
    """3340000 -> '334万'; 4.7955e12 -> '4兆7955億'; 1.41e10 -> '141億'; 34.5 -> '34.5'; -4.8e9 -> '-48億'."""
    if amount < 0:
        return "-" + number(-amount)
    for size, big, small_size, small in ((1e12, "兆", 1e8, "億"), (1e8, "億", 1e4, "万")):
        if amount >= size:
            whole = int(amount // size)
            rest = round((amount - whole * size) / small_size)
            return f"{whole}{big}{rest}{small}" if rest else f"{whole}{big}"
    if amount >= 1e4 and amount % 100 == 0:
        return f"{amount / 1e4:g}万"
    if float(amount).is_integer():
        return f"{int(amount):,}"
    return f"{amount:,.{2 if amount >= 1 else 4}f}".rstrip("0").rstrip(".")


def qualified(qualifier: str, text: str) -> str:
    """'約410万台', '800万台超'."""
    pattern = grammar().japanese.qualifiers.get(qualifier, "{}")
    return pattern.replace("{}", text)


def quantity(amount: float, unit: str) -> str:
    """'410万台' for vehicles; a unit with no counter is written after the number."""
    counter = grammar().japanese.units.get(unit.casefold())
    if counter is not None:
        return f"{number(amount)}{counter}"
    return f"{number(amount)} {unit}".strip()


def money(amount: float, currency: str) -> str:
    """'1兆円', '141億ドル', '6億ユーロ'."""
    name = grammar().japanese.currencies.get(currency, f" {currency}")
    return f"{number(amount)}{name}"


def date(value: str) -> str:
    """'2024-03' -> '2024年3月'; '2024-03-15' -> '2024年3月15日'; '2024' -> '2024年'."""
    parts = value.split("-")
    text = f"{parts[0]}年"
    if len(parts) > 1:
        text += f"{int(parts[1])}月"
    if len(parts) > 2:
        text += f"{int(parts[2])}日"
    return text


def word(key: str, *values: str) -> str:
    """One of the answer's own phrases, with its blanks filled in order."""
    text = grammar().japanese.words.get(key, key)
    for value in values:
        text = text.replace("{}", value, 1)
    return text


def status(value: str) -> str:
    """A fact's status in Japanese."""
    return grammar().japanese.statuses.get(value, value)
