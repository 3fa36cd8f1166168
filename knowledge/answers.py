"""Turn matched facts into an answer: the figure, its as-of date, status, note and cited source."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from knowledge import japanese
from knowledge.matcher import FactIndex, Knowledge, MatchResult, SubjectResult, suggestion
from knowledge.models import (
    Answer,
    DateValue,
    EntitiesValue,
    EntityValue,
    Fact,
    MoneyValue,
    PercentValue,
    PersonValue,
    Qualifier,
    QuantityValue,
    StageValue,
    Status,
    TextValue,
    ValueKind,
    format_partial_date,
)
from knowledge.reading import Parsed
from knowledge.vocabulary import stage_info

MAX_QUESTION_CHARS = 1000
"""Questions longer than this are refused before matching (Discord allows 4,000 characters)."""
DECLINE = "I don't have a sourced answer to that."
_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
_USER_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")
_MASKED_LINK = re.compile(r"\[([^\[\]\n]*)\]\(([^\n]*?)\)")


def defuse(text: str) -> str:
    """Break @everyone/@here and raw mention syntax so text can never ping, even if sent unsafely."""
    text = _MASS_MENTION.sub("@\u200b\\1", text)
    return _USER_MENTION.sub("<\\1\u200b\\2>", text)


def escape_links(text: str) -> str:
    """Escape Markdown masked links (`[text](url)`) so Discord shows the brackets, not a disguised link."""
    return _MASKED_LINK.sub(lambda m: f"\\[{m[1]}\\]\\({m[2]}\\)", text)


SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "JPY": "¥", "GBP": "£", "CNY": "CN¥", "INR": "₹", "KRW": "₩"}
PREPOSITIONS = frozenset({"in", "of", "with", "to", "for", "by", "from", "on", "at", "into", "over"})
"""A relation label ending in one of these reads with its object after it: "stake in Nissan"."""


def _decimal(value: float, places: int) -> str:
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(amount: float) -> str:
    """4100000 -> '4.1 million'; 14.1e9 -> '14.1 billion'; 800000 -> '800,000'; 34.5 -> '34.5'."""
    if amount < 0:
        return "-" + format_number(-amount)
    for size, word in SCALES:
        if amount >= size:
            scaled = amount / size
            # Three significant digits at most, so 1e15 reads "1,000 trillion", not a long string.
            return _decimal(scaled, 2 if scaled < 10 else 1 if scaled < 100 else 0) + " " + word
    if amount.is_integer():
        return f"{int(amount):,}"
    # Below one, as many places as the figure has, to four: a .273 batting average is not 0.27.
    return _decimal(amount, 2 if amount >= 1 else 4)


def format_money(amount: float, currency: str) -> str:
    """14.1e9 USD -> '$14.1 billion'; 6e8 EUR -> '€600 million'; 5e6 CHF -> '5 million CHF'."""
    symbol = CURRENCY_SYMBOLS.get(currency)
    if symbol and amount < 0:
        return "-" + format_money(-amount, currency)  # a loss: -¥114.6 billion
    number = format_number(amount)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def _ends(value: QuantityValue | PercentValue | MoneyValue, write: Callable[[float], str]) -> tuple[str, str | None]:
    """A figure's bottom and, for a range, its top, each written out."""
    return write(value.amount), None if value.upper is None else write(value.upper)


def _span_of(low: str, high: str | None, joint: str = " to ") -> str:
    """A figure, or a range of two written in full: '$63 billion to $63.5 billion'."""
    return low if high is None else f"{low}{joint}{high}"


@dataclass(frozen=True)
class Bar:
    """One subject's figure in a comparison, with its members' figures when they are known."""

    label: str
    value: float
    text: str
    unit: str
    parts: tuple[tuple[str, float], ...] = ()
    rounded_total: bool = False


@dataclass(frozen=True)
class Comparison:
    """A comparison answer and the figures to chart; `bars` is empty when nothing is comparable."""

    answer: Answer
    metric: str
    bars: tuple[Bar, ...] = field(default=())


def figure(fact: Fact) -> tuple[float, str] | None:
    """A fact's number and its unit ('vehicles', '%', 'USD'), or None when its value is not a number."""
    v = fact.value
    if isinstance(v, QuantityValue):
        return v.amount, v.unit.casefold()
    if isinstance(v, PercentValue):
        return v.amount, "%"
    if isinstance(v, MoneyValue):
        return v.amount, v.currency
    return None


def _qualified(qualifier: Qualifier, text: str) -> str:
    return text if qualifier is Qualifier.EXACT else f"{qualifier.value} {text}"


class Answerer:
    """Answers questions from an index; the one code path behind the CLI and the Discord bot."""

    def __init__(self, index: FactIndex) -> None:
        self.index = index

    @classmethod
    def from_knowledge(cls, knowledge: Knowledge, threshold: float | None = None) -> Answerer:
        """Build the index over a snapshot of the knowledge."""
        index = FactIndex(knowledge) if threshold is None else FactIndex(knowledge, threshold=threshold)
        return cls(index)

    def ask(self, question: str) -> Answer:
        """Answer one question; over-long or empty input is declined with a reason, never raised."""
        stripped = question.strip()
        if not stripped:
            return Answer(question=question, answered=False, answer="Ask me a question about the story.", score=0)
        if len(stripped) > MAX_QUESTION_CHARS:
            return Answer(
                question=question[:MAX_QUESTION_CHARS],
                answered=False,
                answer=f"That message is too long: please keep questions under {MAX_QUESTION_CHARS} characters.",
                score=0,
            )
        return self.render(question, self.index.match(stripped), ja=japanese.is_japanese(stripped))

    def value_text(self, fact: Fact, ja: bool = False) -> str:
        """The fact's value as people read it: '4.1 million vehicles', '34%', 'Toshihiro Mibe' (or 410万台)."""
        v = fact.value
        if ja:
            text = self._value_ja(fact)
            if text is not None:
                return text
        if isinstance(v, QuantityValue):
            return _qualified(v.qualifier, f"{_span_of(*_ends(v, format_number), '–')} {v.unit}".strip())
        if isinstance(v, PercentValue):
            return _qualified(v.qualifier, _span_of(*_ends(v, format_number), "–") + "%")
        if isinstance(v, MoneyValue):
            return _qualified(v.qualifier, _span_of(*_ends(v, lambda a: format_money(a, v.currency))))
        if isinstance(v, PersonValue):
            return self.index.name(v.entity) if v.entity and v.entity in self.index.entities else v.name
        if isinstance(v, EntityValue):
            return self.index.name(v.entity)
        if isinstance(v, EntitiesValue):
            return self.join_names(v.entities)
        if isinstance(v, StageValue):
            return stage_info(v.stage).label
        if isinstance(v, DateValue):
            return format_partial_date(v.date)
        if isinstance(v, TextValue):
            return v.text
        raise TypeError(f"unhandled value kind {v.kind!r}")

    def _value_ja(self, fact: Fact) -> str | None:
        v = fact.value
        if isinstance(v, QuantityValue):
            text = _span_of(*_ends(v, lambda a: japanese.quantity(a, v.unit)), "～")
            return japanese.qualified(v.qualifier.value, text)
        if isinstance(v, PercentValue):
            return japanese.qualified(v.qualifier.value, _span_of(*_ends(v, lambda a: japanese.number(a) + "%"), "～"))
        if isinstance(v, MoneyValue):
            text = _span_of(*_ends(v, lambda a: japanese.money(a, v.currency)), "～")
            return japanese.qualified(v.qualifier.value, text)
        if isinstance(v, DateValue):
            return japanese.date(v.date)
        if isinstance(v, StageValue):
            return stage_info(v.stage).label_ja or stage_info(v.stage).label
        if isinstance(v, EntityValue):
            return self.name(v.entity, ja=True)
        if isinstance(v, EntitiesValue):
            return "、".join(self.name(i, ja=True) for i in v.entities)
        return None

    def name(self, target: str, ja: bool = False) -> str:
        """An entity's or bloc's name; in Japanese, its first Japanese alias when it has one."""
        if ja:
            item = self.index.entities.get(target) or self.index.blocs.get(target)
            if item is not None:
                native = next((a for a in item.aliases if japanese.is_japanese(a)), None)
                if native:
                    return native
        return self.index.name(target)

    def join_names(self, ids: Iterable[str]) -> str:
        """'BYD, Tesla and Geely'."""
        names = [self.index.name(i) for i in ids]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def headline(self, fact: Fact, ja: bool = False) -> str:
        """'Honda — sales volume: 4.1 million vehicles': the figure up front (ホンダ — 販売台数: 410万台)."""
        subject = self.name(fact.subject, ja)
        relation = self.index.relation(fact.predicate)
        if ja and relation is not None and relation.label_ja:
            label = relation.label_ja
            if fact.object:
                label = f"{self.name(fact.object, ja=True)}への{label}"
            return f"{subject} — {label}: {self.value_text(fact, ja=True)}"
        label = self.label(fact.predicate)
        if fact.object and label.split()[-1] in PREPOSITIONS:
            label = f"{label} {self.name(fact.object, ja)}"
        return f"{subject} — {label}: {self.value_text(fact, ja)}"

    def label(self, relation_id: str) -> str:
        """A relation's label ('sales volume'); its id when the relation is unknown."""
        relation = self.index.relation(relation_id)
        return relation.label if relation else relation_id.replace("_", " ")

    def short(self, fact: Fact, ja: bool = False) -> str:
        """'letter of intent signed, March 2024': a value and its date, for "previously"."""
        if ja:
            when = japanese.date(fact.as_of) if fact.as_of else japanese.word("no_date")
            return f"{self.value_text(fact, ja=True)}（{when}）"
        when = format_partial_date(fact.as_of) if fact.as_of else "date not stated"
        return f"{self.value_text(fact)}, {when}"

    def dateline(self, fact: Fact, ja: bool = False) -> str:
        """'As of March 2024 (fiscal year to March 2024) · current' (or 2024年3月時点 · 最新)."""
        if ja:
            when = japanese.word("as_of", japanese.date(fact.as_of)) if fact.as_of else japanese.word("no_date")
            if fact.period:
                when += f"（{fact.period}）"
            return f"{when} · {japanese.status(fact.status.value)}"
        parts = []
        if fact.as_of:
            parts.append(f"As of {format_partial_date(fact.as_of)}")
        else:
            parts.append("Date not stated")
        if fact.period and fact.period not in parts[0]:
            parts[0] += f" ({fact.period})"
        status = {Status.DISPUTED: "⚠️ disputed", Status.ENDED: "⏹️ ended"}.get(fact.status, fact.status.value)
        parts.append(status)
        return " · ".join(parts)

    def fact_block(
        self,
        fact: Fact,
        via: str | None = None,
        subject: str = "",
        previous: Fact | None = None,
        later: Fact | None = None,
        ja: bool = False,
    ) -> str:
        """One cited fact as text: headline, statement, date and status, what it replaced, note, sources."""
        # Curated text is escaped so a masked link cannot pose as plain words; the url field stays a link.
        lines = [f"**{escape_links(self.headline(fact, ja))}**"]
        if via and ja:
            lines.append(japanese.word("via", self.name(subject, ja=True), self.name(via, ja=True)))
        elif via:
            lines.append(f"(Answer for {self.index.name(via)}, a group that includes {self.index.name(subject)}.)")
        lines.append(escape_links(fact.statement))
        lines.append(self.dateline(fact, ja))
        if previous is not None:
            lines.append(japanese.word("previously", self.short(previous, ja=True)) if ja else
                         f"Previously: {self.short(previous)}.")  # fmt: skip
        if later is not None:
            lines.append(japanese.word("since_then", self.short(later, ja=True)) if ja else
                         f"Since then: {self.short(later)}.")  # fmt: skip
        if fact.note:
            note = escape_links(fact.note)
            lines.append(japanese.word("note", note) if ja else f"Note: {note}")
        for source in fact.sources:
            publisher = escape_links(source.publisher)
            where = publisher if source.url is None else f"{publisher} <{source.url}>"
            lines.append(f"— {where}: \u201c{escape_links(source.quote)}\u201d")
        return "\n".join(lines)

    def breakdown(self, bloc_fact: Fact) -> tuple[str, list[Fact]]:
        """For a bloc's quantity, the members' cited figures and their sum, or '' when not all are known."""
        bloc = self.index.blocs.get(bloc_fact.subject)
        own = figure(bloc_fact)
        if bloc is None or not isinstance(bloc_fact.value, QuantityValue | MoneyValue) or own is None:
            return "", []
        parts: list[Fact] = []
        for member in bloc.members:
            facts = self.index.facts_about(member, bloc_fact.predicate)
            # Only like units are summed: vehicles with vehicles, dollars with dollars.
            if not facts or (found := figure(facts[0])) is None or found[1] != own[1]:
                return "", []
            parts.append(facts[0])
        total = sum(f[0] for f in map(figure, parts) if f)
        items = ", ".join(f"{self.index.name(f.subject)} {self.value_text(f)}" for f in parts)
        summed = (
            format_money(total, bloc_fact.value.currency)
            if isinstance(bloc_fact.value, MoneyValue)
            else f"{format_number(total)} {bloc_fact.value.unit}"
        )
        text = f"Members: {items}; their cited figures sum to {summed}."
        if abs(total - own[0]) > 0.5:
            text += f" The total above is the source's own rounded figure ({self.value_text(bloc_fact)})."
        return text, parts

    def comparison_line(self, results: Iterable[SubjectResult]) -> str:
        """'Toyota group 16 million vehicles vs Honda–Nissan–Mitsubishi more than 8 million vehicles (2.0×)';
        one subject at two times, by when each figure is from, oldest first ('December 2023: 211.4% →
        December 2024: 117.8%')."""
        facts = [r.facts[0] for r in results]
        one = len({f.subject for f in facts}) == 1
        figures = []
        units = set()
        for fact in facts:
            found = figure(fact)
            if found is not None:
                label = (fact.period or format_partial_date(fact.as_of or "")) if one else self.index.name(fact.subject)
                figures.append((label, found[0], self.value_text(fact), fact.as_of or ""))
                units.add(found[1])
        if len(figures) < 2 or len(units) > 1:
            return ""  # unlike units (vehicles and dollars) are shown side by side, never set against each other
        if one:
            return (
                "**"
                + " → ".join(f"{label}: {text}" for label, _, text, _ in sorted(figures, key=lambda f: f[3]))
                + "**"
            )
        figures.sort(key=lambda f: -f[1])
        line = " vs ".join(f"{name}: {text}" for name, _, text, _ in figures)
        if figures[-1][1] > 0:
            line += f" ({figures[0][1] / figures[-1][1]:.1f}× the smallest)"
        return f"**{line}**"

    def render(self, question: str, match: MatchResult, ja: bool = False) -> Answer:
        """Build the answer text and citations from a match result (in Japanese for a Japanese question)."""
        if not match.answered:
            suggested = [self.index.facts[i] for i in match.suggestions if i in self.index.facts]
            return Answer(
                question=question,
                answered=False,
                answer=defuse(self.decline_text(match, ja)),
                score=match.score,
                suggestions=tuple(suggestion(f) for f in suggested),
                suggestion_ids=tuple(f.id for f in suggested),
            )
        blocks: list[str] = []
        cited: list[Fact] = []
        if match.comparison:
            line = self.comparison_line(match.results)
            if line:
                blocks.append(line)
        for result in match.results:
            for fact in result.facts:
                if fact in cited:
                    continue
                blocks.append(
                    self.fact_block(
                        fact,
                        via=result.via,
                        subject=result.subject,
                        previous=result.previous,
                        later=result.later,
                        ja=ja,
                    )
                )
                cited.append(fact)
                text, parts = self.breakdown(fact)
                if text:
                    blocks.append(text)
                    cited.extend(p for p in parts if p not in cited)
            if match.asked_stage and result.facts:
                stages = {f.value.stage for f in result.facts if isinstance(f.value, StageValue)}
                if stages and match.asked_stage not in stages:
                    blocks.append(
                        f"No source says {self.index.name(result.subject)} reached a "
                        f"{match.asked_stage.value}; the latest stage on record is shown above."
                    )
        for subject in match.missing:
            blocks.append(f"No sourced figure for {self.index.name(subject)}.")
        return Answer(
            question=question,
            answered=True,
            answer=defuse("\n\n".join(blocks)),
            score=match.score,
            facts=tuple(cited),
        )

    def decline_text(self, match: MatchResult, ja: bool = False) -> str:
        """Say plainly that there is no sourced answer, name what is not covered, offer suggestions."""
        if ja:
            return self._decline_ja(match)
        lines = [DECLINE]
        if match.reason == "low confidence":
            lines = ["I'm not sure what you're asking, so I won't guess."]
        if match.reason == "just a name":
            names = self.join_names(match.missing)
            return "\n".join(
                [
                    f"What would you like to know about {names}? I can answer, for example:",
                    *(
                        f"• {escape_links(suggestion(self.index.facts[i]))}"
                        for i in match.suggestions
                        if i in self.index.facts
                    ),
                ]
            )
        known_missing = [self.index.name(m) for m in match.missing if m in self.index.entities or m in self.index.blocs]
        if known_missing:
            lines.append(f"Nothing in my sources covers that for {', '.join(known_missing)}.")
        texts = [escape_links(suggestion(self.index.facts[i])) for i in match.suggestions if i in self.index.facts]
        if texts:
            lines.append("Did you mean:")
            lines.extend(f"• {t}" for t in texts)
        return "\n".join(lines)

    def _decline_ja(self, match: MatchResult) -> str:
        texts = [escape_links(suggestion(self.index.facts[i])) for i in match.suggestions if i in self.index.facts]
        if match.reason == "just a name":
            names = "、".join(self.name(m, ja=True) for m in match.missing)
            return "\n".join([japanese.word("ask_about", names), *(f"• {t}" for t in texts)])
        lines = [japanese.word("decline")]
        known = [self.name(m, ja=True) for m in match.missing if m in self.index.entities or m in self.index.blocs]
        if known:
            lines.append(japanese.word("not_covered", "、".join(known)))
        if texts:
            lines.append(japanese.word("did_you_mean"))
            lines.extend(f"• {t}" for t in texts)
        return "\n".join(lines)

    def answer_fact(self, fact_id: str) -> Answer:
        """The answer for one fact chosen by id (a "did you mean" button, `/fact show`)."""
        fact = self.index.facts.get(fact_id)
        if fact is None:
            return Answer(question=fact_id, answered=False, answer=f"No live fact has the id {fact_id!r}.", score=0)
        parsed = Parsed(fact.id, (), (), (), fact.predicate, 100.0, None, ())
        return self.render(suggestion(fact), MatchResult(parsed, (SubjectResult(fact.subject, (fact,)),), 100.0))

    def metrics(self) -> list[str]:
        """Relations with figures that can be compared (quantities, percentages, money), most used first."""
        return self.index.metrics()

    def compare(self, subjects: Sequence[str], predicate: str | None = None) -> Comparison:
        """Compare subjects chosen by id on one metric: each cited figure, bloc totals broken down."""
        if predicate is None:
            metrics = self.metrics()
            predicate = metrics[0] if metrics else "sales_volume"
        unknown = [s for s in subjects if s not in self.index.entities and s not in self.index.blocs]
        if unknown:
            text = f"I don't know {', '.join(map(repr, unknown))}: pick subjects from the suggestions."
            return Comparison(
                Answer(question="compare", answered=False, answer=defuse(text), score=0), self.label(predicate)
            )
        results: list[SubjectResult] = []
        for subject in dict.fromkeys(subjects):
            results.extend(self.index.lookup(subject, predicate))
        answered = tuple(r for r in results if r.facts)
        missing = tuple(r.subject for r in results if not r.facts)
        label = " vs ".join(self.index.name(s) for s in dict.fromkeys(subjects))
        parsed = Parsed(label, (), (), (), predicate, 100.0, None, ())
        if not answered:
            text = f"I have no sourced {self.label(predicate)} for {self.join_names(missing)}."
            return Comparison(
                Answer(question=label, answered=False, answer=defuse(text), score=0), self.label(predicate)
            )
        answer = self.render(label, MatchResult(parsed, answered, 100.0, missing=missing, comparison=True))
        bars = tuple(bar for bar in (self._bar(r) for r in answered) if bar is not None)
        return Comparison(answer, self.label(predicate), bars)

    def _bar(self, result: SubjectResult) -> Bar | None:
        fact = result.facts[0]
        found = figure(fact)
        if found is None:
            return None
        amount, unit = found
        _, parts = self.breakdown(fact)
        members = tuple((self.index.name(p.subject), f[0]) for p in parts if (f := figure(p)))
        total = sum(v for _, v in members)
        return Bar(
            label=self.index.name(fact.subject),
            value=amount,
            text=self.value_text(fact),
            unit=unit,
            parts=members,
            rounded_total=bool(members) and abs(total - amount) > 0.5,
        )

    def stages(self) -> Answer:
        """Every partnership's stages, latest first, with dates: the `/status` overview."""
        facts = [
            f
            for relation in self.index.relations.values()
            if ValueKind.STAGE in relation.values
            for f in self.index.by_predicate(relation.id)
        ]
        if not facts:
            return Answer(question="status", answered=False, answer="I have no sourced partnership stages.", score=0)
        lines: list[str] = []
        for subject in dict.fromkeys(f.subject for f in facts):
            own = [f for f in facts if f.subject == subject]
            latest = own[0]
            lines.append(f"**{self.index.name(subject)}: {self.value_text(latest)}** ({self.dateline(latest)})")
            for earlier in own[1:]:
                lines.append(f"  earlier: {self.value_text(earlier)} ({self.dateline(earlier)})")
            quote = latest.sources[0]
            lines.append(f"— {quote.publisher}: \u201c{quote.quote}\u201d")
            lines.append("")
        return Answer(
            question="status", answered=True, answer=defuse("\n".join(lines).strip()), score=100, facts=tuple(facts)
        )
