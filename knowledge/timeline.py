"""Time: the time a question names, and which fact of a timeline answers it.

Facts on one subject + relation (+ object) form a timeline. Asked about now, the newest standing
fact answers (a curator's "preferred" mark breaks ties between facts of the same date and never
hides a newer one) and the answer says what it replaced. Asked about a time ("in 2023", "as of
March 2024"), the newest fact dated by then answers.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from knowledge.models import (
    Fact,
    MoneyValue,
    PercentValue,
    QuantityValue,
    Rank,
    Stage,
    StageValue,
    Status,
    Timing,
)
from knowledge.vocabulary import grammar

AS_OF_WORDS = frozenset({"by", "until", "till", "since"})
"""Words before a time that ask for the state then ("by March 2023"), not for what happened in it."""
_FISCAL = re.compile(r"fiscal|financial year|year to|year ending|year ended|\bfy|年度|期")
_FISCAL_BY_END = re.compile(r"year to|year ending|year ended|月期")
_NAMED_BY_END = re.compile(
    r"(?:year to|year ending|year ended)\s+(?:the end of\s+)?(?:\d{1,2}\s+)?"
    r"(?:apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
    r"|(?<!\d)(?:[4-9]|1[0-2])月期"
)
"""A year written by its end from April to December is named by that end's year: the calendar year
(December), or a year to June or September ("fiscal 2024" is the year to September 2024). Only a year
ending in January to March is, to many, named by the year it starts ("2023年度" is the year to March
2024)."""
EARLIER_WINDOW_DAYS = 3 * 365
"""A state fact (a stake, a chief executive) is read as holding this long before the first source that
reports it: "who was CEO in 2023" is answered from a March 2025 report that he was still CEO, but a
question about 2015 is not."""
ENDED_WINDOW_DAYS = 2 * 365
"""An ended fact is read as standing at most this long after its date (when it ended is not stored)."""
EVENT_WINDOW_DAYS = 365
"""What happened on a date (a round's valuation, a pledge) is read as standing at a later time asked at
most this long after it (to the middle of the time asked)."""
COUNT_WINDOW_DAYS = 60
"""A running count or sum (units sold to date, claims paid so far), one whose figure has changed along
its timeline, is read as standing this long after its newest date: asked at a day months later, the
figure then is not known."""
_YEAR = re.compile(r"^(?:fy)?((?:19|20)\d\d)$")
_YEAR_JA = re.compile(r"((?:19|20)\d\d)年(?:度)?(?:(\d{1,2})月(?:(\d{1,2})(?:~(\d{1,2}))?日)?)?")
_DAY_JA = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_FROM_MONTH_JA = re.compile(r"((?:19|20)\d\d)年(\d{1,2})月[~～〜から]*$")
_FISCAL_JA = re.compile(r"(?<!\d)((?:19|20)?\d\d)年(\d{1,2})月期")
""""2025年3月期", "25年3月期": the fiscal year that ends in that month."""
_MONTHS_JA = re.compile(r"(?<!\d)((?:19|20)?\d\d)年(\d{1,2})(?:月~?|~)(\d{1,2})月期?")
""""2023年4～6月期", "24年10〜12月", "2025年4～12月期": the months from one to the other (a quarter, a half,
nine months), into the next year where the second is the smaller ("2024年11月～1月期")."""
_PERIOD_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(r"([a-z]+(?:\s*[-–—/to]+\s*[a-z]+)?)\.?,?\s+((?:19|20)\d\d)\b")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of time a question names, as ISO dates (inclusive), and the tokens that named it."""

    start: str
    end: str
    tokens: frozenset[int] = frozenset()
    as_of: bool = False  # "as of March 2024", "by 2023": the state then, whatever kind of fact
    fiscal: bool = False  # "the year to March 2027", "fy2026": a period named by its end, not a moment
    yearless: bool = False  # "july 20": the year is the knowledge's (see `in_year`); YEARLESS until then
    fiscal_name: tuple[int, int] | None = None
    """A fiscal year or quarter asked by its name ("q3 fy24": (2024, 3); "fiscal 2025": (2025, 0)). Where a
    company's year runs is its own, so a figure whose period names its fiscal year answers by that name;
    `start` and `end` read the name as calendar months, for figures that name none."""

    before: bool = False
    """Asked for what stood before something that happened at this time ("seats before the oct 2024
    election", "2024年の衆院選の前"): the figure the time's own replaced."""
    event: tuple[str, ...] = ()
    """Placed by the knowledge at the time of something the question says happened, undated (see
    `happened_in`): the clause's words (their stems); `tokens` are the clause's, not a time's."""

    @property
    def by_event(self) -> bool:
        return bool(self.event)

    @property
    def after(self) -> bool:
        """Asked for what stood after something that happened at `start` ("the android fine after the
        court cut it"): the newest figure dated from then; `end` is open."""
        return self.by_event and not self.before

    def asked_before(self) -> Span:
        """The same time, asked for what stood before what happened then (see `before`)."""
        return replace(self, before=True, fiscal=False, fiscal_name=None)

    def in_year(self, year: int) -> Span:
        """A span named without its year, placed in one ("july 20" in 2025)."""
        shift = year - YEARLESS
        return replace(self, start=_shifted(self.start, shift), end=_shifted(self.end, shift), yearless=False)


YEARLESS = 2000
"""The year a date asked without one ("the week to july 20") is read in until the knowledge places it
(a leap year, so "feb 29" reads)."""


def _shifted(day: str, years: int) -> str:
    then = date.fromisoformat(day)
    if then == date.max:
        return day  # "since july": open-ended
    try:
        return then.replace(year=then.year + years).isoformat()
    except ValueError:  # 29 February in a year without one
        return then.replace(year=then.year + years, day=28).isoformat()


def _month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def asked_time(tokens: Sequence[str]) -> Span | None:
    """The time a question names: a year ("2023", "fy2024"), a month ("march 2024", "2024年3月"),
    marked `as_of` when the question asks for the state then ("as of", "by", "時点"). Of two times
    ("the fiscal 2025 forecast as of January 2025"), the one asked "as of" is the time asked; the
    other names what the figure is for."""
    found, untokened = _times_named(tokens)
    if not found:
        return untokened
    # A day or month without its year beside one calendar year ("goals in 2025 as of 1 december") is in
    # that year; beside any other time it is read as that time ("q3 fy24 results in july").
    years = [s for s in found if s.fiscal_name is None and not s.fiscal and _whole_year(s) and s.start[:4] == s.end[:4]]
    if len(years) == 1 and len(found) == 2 and (yearless := next((s for s in found if s.yearless), None)):
        found = [yearless.in_year(int(years[0].start[:4]))]
    found = [s for s in found if not s.yearless] or found
    # A fiscal year named beside another time ("the fy26 forecast in july 2025") says what the figure
    # is for; the other time is when it is asked.
    asked = next((s for s in found if s.as_of), None)
    if asked is not None:
        return asked
    named = [s for s in found if s.fiscal_name is None] or found
    # Of a calendar year and a time inside it ("earnings in 2024, the feb 2024 guidance"), the narrower is
    # asked. (Not inside a fiscal year, "24年8月期", which names what the figure is for.)
    inside = [
        s for s in named if all(o is s or (_whole_year(o) and o.start <= s.start and s.end <= o.end) for o in named)
    ]
    return inside[0] if inside else named[0]


def _times_named(tokens: Sequence[str]) -> tuple[list[Span], Span | None]:
    """Up to three times the tokens name, in the order read; or none, and a time said without words of
    its own ("rn"), if any."""
    found: list[Span] = []
    masked, moved = _days_as_numbers(tokens)
    for _ in range(3):
        span = _asked_time(masked)
        if span is None or not span.tokens:
            if span is not None and not found:
                return [], span
            break
        if written := {moved[i] for i in span.tokens if i in moved}:
            span = replace(span, tokens=span.tokens | written)
        found.append(_marked(tokens, span))
        for i in span.tokens:
            masked[i] = "\0"
    return found, None


def times_compared(tokens: Sequence[str]) -> tuple[Span, Span] | None:
    """Two times a question sets against each other ("inflation 2024 vs 2023", "2024年と2025年の…"):
    two calendar times, neither inside the other nor naming what the figure is for (a fiscal year, a
    time asked "as of"), in the order written. None for one time, or a narrower time inside a year."""
    found, _ = _times_named(tokens)
    if len(found) != 2 or any(s.yearless or s.fiscal_name or s.as_of for s in found):
        return None
    first, second = sorted(found, key=lambda s: min(s.tokens))
    if first.start <= second.start <= second.end <= first.end or second.start <= first.start <= first.end <= second.end:
        return None
    return first, second


def _whole_year(span: Span) -> bool:
    """Is the span whole calendar years ("in 2025", "2024-25")?"""
    return span.start[5:] == "01-01" and span.end[5:] == "12-31"


_ORDINAL_DAY = re.compile(r"^([1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)$")


def _days_as_numbers(tokens: Sequence[str]) -> tuple[list[str], dict[int, int]]:
    """The tokens with a day written as an ordinal beside a month read as its number ("jan 14th", "14th
    jan"), and "the 11th of jan" read as "11 jan" (the day moved onto "of"), with where each moved day
    was written, so the time's tokens still cover it."""
    months = grammar().months
    out = list(tokens)
    moved: dict[int, int] = {}
    for i, token in enumerate(tokens):
        match = _ORDINAL_DAY.match(token)
        if match is None:
            continue
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if after == "of" and i + 2 < len(tokens) and tokens[i + 2] in months:
            out[i], out[i + 1] = "\0", match.group(1)
            moved[i + 1] = i
        elif before in months or after in months:
            out[i] = match.group(1)
    return out, moved


def _marked(tokens: Sequence[str], span: Span) -> Span:
    first = min(span.tokens)
    before = tuple(tokens[max(0, first - 2) : first])
    as_of = (
        span.as_of
        or bool(set(before[-1:]) & AS_OF_WORDS)
        or before[-2:] in (("as", "of"), ("as", "at"))
        or _as_of_ja(tokens, span)
    )
    fiscal = bool(_FISCAL.search(" ".join(tokens[max(0, first - 3) : max(span.tokens) + 1])))
    if _placed_before(tokens, span):
        # "seats before the oct 2024 election", "dividend prior to the feb 2023 cut": what stood before
        # something that happened then (see `pick`).
        return span.asked_before()
    if before[-1:] == ("since",):
        # "birds culled since 2022": counted from then to now, not the count then.
        return replace(span, end=date.max.isoformat(), as_of=False, fiscal=fiscal)
    return _week_of(tokens, replace(span, as_of=as_of, fiscal=fiscal))


def _as_of_ja(tokens: Sequence[str], span: Span) -> bool:
    """Does "時点" follow this time ("2025年2月時点で"), not another the question names ("2025年2月時点で
    2024/25年度の余剰は": the season is what the figure is for)?"""
    last = max(span.tokens)
    after = "".join(tokens[last + 1 : last + 3])
    return "時点" in tokens[last] or after.startswith(("時点", "の時点"))


_BEFORE_JA = re.compile(r"^[^、。？?]{0,8}?(?:の前(?![半期年月週日])|前に|以前|より前)")
"""Japanese for before a time, written after it ("2024年の衆院選の前", "2月の減配以前"); not "前半" or "前年"."""


def _placed_before(tokens: Sequence[str], span: Span) -> bool:
    """Does the question ask for what stood before the time it names ("before the oct 2024 election",
    "b4 2024", "2024年の衆院選の前")? The words that say so are the grammar's `before_words`, up to two
    words ahead of the time."""
    if not span.tokens or span.yearless:
        return False
    first, last = min(span.tokens), max(span.tokens)
    if set(tokens[max(0, first - 3) : first]) & grammar().before_words:
        return True
    after = "".join(tokens[last : last + 8])
    unit = re.search(r"[年月日度]", after)
    return unit is not None and bool(_BEFORE_JA.match(after[unit.end() :]))


def _week_of(tokens: Sequence[str], span: Span) -> Span:
    """A day read as the week it starts or ends ("the week of march 3", "the week to july 20",
    "7月20日までの週"), when the words around it say so."""
    if span.start != span.end:
        return span
    words = grammar().weeks
    first, last = min(span.tokens), max(span.tokens)
    before = tuple(tokens[max(0, first - 2) : first])
    after = "".join(tokens[last + 1 : last + 3])
    joined = "".join(tokens)
    if "日" in joined:
        after = joined[joined.index("日", joined.find("月")) + 1 :]  # "6月15日までの週": the words after the day
    day = date.fromisoformat(span.start)
    if "after" in before[-2:] and not span.as_of:
        # "after the april 8 hike": what stood from the next day.
        following = (day + timedelta(days=1)).isoformat()
        return replace(span, start=following, end=following)
    if (len(before) == 2 and before[0] in words.nouns and before[1] in words.ending) or after.startswith(
        words.ending_ja
    ):
        return replace(span, start=(day - timedelta(days=6)).isoformat(), as_of=False)
    if (len(before) == 2 and before[0] in words.nouns and before[1] in words.starting) or after.startswith(
        words.starting_ja
    ):
        return replace(span, end=(day + timedelta(days=6)).isoformat(), as_of=False)
    return span


def _written_year(text: str) -> int:
    """A year as written before 年: "2025", or "25" for 2025."""
    return int(text) % 100 + 2000 if len(text) == 2 else int(text)


def _asked_time(tokens: Sequence[str]) -> Span | None:
    months = grammar().months
    # Japanese dates are split at the script boundary ("2024 年 3 月"): read them from the joined text.
    # Two numbers side by side were a range ("9月1〜7日"): they stay apart.
    joined, offsets = "", []
    for i, token in enumerate(tokens):
        if i and token[:1].isdigit() and tokens[i - 1][-1:].isdigit():
            joined += "~"
        offsets.append((len(joined), len(joined) + len(token)))
        joined += token
    by_name = _fiscal_named(tokens, joined, offsets)
    if by_name is not None:
        return by_name
    stretch = _MONTHS_JA.search(joined)
    if stretch and 1 <= int(stretch.group(2)) <= 12 and 1 <= int(stretch.group(3)) <= 12:
        covered = frozenset(i for i, (a, b) in enumerate(offsets) if a < stretch.end() and b > stretch.start())
        year = _written_year(stretch.group(1))
        first, last = int(stretch.group(2)), int(stretch.group(3))
        return Span(f"{year:04d}-{first:02d}-01", _month_end(year + (last < first), last), covered)
    fiscal = _FISCAL_JA.search(joined)
    if fiscal and 1 <= int(fiscal.group(2)) <= 12:
        covered = frozenset(i for i, (a, b) in enumerate(offsets) if a < fiscal.end() and b > fiscal.start())
        year = _written_year(fiscal.group(1))
        end_month = int(fiscal.group(2))
        start_year, start_month = (year, end_month + 1) if end_month < 12 else (year + 1, 1)
        begun = _FROM_MONTH_JA.search(joined[: fiscal.start()])
        if begun:
            # "2023年12月～24年2月期": the months from one to the period's end, not the whole fiscal year.
            covered |= frozenset(i for i, (a, b) in enumerate(offsets) if a < fiscal.start() and b > begun.start())
            opened = f"{int(begun.group(1)):04d}-{int(begun.group(2)):02d}-01"
            if opened <= _month_end(year, end_month):
                return Span(opened, _month_end(year, end_month), covered)
        return Span(f"{start_year - 1:04d}-{start_month:02d}-01", _month_end(year, end_month), covered)
    ja = _YEAR_JA.search(joined)
    if ja:
        covered = frozenset(i for i, (a, b) in enumerate(offsets) if a < ja.end() and b > ja.start())
        year = int(ja.group(1))
        if ja.group(2) and 1 <= int(ja.group(2)) <= 12:
            ja_month = int(ja.group(2))
            if ja.group(3) and 1 <= int(ja.group(3)) <= 31:
                day = _on_day(year, ja_month, int(ja.group(3)), set(covered))  # "2025年6月15日"
                if ja.group(4) and int(ja.group(3)) < int(ja.group(4)) <= 31:
                    return replace(day, end=_on_day(year, ja_month, int(ja.group(4)), set()).end)  # "9月1〜7日"
                return day
            return Span(f"{year:04d}-{ja_month:02d}-01", _month_end(year, ja_month), covered)
        # "2025年の夏", "2024年末": the part of the year named right after it.
        after = joined[ja.end() :].removeprefix("の")
        named = japanese_part_of_year(after)
        if named is not None:
            first_month, last_month = grammar().parts_of_year[named]
            return Span(f"{year:04d}-{first_month:02d}-01", _month_end(year, last_month), covered, as_of=True)
        return Span(f"{year:04d}-01-01", f"{year:04d}-12-31", covered)
    for i, token in enumerate(tokens):
        match = _YEAR.match(token)
        if not match:
            continue
        year = int(match.group(1))
        month: int | None = None
        used: set[int] = {i}
        between = _quarter_words_before(tokens, i)
        if between and i - between > 1 and tokens[i - between - 1] in months and tokens[i - between - 2] in months:
            # "the april-june quarter of 2024": the months named, the words after them framing it.
            first, last = months[tokens[i - between - 2]], months[tokens[i - between - 1]]
            if first <= last:
                used = set(range(i - between - 2, i + 1))
                return Span(f"{year:04d}-{first:02d}-01", _month_end(year, last), frozenset(used))
        if i > 1 and tokens[i - 1] in months and tokens[i - 2] in months:
            # "july-september 2025" (folded to "july september 2025"): the months from one to the other.
            first, last = months[tokens[i - 2]], months[tokens[i - 1]]
            if first <= last:
                return Span(f"{year:04d}-{first:02d}-01", _month_end(year, last), frozenset({i - 2, i - 1, i}))
            month, used = last, {i - 1, i}
        elif i > 0 and tokens[i - 1] in months:
            month, used = months[tokens[i - 1]], {i - 1, i}
            if i > 1 and _day(tokens[i - 2]):
                return _on_day(year, month, int(tokens[i - 2]), {i - 2, i - 1, i})  # "23 july 2025"
        elif i > 1 and tokens[i - 2] in months and _day(tokens[i - 1]):
            return _on_day(year, months[tokens[i - 2]], int(tokens[i - 1]), {i - 2, i - 1, i})  # "july 23 2025"
        elif i + 1 < len(tokens) and tokens[i + 1] in months:
            month, used = months[tokens[i + 1]], {i, i + 1}
        elif i + 1 < len(tokens) and tokens[i + 1] == f"{(year + 1) % 100:02d}":
            # A season or split year: "2024-25" (folded to "2024 25") covers both years.
            return Span(f"{year:04d}-01-01", f"{year + 1:04d}-12-31", frozenset({i, i + 1}))
        elif i + 1 < len(tokens) and tokens[i + 1].isdigit() and 1 <= int(tokens[i + 1]) <= 12:
            month, used = int(tokens[i + 1]), {i, i + 1}  # "2024-03" folded to "2024 03"
            if i + 2 < len(tokens) and _day(tokens[i + 2]):
                return _on_day(year, month, int(tokens[i + 2]), {i, i + 1, i + 2})  # "2025-07-23"
        if month:
            return Span(f"{year:04d}-{month:02d}-01", _month_end(year, month), frozenset(used))
        quarter = _quarter_of(tokens, i)
        if quarter is not None:
            first, last, words = quarter
            return Span(f"{year:04d}-{first:02d}-01", _month_end(year, last), frozenset(used | words))
        part = _part_of_year(tokens, i)
        if part is not None:
            # "at the end of 2024", "early 2023": the state at that part of the year.
            first, last, words = part
            return Span(f"{year:04d}-{first:02d}-01", _month_end(year, last), frozenset(used | words), as_of=True)
        return Span(f"{year:04d}-01-01", f"{year:04d}-12-31", frozenset(used))
    return (
        _short_year_quarter(tokens)
        or _day_without_year(tokens, joined, offsets)
        or _month_without_year(tokens, joined, offsets)
    )


_SHORT_YEAR = re.compile(r"^'?(\d\d)$")


def _short_year_quarter(tokens: Sequence[str]) -> Span | None:
    """A quarter or half with its year written short ("q4 24", "q3 '23", "h1 25")."""
    for i, token in enumerate(tokens[:-1]):
        if token in _QUARTERS and (match := _SHORT_YEAR.match(tokens[i + 1])):
            year = 2000 + int(match.group(1))
            first, last = _QUARTERS[token]
            return Span(f"{year:04d}-{first:02d}-01", _month_end(year, last), frozenset({i, i + 1}))
    return None


_FISCAL_YEAR_TOKEN = re.compile(r"^fy'?(\d\d|(?:19|20)\d\d)$")
_YEAR_NUMBER = re.compile(r"^'?(\d\d|(?:19|20)\d\d)$")
_QUARTER_TOKEN = re.compile(r"^(?:q([1-4])|([1-4])q)$")
_HALF_TOKEN = re.compile(r"^(?:h([12])|([12])h)$")
HALVES = {1: 5, 2: 6}
"""A fiscal name's part for a half ("h1 fy23": (2023, 5)); quarters are 1 to 4, the whole year 0."""
_HALVES_JA = "上期|上半期|下期|下半期"
_FISCAL_NAME_JA = re.compile(
    rf"((?:19|20)?\d\d)年(?:度|(?=の?(?:第?[1-4]四半期|[1-4]Q|{_HALVES_JA})))"
    rf"(?:の)?(?:第?([1-4])四半期|([1-4])Q|({_HALVES_JA}))?"
)
"""A fiscal year ("2024年度"), or a part of a year by its name ("2024年度第3四半期", "2025年上半期")."""
_PART_JA = re.compile(rf"第?[1-4]?(?:四半期|Q)|{_HALVES_JA}")
"""A part of a year as a question's words leave it after its date ("2025年第3四半期": its digit is a
token of its own)."""


_SPLIT_FISCAL_JA = re.compile(r"((?:19|20)\d\d)[~\-－/／]((?:19|20)?\d\d)年度")
"""A fiscal year written by its two years ("2023-24年度", "2023/24年度")."""


def _full_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def fiscal_names_in(tokens: Sequence[str]) -> list[tuple[int, int, frozenset[int]]]:
    """The fiscal years and quarters these words name, with the positions that name each: "q3 fy24",
    "fy2024 q3", "the third quarter of fiscal 2024", "fiscal year 2025" (quarter 0: the whole year)."""
    found = []
    for i, token in enumerate(tokens):
        year: int | None = None
        used = {i}
        if match := _FISCAL_YEAR_TOKEN.match(token):
            year = _full_year(match.group(1))
        elif token in ("fy", "fiscal"):
            at = i + 1 + (i + 1 < len(tokens) and tokens[i + 1] == "year")
            if at < len(tokens) and (match := _YEAR_NUMBER.match(tokens[at])):
                year = _full_year(match.group(1))
                used |= set(range(i, at + 1))
            elif (
                i + 2 < len(tokens)
                and (part := _part_token(tokens[i + 1]))
                and (match := _YEAR_NUMBER.match(tokens[i + 2]))
            ):
                # "fiscal q2 2025", "fy q3 2024": the part between the word and the year
                found.append((_full_year(match.group(1)), part, frozenset({i, i + 1, i + 2})))
                continue
        if year is None:
            continue
        nxt = max(used) + 1
        if nxt < len(tokens) and tokens[nxt] in (f"{(year + 1) % 100:02d}", str(year + 1)):
            # "fy2022/23", "fiscal 2026/27": the year that ends in the second, whatever month it ends
            year, used = year + 1, used | {nxt}
        quarter = 0
        before = [j for j in range(max(0, i - 4), i) if tokens[j] not in ("of", "the", "in")]
        after = max(used) + 1
        # "q3 fy24", "h1 op profit fy23", "the third quarter of fiscal 2024", "first half operating profit fiscal 2024"
        near = next((j for j in reversed(before) if _part_token(tokens[j]) or _part_before(tokens, j)), None)
        if near is not None and _part_token(tokens[near]):
            quarter, used = _part_token(tokens[near]), used | {near}
        elif near is not None:
            quarter, used = _part_before(tokens, near), used | {near - 1, near}
        elif after < len(tokens) and (part := _part_token(tokens[after])):
            quarter, used = part, used | {after}
        elif after + 1 < len(tokens) and (part := _part_words(tokens[after], tokens[after + 1])):
            quarter, used = part, used | {after, after + 1}
        found.append((year, quarter, frozenset(used)))
    return found


def part_of(token: str) -> tuple[str, str] | None:
    """The words a part's name says ("q3": "third", "quarter"; "h1": "first", "half"), else None."""
    part = _part_token(token)
    if not part:
        return None
    ordinals = ("first", "second", "third", "fourth")
    return (ordinals[part - 1], "quarter") if part <= 4 else (ordinals[part - 5], "half")


def part_length(token: str) -> str | None:
    """The length of period a part's name says ("q1": "quarter", "h2": "half"), else None."""
    part = _part_token(token)
    return None if not part else "quarter" if part <= 4 else "half"


def _part_token(token: str) -> int:
    """The part of a fiscal year one word names ("q3": 3, "h1": 5), else 0."""
    if match := _QUARTER_TOKEN.match(token):
        return int(match.group(1) or match.group(2))
    if match := _HALF_TOKEN.match(token):
        return HALVES[int(match.group(1) or match.group(2))]
    return 0


def _part_before(tokens: Sequence[str], at: int) -> int:
    """The part of a fiscal year the two words ending at `at` name ("third quarter"), else 0."""
    return _part_words(tokens[at - 1], tokens[at]) if at > 0 else 0


def _part_words(ordinal: str, noun: str) -> int:
    """The part of a fiscal year two words name ("third quarter": 3, "first half": 5), else 0."""
    place = _ORDINALS.get(ordinal, 0)
    if noun == "quarter" and place:
        return place
    if noun == "half" and place in HALVES:
        return HALVES[place]
    return 0


def _fiscal_named(tokens: Sequence[str], joined: str, offsets: list[tuple[int, int]]) -> Span | None:
    """A fiscal year or quarter asked by its name ("q3 fy24", "2024年度第3四半期"): see `Span.fiscal_name`."""
    names = fiscal_names_in(tokens)
    split = _SPLIT_FISCAL_JA.search(joined)
    if split and _full_year(split.group(2)) != int(split.group(1)) + 1:
        split = None  # "2023-25年度": not one fiscal year
    if split:
        # "2023-24年度": the year that ends in the second, as "fy2023/24" is
        covered = frozenset(i for i, (a, b) in enumerate(offsets) if a < split.end() and b > split.start())
        names.append((int(split.group(1)) + 1, 0, covered))
    ja = _FISCAL_NAME_JA.search(joined)
    if ja and not split:
        covered = frozenset(i for i, (a, b) in enumerate(offsets) if a < ja.end() and b > ja.start())
        names.append((_full_year(ja.group(1)), _ja_part(ja), covered))
    if not names:
        return None
    year, quarter, used = names[0]
    first, last = (1, 12) if not quarter else _QUARTERS[f"q{quarter}" if quarter <= 4 else f"h{quarter - 4}"]
    return Span(f"{year:04d}-{first:02d}-01", _month_end(year, last), used, fiscal=True, fiscal_name=(year, quarter))


def _ja_part(match: re.Match[str]) -> int:
    """The part of the fiscal year a Japanese name says ("第3四半期": 3, "上期": 5)."""
    if match.group(4):
        return HALVES[1 if match.group(4).startswith("上") else 2]
    return int(match.group(2) or match.group(3) or 0)


@lru_cache(maxsize=4096)
def fiscal_names(text: str) -> frozenset[tuple[int, int]]:
    """The fiscal years and quarters a period or statement names by name ("Q3 fiscal 2024": (2024, 3))."""
    tokens = re.sub(r"[^a-z0-9']+", " ", text.casefold()).split()
    found = {(year, quarter) for year, quarter, _ in fiscal_names_in(tokens)}
    for ja in _FISCAL_NAME_JA.finditer(text):
        found.add((_full_year(ja.group(1)), _ja_part(ja)))
    return frozenset(found)


def _day_without_year(tokens: Sequence[str], joined: str, offsets: list[tuple[int, int]]) -> Span | None:
    """A day named without its year ("july 20", "20 july", "7月20日"), read in YEARLESS."""
    months = grammar().months
    for i, token in enumerate(tokens[:-1]):
        after = tokens[i + 1]
        if token in months and _day(after):
            day = _on_day(YEARLESS, months[token], int(after), {i, i + 1})
        elif _day(token) and after in months:
            day = _on_day(YEARLESS, months[after], int(token), {i, i + 1})
        else:
            continue
        return replace(day, yearless=True)
    ja = _DAY_JA.search(joined)
    if ja and 1 <= int(ja.group(1)) <= 12 and 1 <= int(ja.group(2)) <= 31:
        covered = {i for i, (a, b) in enumerate(offsets) if a < ja.end() and b > ja.start()}
        return replace(_on_day(YEARLESS, int(ja.group(1)), int(ja.group(2)), covered), yearless=True)
    return None


def _day(token: str) -> bool:
    return token.isdigit() and 1 <= int(token) <= 31 and len(token) <= 2


_MONTH_JA = re.compile(r"(?<![\d年度～〜~\-])(\d{1,2})月(?![\d期～〜~\-]|から)")
"""A month named without its year ("11月の世論調査"); not a fiscal year's end ("3月期"), nor one end of
a stretch ("4～6月")."""


def _month_without_year(tokens: Sequence[str], joined: str, offsets: list[tuple[int, int]]) -> Span | None:
    """A month named without its year ("in november", "after the august extension", "11月の"), read in
    YEARLESS: the knowledge places it in the year whose facts lie closest (see `Span.in_year`). An
    English month counts only after a word that makes it a time (grammar `month_markers`), never as a
    verb ("may")."""
    words = grammar()
    found: tuple[int, frozenset[int]] | None = None
    for i, token in enumerate(tokens):
        marked = (i > 0 and tokens[i - 1] in words.month_markers) or (
            i > 1 and tokens[i - 1] == "the" and tokens[i - 2] in words.month_markers_before_the
        )
        if token in words.months and marked:
            found = (words.months[token], frozenset({i}))
            break
    if found is None and (ja := _MONTH_JA.search(joined)) and 1 <= int(ja.group(1)) <= 12:
        covered = frozenset(i for i, (a, b) in enumerate(offsets) if a < ja.end() and b > ja.start())
        found = (int(ja.group(1)), covered)
    if found is None:
        return None
    month, covered = found
    return Span(f"{YEARLESS:04d}-{month:02d}-01", _month_end(YEARLESS, month), covered, yearless=True)


def _on_day(year: int, month: int, day: int, used: set[int]) -> Span:
    """One day ("as of July 23 2025"); a day past the month's end is its last day."""
    day = min(day, calendar.monthrange(year, month)[1])
    return Span(f"{year:04d}-{month:02d}-{day:02d}", f"{year:04d}-{month:02d}-{day:02d}", frozenset(used))


def _quarter_words_before(tokens: Sequence[str], year_at: int) -> int:
    """How many words between a month range and its year only frame it ("quarter of", "quarter")."""
    for words in (("quarter", "of"), ("quarter",), ("period", "of"), ("half", "of")):
        n = len(words)
        if year_at >= n and tuple(tokens[year_at - n : year_at]) == words:
            return n
    return 0


_QUARTERS = {"q1": (1, 3), "q2": (4, 6), "q3": (7, 9), "q4": (10, 12), "h1": (1, 6), "h2": (7, 12)}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _quarter_of(tokens: Sequence[str], year_at: int) -> tuple[int, int, set[int]] | None:
    """The months "q2 2024", "2024 q2", "the first quarter of 2024" or "h1 2025" name (calendar
    quarters and halves), and the tokens that say it."""
    for at in (year_at - 1, year_at + 1):
        if 0 <= at < len(tokens) and tokens[at] in _QUARTERS:
            first, last = _QUARTERS[tokens[at]]
            return first, last, {at}
    months_back = list(tokens[max(0, year_at - 5) : year_at])
    if months_back[-1:] == ["of"] and len(months_back) >= 4 and months_back[-2] == "months":
        # "the last three months of 2024", "the first six months of 2025"
        count = {"three": 3, "3": 3, "six": 6, "6": 6}.get(months_back[-3])
        side = months_back[-4]
        if count and side in ("first", "last", "final"):
            first = 1 if side == "first" else 13 - count
            return first, first + count - 1, set(range(year_at - 4, year_at))
    back = list(tokens[max(0, year_at - 3) : year_at])
    if len(back) >= 2 and back[-1] == "of":
        back = back[:-1]
    if len(back) >= 2 and back[-1] in ("quarter", "half") and back[-2] in _ORDINALS:
        n = _ORDINALS[back[-2]]
        size = 3 if back[-1] == "quarter" else 6
        if n * size <= 12:
            start = year_at - (3 if tokens[year_at - 1] == "of" else 2)
            return (n - 1) * size + 1, n * size, set(range(start, year_at))
    return None


def japanese_part_of_year(text: str) -> str | None:
    """The part of the year Japanese text starts with ("夏", "上半期", "末"), if it is that word and not
    the start of a longer one ("春闘", the spring wage talks, is no spring)."""
    from knowledge.reading import is_cjk

    for word in grammar().parts_of_year:
        if word.isascii() or not text.startswith(word):
            continue
        rest = text[len(word) :]
        if len(word) == 1 and rest[:1] and is_cjk(rest[0]) and not _KANA.match(rest[0]) and rest[0] not in "頃季期":
            continue
        return word
    return None


def japanese_part_length(text: str) -> int:
    """How many characters at the start of Japanese text after a date name a part of its year ("第3四半期",
    "上半期", "夏"): 0 when none do."""
    part = _PART_JA.match(text)
    return max(part.end() if part else 0, len(japanese_part_of_year(text) or ""))


_KANA = re.compile(r"[\u3040-\u30ff]")
"""Hiragana and katakana: after a season ("夏の", "春ごろ") they end its word; a kanji may go on with it,
but for those that say the season itself ("秋頃", "夏季")."""


def _part_of_year(tokens: Sequence[str], year_at: int) -> tuple[int, int, set[int]] | None:
    """The months "end of 2024", "early 2023", "mid-2025" or "summer 2024" name, and the tokens that say it."""
    parts = grammar().parts_of_year
    for back in (1, 2):
        at = year_at - back
        if at < 0 or tokens[at] not in parts:
            continue
        if back == 2 and tokens[at + 1] != "of":
            continue
        first, last = parts[tokens[at]]
        return first, last, set(range(at, year_at))
    return None


def years_in(text: str) -> frozenset[int]:
    """The years written in a relation's name or a question ("2024-25", "FY2024/25": both years)."""
    found: set[int] = set()
    for year, short in _YEARS.findall(text):
        found.add(int(year))
        if short:
            found.add(int(year[:2] + short))
    found.update(2000 + int(short) for short in _SHORT_FISCAL.findall(text))  # "fy26"
    return frozenset(found)


@lru_cache(maxsize=4096)
def seasons_in(text: str) -> frozenset[tuple[int, int]]:
    """The seasons written in a relation's name or a question: a year and the next one, as "2024/25"
    or "2024-25" write them. A season is one period: "2025/26" is not "2024/25", though both hold 2025."""
    found = set()
    for year, short in _YEARS.findall(text):
        if short and int(year[:2] + short) == int(year) + 1:
            found.add((int(year), int(year) + 1))
    return frozenset(found)


@lru_cache(maxsize=4096)
def written_text(tokens: tuple[str, ...]) -> str:
    """A question's words as text a season is read from: "2024", "25" (as "2024/25" splits) rejoined."""
    out: list[str] = []
    for token in tokens:
        previous = out[-1] if out else ""
        if (
            len(token) == 2
            and token.isdigit()
            and len(previous) == 4
            and previous.isdigit()
            and (int(previous) + 1) % 100 == int(token)
        ):
            out[-1] = f"{previous}/{token}"
        else:
            out.append(token)
    return " ".join(out)


_YEARS = re.compile(r"(?<![\d])((?:19|20)\d\d)(?:[-–/](\d\d))?(?![\d])")


_SHORT_FISCAL = re.compile(r"\bfy'?(\d\d)\b", re.IGNORECASE)


def is_short_fiscal_year(token: str) -> bool:
    """Is the word a fiscal year written short ("fy26")?"""
    return bool(_SHORT_FISCAL.fullmatch(token))


def start_of(as_of: str) -> str:
    """'2024-03' -> '2024-03-01'."""
    parts = as_of.split("-")
    return "-".join([*parts, *["01"] * (3 - len(parts))])


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def newest_key(fact: Fact) -> tuple[str, int, int, str]:
    """Newest first; on one date a preferred fact, then a standing one; undated facts last."""
    as_of = start_of(fact.as_of) if fact.as_of else "0000-00-00"
    inverted = "".join(chr(0x39 - (ord(c) - 0x30)) if c.isdigit() else c for c in as_of)
    return (
        inverted,
        0 if fact.rank is Rank.PREFERRED else 1,
        0 if fact.standing else 1,
        fact.id,
    )


def newest_first(facts: Iterable[Fact]) -> list[Fact]:
    """A timeline's facts, newest first."""
    return sorted(facts, key=newest_key)


_COMPARED_WITH = r"\b(?:on|from|than|versus|vs|over|compared with|against|since|after)\s+(?:(?:in|during)\s+)?"
_BASELINE_YEAR = re.compile(_COMPARED_WITH + r"((?:19|20)\d\d)\b")
"""A year a figure is compared with ("up 48% on 2023", "fewer than in 2023"): not the year the figure is for."""


_BASELINE_FISCAL = re.compile(_COMPARED_WITH + r"(?:fy\s?\d{2,4}|fiscal\s+(?:year\s+)?\d{4})\b", re.IGNORECASE)
"""A fiscal year a figure is compared with ("down from FY2023")."""


def fiscal_names_of(fact: Fact) -> frozenset[tuple[int, int]]:
    """The fiscal years and quarters a figure is for by name: its period's, and its statement's less
    those it is compared with ("in fiscal 2024", not "down from FY2023"), even where the period was
    read as "the year to March 2025"."""
    return fiscal_names(fact.period or "") | fiscal_names(_BASELINE_FISCAL.sub(" ", fact.statement))


def period_years(fact: Fact) -> set[int]:
    """The years a period figure belongs to: those its period (else its statement, less the years it
    is compared with) names, else its date."""
    text = fact.period or _BASELINE_YEAR.sub(" ", fact.statement)
    years = {int(y) for y in _PERIOD_YEAR.findall(text)}
    if not years and fact.as_of:
        years = {int(fact.as_of[:4])}
    return years


_MONTHS_TO = re.compile(
    r"\b(three|six|nine|3|6|9) months (?:to|ended|ending|through|thru) ([a-z]+)\.? ((?:19|20)\d\d)\b"
)
_MONTH_COUNTS = {"three": 3, "3": 3, "six": 6, "6": 6, "nine": 9, "9": 9}


def period_months(fact: Fact) -> set[str]:
    """The months a period figure's period (else its statement) names, as 'YYYY-MM': "the year to
    March 2025", "October-December 2024", and a quarter's or half's first and last months ("the
    fourth quarter of 2024", "Q2 2025")."""
    months = grammar().months
    text = (fact.period or fact.statement).casefold()
    found = set()
    for match in _MONTH_YEAR.finditer(text):
        names = [w for w in re.split(r"[^a-z]+", match.group(1)) if w in months]
        for name in names:
            found.add(f"{match.group(2)}-{months[name]:02d}")
    for match in _MONTHS_TO.finditer(text):
        # "six months to June 2024": its first month too, as a half's is
        count, name, year = _MONTH_COUNTS[match.group(1)], match.group(2), int(match.group(3))
        if name in months:
            first = months[name] - count + 1
            found.add(f"{year - (first < 1)}-{(first - 1) % 12 + 1:02d}")
    if found:
        return found  # "Q1 FY2025 (Apr-Jun 2024)": the months it writes, not calendar 2025's first quarter
    tokens = re.sub(r"[^a-z0-9]+", " ", text).split()
    for i, token in enumerate(tokens):
        fiscal = token.startswith("fy") or (i > 0 and tokens[i - 1] in ("fy", "fiscal"))
        if _YEAR.match(token) and not fiscal:
            # A fiscal quarter's months depend on where the company's year starts: only its name says
            # which it is (see `fiscal_names`).
            quarter = _quarter_of(tokens, i)
            if quarter is not None:
                found.update(f"{token[-4:]}-{m:02d}" for m in (quarter[0], quarter[1]))
    return found


_SUB_YEAR = re.compile(r"\b(?:quarter|half|q[1-4]|h[12]|three months|six months)\b")


def is_part_of_year(fact: Fact) -> bool:
    """Is a period figure's period a quarter or a half, not a whole year?"""
    return bool(_SUB_YEAR.search((fact.period or fact.statement).casefold()))


_CALENDAR_YEAR_SAID = re.compile(r"\b(?:in|for|during) (?:calendar |the year |full year |full-year )?((?:19|20)\d\d)\b")


def calendar_year_by_statement(fact: Fact) -> str | None:
    """The calendar year a figure with no period is for, as its statement and date say ("operating
    profit … to €8.9 billion in 2025", dated 31 December 2025), when it is no part of one."""
    if fact.period or not fact.as_of or not fact.as_of.endswith("-12-31") or is_part_of_year(fact):
        return None
    year = fact.as_of[:4]
    return year if year in _CALENDAR_YEAR_SAID.findall(fact.statement.casefold()) else None


def period_length(fact: Fact) -> str | None:
    """How long the period a figure is for runs ("quarter", "half", "year"), when its period (else its
    statement) says: by a fiscal name ("Q1 fiscal 2026"), by words ("first half", "fiscal year"), or by
    the months it names ("October to December 2025"). None when it does not say."""
    text = (fact.period or fact.statement).casefold()
    parts = {part for _, part in fiscal_names(text)}
    if parts:
        part = max(parts)
        return "year" if part == 0 else "quarter" if part <= 4 else "half"
    if re.search(r"\b(?:quarter|q[1-4]|three months)\b", text):
        return "quarter"
    if re.search(r"\b(?:half|h[12]|six months)\b", text):
        return "half"
    if re.fullmatch(r"(?:calendar |fiscal |fy ?)?(?:19|20)\d\d", text.strip()):
        return "year"  # "2025", "calendar 2024"
    months = sorted(period_months(fact))
    if len(months) >= 2:
        count = len(months_between(f"{months[0]}-01", f"{months[-1]}-01"))
        return {3: "quarter", 6: "half", 12: "year"}.get(count)
    if re.search(r"\b(?:year|annual|full year)\b", text):
        return "year"
    return None


def months_between(start: str, end: str) -> set[str]:
    """Every month from one ISO date to another, as 'YYYY-MM'."""
    year, month = int(start[:4]), int(start[5:7])
    last = (int(end[:4]), int(end[5:7]))
    found: set[str] = set()
    while (year, month) <= last and len(found) < 240:
        found.add(f"{year:04d}-{month:02d}")
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return found


def covers(fact: Fact, span: Span, periodic: bool = False) -> bool:
    """Could this fact answer a question about that time?

    A figure of a period (sales in a fiscal year, profit in a quarter) answers only for its own period:
    a question naming a month ("the year to March 2025", "October-December 2024") needs a fact that
    names that month; one naming a year takes a fiscal year ending in the next March too ("fiscal
    2023" is the year to March 2024 to many). Other facts may answer for any time (see `pick`)."""
    if not (periodic or fact.period):
        return True
    if span.fiscal_name is not None:
        said = fiscal_names_of(fact)
        if said:
            return span.fiscal_name in said  # "q3 fy24": the figure whose period says so, by name
        if fact.period and any(
            w in fact.period.casefold().split() or (not w.isascii() and w in fact.period)
            for w in grammar().calendar_words
        ):
            return False  # "real wages in fiscal 2024": not a figure its period says is calendar 2024's
    if span.start[:7] == span.end[:7]:
        # A month names the period ("the year to March 2025") or when the figure was given ("the
        # forecast in August 2025").
        stated_then = bool(fact.as_of) and (fact.as_of or "")[:7] == span.start[:7]
        if stated_then and span.start == span.end:
            stated_then = start_of(fact.as_of or "") <= span.end  # a day asked: not what was stated after it
        return stated_then or span.start[:7] in period_months(fact)
    if not _whole_year(span):
        # Months from one to another ("April-June 2024", "25年3月期"): the figure of that stretch, one
        # naming its last month and its first (or a fiscal year's figure, for twelve months).
        named = period_months(fact)
        whole_year = len(months_between(span.start, span.end)) == 12
        return span.end[:7] in named and (span.start[:7] in named or whole_year)
    if is_part_of_year(fact):
        return False  # "2023 revenue" is the year's figure, not one quarter's
    years = period_years(fact)
    asked = set(range(int(span.start[:4]), int(span.end[:4]) + 1))
    # A fiscal year written by its end ("the year to March 2024", "2024年3月期") is "fiscal 2023" to many;
    # one written by its name ("FY2022", "fiscal 2022", "2022年度") is that year's only.
    written = (fact.period or fact.statement).casefold()
    by_end = bool(_FISCAL_BY_END.search(written)) and not _NAMED_BY_END.search(written)
    # A figure that names no year and has no date is not known to be that year's (an article's undated
    # "the Toyota group sold 16 million vehicles", asked for 2024).
    return any(y in years or (by_end and y + 1 in years) for y in asked)


@dataclass(frozen=True, slots=True)
class Pick:
    """The fact that answers from a timeline, with the one it replaced and a newer one, if any."""

    fact: Fact
    previous: Fact | None = None
    later: Fact | None = None


def _differs(a: Fact, b: Fact) -> bool:
    return a.value != b.value


def _running(ordered: Sequence[Fact]) -> bool:
    """Is this timeline (newest first) a running count or sum: figures that only grew, and not all alike?"""
    amounts = [f.value.amount for f in ordered if isinstance(f.value, QuantityValue | MoneyValue)]
    return len(amounts) == len(ordered) > 1 and amounts[0] > amounts[-1] and amounts == sorted(amounts, reverse=True)


def pick(
    facts: Sequence[Fact],
    span: Span | None = None,
    stage: Stage | None = None,
    timing: Timing = Timing.STATE,
    view: bool = True,
    original: bool = False,
) -> Pick | None:
    """The fact a timeline answers with: at a time, at a stage, or now. `view`: the relation is a
    standing view of a period (a forecast, a target), which stands at a later month; a figure measured
    for a period or at a date ("total liabilities as of 30 June 2023") does not. `original`: the question
    asks for the first figure ("the original deadline"), with no time or stage."""
    if not facts:
        return None
    ordered = newest_first(facts)
    if stage is not None:
        at_stage = [f for f in ordered if isinstance(f.value, StageValue) and f.value.stage is stage]
        if at_stage:
            chosen = at_stage[0]
            newer = ordered[: ordered.index(chosen)]
            return Pick(chosen, _previous(ordered, chosen), newer[0] if newer else None)
    if span is not None and span.before:
        return _before(ordered, span)
    if span is not None and span.after:
        since = [f for f in ordered if f.as_of and start_of(f.as_of) >= span.start]
        return Pick(since[0], _previous(ordered, since[0])) if since else None
    if span is not None:
        happened = timing is Timing.EVENT
        # Figures for a period or at a date ("total liabilities as of 30 June 2023") are that period's,
        # even asked "as of" a later one ("at the end of 2023"); a standing view stands.
        measured = not view and any(f.period for f in ordered)
        if span.as_of and not measured:
            timing = Timing.STATE  # "as of November 2025": whatever stood then, of any kind of fact
        elif timing is Timing.PERIOD or (
            any(f.period for f in ordered) and not (timing is Timing.STATE and at_moment(span) and view)
        ):
            # A period's figure: the newest statement of the figure for the period asked. (A standing
            # view of a period, such as a forecast for it, asked at a month is the one standing then.)
            of_period = [f for f in ordered if covers(f, span, periodic=True)]
            if span.fiscal_name is not None:
                # "fiscal 2024": the figure whose words name it so, before one whose year ends in 2025
                # (which some would call fiscal 2024 too).
                named = [f for f in of_period if span.fiscal_name in fiscal_names_of(f)]
                of_period = named or of_period
            if original and len(of_period) > 1:
                # "the first net profit guidance for the year to feb 2026": the period's first figure
                return Pick(of_period[-1], None, of_period[-2])
            return Pick(of_period[0], _previous(ordered, of_period[0])) if of_period else None
        if timing is Timing.EVENT and not span.as_of:
            # Something that happened: "the bid in 2022" is one dated 2022, not the last one before.
            within = [f for f in ordered if dated_within(f, span)]
            return Pick(within[0], _previous(ordered, within[0])) if within else None
        dated = [f for f in ordered if f.as_of]
        by_then = [f for f in dated if start_of(f.as_of or "") <= span.end]
        if by_then:
            chosen = by_then[0]
            if chosen.status is Status.ENDED and _days(start_of(chosen.as_of or ""), span.start) > ENDED_WINDOW_DAYS:
                return None  # ended at a time not stored: not known to stand years later
            # The middle of the time asked: "in 2023" is mid-2023, "in december 2024" mid-December.
            middle = _days(span.start, span.end) // 2
            if happened and _days(start_of(chosen.as_of or ""), span.start) + middle > EVENT_WINDOW_DAYS:
                return None  # "ftx us valuation in 2023": a round's valuation of January 2022 is stale by then
            if (
                chosen is ordered[0]
                and _running(ordered)
                and _days(start_of(chosen.as_of or ""), span.end) > COUNT_WINDOW_DAYS
            ):
                return None  # "units sold as of march 31 2026": the count of 31 December 2025 has moved on
        else:
            # Only a superseded fact is known to have held before its date (until it was replaced);
            # a current one may have started on it ("chairman since June 2025").
            later = [f for f in reversed(dated) if f.status is Status.SUPERSEDED]
            if not later or _days(span.end, start_of(later[0].as_of or "")) > EARLIER_WINDOW_DAYS:
                return None
            if _says_it_began(later[0]):
                return None  # "president of Blizzard from 2022": not before it
            if isinstance(later[0].value, QuantityValue | PercentValue | MoneyValue):
                return None  # a figure (a valuation, a price) is known at its date, not before it
            chosen = later[0]
        return Pick(chosen, _previous(ordered, chosen))
    dated = [f for f in ordered if f.as_of]
    if original and len(dated) > 1:
        # "The original deadline": the timeline's first figure, and the one that replaced it.
        return Pick(dated[-1], None, dated[-2])
    standing = [f for f in ordered if f.standing]
    if not standing:
        return None
    chosen = standing[0]
    return Pick(chosen, _previous(ordered, chosen))


def _before(ordered: Sequence[Fact], span: Span) -> Pick | None:
    """What stood before something that happened at the time asked: the figure before the newest one
    dated then (the election's result, the cut, the rebrand), else the newest before that time."""
    dated = [f for f in ordered if f.as_of]
    within = [f for f in dated if dated_within(f, span)]
    if within:
        if len(within) == 1 and _says_what_it_preceded(within[0]):
            return Pick(within[0])  # "$109 billion before its May 2024 results", asked before them
        replaced = next((f for f in dated[dated.index(within[0]) + 1 :] if _differs(f, within[0])), None)
        if replaced is not None:
            return Pick(replaced, _previous(dated, replaced), within[0])
        if span.by_event and not _says_stems(within[0].statement, span.event):
            # "novo headcount before the layoffs": a figure reported when they were announced that does
            # not say them ("78,400 employees when it announced the job cuts") stood until then.
            return Pick(within[0])
        return Pick(within[0]) if says_it_stood_before(within[0]) else None
    earlier = [f for f in dated if start_of(f.as_of or "") < span.start]
    return Pick(earlier[0], _previous(dated, earlier[0])) if earlier else None


def _says_what_it_preceded(fact: Fact) -> bool:
    """Does the statement say what its figure stood before ("before its May 2024 results"), not a
    comparison ("56 fewer than before")?"""
    from knowledge.reading import normalise

    words = normalise(fact.statement).split()
    before = grammar().before_words
    return any(w in before and i + 1 < len(words) and (not i or words[i - 1] != "than") for i, w in enumerate(words))


def _says_stems(text: str, stems: Collection[str]) -> bool:
    """Does the text say a word with one of these stems?"""
    from knowledge.reading import normalise, stem

    return bool({stem(word) for word in normalise(text).split()} & set(stems))


def says_it_stood_before(fact: Fact) -> bool:
    """Does the fact say its figure is what stood before something ("22,000 employees before the
    layoffs", a relation named "previous annual loss year")? See grammar `stood_before_words`."""
    return _says_any(f"{fact.statement} {fact.predicate.replace('_', ' ')}", grammar().stood_before_words)


def beside_name(facts: Sequence[Fact], entity: str, before: bool) -> Pick | None:
    """The fact just before (`before`) or just after the ones whose value is a name, on a timeline:
    "who ran novo before jorgensen" is answered by his predecessor's fact, "who took over after
    murati" by her successor's."""
    ordered = newest_first(facts)
    named = [i for i, f in enumerate(ordered) if f.value_entity == entity]
    if not named:
        return None
    if before:
        older = [f for f in ordered[named[-1] + 1 :] if f.value_entity != entity]
        return Pick(older[0], _previous(ordered, older[0]), ordered[named[-1]]) if older else None
    newer = [f for f in ordered[: named[0]] if f.value_entity != entity]
    if not newer:
        return None
    chosen = newer[-1]
    later = ordered[: ordered.index(chosen)]
    return Pick(chosen, ordered[named[0]], later[-1] if later else None)


def of_a_period(fact: Fact) -> bool:
    """Is the fact dated to a year, a month or a month's last day: a figure for or at the end of a
    period, not a moment from which it stands?"""
    as_of = fact.as_of or ""
    if len(as_of) in (4, 7):
        return True
    if len(as_of) != 10:
        return False
    day = date.fromisoformat(as_of)
    return day.day == calendar.monthrange(day.year, day.month)[1]


def happened_in(as_of: str, before: bool, tokens: frozenset[int], event: tuple[str, ...]) -> Span:
    """The time something dated `as_of` ("2022-11") happened, asked of as what stood before it or after
    it (see `Span.before`, `Span.after`); `tokens` are the words that said so, `event` their stems."""
    start = start_of(as_of)
    parts = [int(p) for p in as_of.split("-")]
    if len(parts) == 1:
        end = f"{parts[0]:04d}-12-31"
    elif len(parts) == 2:
        end = _month_end(*parts)
    else:
        end = start
    if before:
        return Span(start, end, tokens, before=True, event=event)
    return Span(start, date.max.isoformat(), tokens, event=event)


def dated_within(fact: Fact, span: Span) -> bool:
    """Is the fact dated within the time asked?"""
    return bool(fact.as_of) and span.start <= start_of(fact.as_of or "") <= span.end


def at_moment(span: Span) -> bool:
    """Does the time asked name a month or a day ("in Aug 2025"), not a year or a period?"""
    return span.start[:7] == span.end[:7] and not span.fiscal


def _says_any(text: str, words: Collection[str]) -> bool:
    """Does the text say one of the words (English as whole words, Japanese anywhere in it)?"""
    from knowledge.reading import normalise

    return any(w in words for w in normalise(text).split()) or any(w in text for w in words if not w.isascii())


def _says_it_began(fact: Fact) -> bool:
    """Does the fact's statement say it began at its date ("became", "from 2022", "就任")?"""
    return _says_any(fact.statement, grammar().began_words)


def _previous(ordered: Sequence[Fact], chosen: Fact) -> Fact | None:
    """The fact the chosen one replaced: the next older one with another value, when it was
    superseded or the timeline is of stages (a stage moves on without being wrong)."""
    after = ordered[ordered.index(chosen) + 1 :]
    for older in after:
        if not _differs(older, chosen):
            continue
        if older.status is Status.SUPERSEDED or isinstance(older.value, StageValue):
            return older
        return None
    return None
