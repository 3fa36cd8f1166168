"""Pydantic models for the fact store: entities, blocs, facts, their sources, and answers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    TypeAdapter,
    field_validator,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
"""Ids are lower-case slugs: stable, readable, safe in a URL or a Discord autocomplete value."""

MAX_TEXT = 1000
MAX_QUOTE = 1500
MAX_ITEMS = 50

RELATION_ID_PATTERN = r"^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$"
"""Relation ids may also use underscores ("stake_in"), as the built-in vocabulary does."""
MAX_CUES = 200

Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
RelationId = Annotated[str, StringConstraints(pattern=RELATION_ID_PATTERN)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]

# "2024", "2024-03" or "2024-03-15": sources often give only a year or a month.
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _frozen() -> ConfigDict:
    return ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class EntityKind(StrEnum):
    """What sort of thing an entity is."""

    COMPANY = "company"
    PERSON = "person"
    ORGANIZATION = "organization"
    GOVERNMENT = "government"
    PUBLICATION = "publication"
    MARKET = "market"
    ARTICLE = "article"
    PLACE = "place"
    PRODUCT = "product"
    EVENT = "event"

    @classmethod
    def _missing_(cls, value: object) -> EntityKind | None:
        """A kind as a curator may write it: in capitals ("Company") or British spelling ("organisation")."""
        if not isinstance(value, str):
            return None
        written = value.strip().lower().replace("organisation", "organization")
        return next((kind for kind in cls if kind.value == written), None)


class Entity(BaseModel):
    """A thing facts are about: a company, a person, a publication."""

    model_config = _frozen()

    id: Slug
    name: ShortText
    kind: EntityKind
    aliases: tuple[ShortText, ...] = Field(default=(), max_length=MAX_ITEMS)
    description: LongText | None = None


class Bloc(BaseModel):
    """A named group of entities, so figures can be compared and totalled."""

    model_config = _frozen()

    id: Slug
    name: ShortText
    members: tuple[Slug, ...] = Field(min_length=2, max_length=MAX_ITEMS)
    leader: Slug | None = Field(
        default=None,
        description="The member whose name people use for the whole bloc ('Toyota' for the Toyota group).",
    )
    aliases: tuple[ShortText, ...] = Field(default=(), max_length=MAX_ITEMS)

    @model_validator(mode="after")
    def _leader_is_member(self) -> Bloc:
        if len(set(self.members)) != len(self.members):
            raise ValueError("members: an entity is listed twice")
        if self.leader is not None and self.leader not in self.members:
            raise ValueError(f"leader: {self.leader!r} is not one of the members")
        return self


class Stage(StrEnum):
    """Partnership stages, in the order a deal moves through them."""

    TALKS = "talks"
    NDA = "non-disclosure agreement"
    LETTER_OF_INTENT = "letter of intent"
    MOU = "memorandum of understanding"
    DEFINITIVE = "definitive agreement"
    COMPLETED = "completed"
    ENDED = "ended"

    @property
    def order(self) -> int:
        """Position in the sequence; a higher number is further along."""
        return list(Stage).index(self)


class ValueKind(StrEnum):
    """The shape of a fact's value."""

    QUANTITY = "quantity"
    PERCENT = "percent"
    ENTITY = "entity"
    ENTITIES = "entities"
    DATE = "date"
    TEXT = "text"
    STAGE = "stage"
    MONEY = "money"
    PERSON = "person"


CueText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
CueWeight = Annotated[float, Field(gt=0, le=2, allow_inf_nan=False)]


class Timing(StrEnum):
    """How a relation's facts sit in time."""

    STATE = "state"  # holds from its date until replaced: a stake, a chief executive
    PERIOD = "period"  # a figure of a period: sales in a fiscal year, profit in a quarter
    EVENT = "event"  # happened on its date: a bid, a sale, an announcement


class ObjectRule(StrEnum):
    """Whether a relation's facts name another party: "stake *in* Nissan"."""

    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


class Relation(BaseModel):
    """What a fact can state, and how people ask about it: data, edited by curators, never code."""

    model_config = _frozen()

    id: RelationId
    label: ShortText = Field(description="English label shown in answers: 'Nissan — job cuts: 9,000 jobs'.")
    label_ja: ShortText | None = Field(default=None, description="Japanese label for answers in Japanese.")
    inverse: ShortText | None = Field(default=None, description="The label read the other way ('owned by').")
    values: tuple[ValueKind, ...] = Field(default=(), description="Value kinds its facts may take; empty: any.")
    temporal: bool = Field(default=True, description="Newer facts replace older ones (a timeline).")
    object: ObjectRule = ObjectRule.OPTIONAL
    symmetric: bool = Field(default=False, description="Its parties form one timeline in any order.")
    inherited: bool = Field(default=False, description="A bloc's fact also answers for its members ('Honda's rivals').")
    share_of_whole: bool = Field(
        default=False, description="Its percentages are shares of a whole (a stake): from 0% to 100%."
    )
    unit: ShortText | None = Field(default=None, description="The unit a bare number means ('vehicles').")
    timing: Timing = Field(
        default=Timing.EVENT,
        description="How a question naming a time reads its facts: a state holds until replaced, a period's "
        "figure belongs to its quarter or year, an event happened on its date.",
    )

    @model_validator(mode="before")
    @classmethod
    def _periodic(cls, data: Any) -> Any:
        # `periodic: true` is the short way to write `timing: period`.
        if isinstance(data, dict) and "periodic" in data:
            data = dict(data)
            if data.pop("periodic"):
                data.setdefault("timing", "period")
        return data

    cues: dict[CueText, CueWeight] = Field(
        default_factory=dict, description="English phrases people use, with weights."
    )
    cues_ja: dict[CueText, CueWeight] = Field(default_factory=dict, description="Japanese phrases, with weights.")

    @model_validator(mode="before")
    @classmethod
    def _cue_lists(cls, data: Any) -> Any:
        # A curator may write cues as a plain list: every cue then has weight 1.
        if isinstance(data, dict):
            for key in ("cues", "cues_ja"):
                if isinstance(data.get(key), list | tuple):
                    data = {**data, key: dict.fromkeys(data[key], 1.0)}
        return data

    @model_validator(mode="after")
    def _bounded(self) -> Relation:
        if len(self.cues) + len(self.cues_ja) > MAX_CUES:
            raise ValueError(f"cues: at most {MAX_CUES} cues per relation")
        return self

    def accepts(self, kind: ValueKind) -> bool:
        """True when a fact of this relation may carry a value of this kind."""
        return not self.values or kind in self.values

    def all_cues(self) -> dict[str, float]:
        """English and Japanese cues together."""
        return {**self.cues, **self.cues_ja}


class StageInfo(BaseModel):
    """How a deal stage reads in answers and which words ask about it."""

    model_config = _frozen()

    id: Stage
    label: ShortText
    label_ja: ShortText | None = None
    cues: tuple[CueText, ...] = ()


class Status(StrEnum):
    """Whether a fact is believed, contested, replaced or withdrawn."""

    CURRENT = "current"
    DISPUTED = "disputed"
    SUPERSEDED = "superseded"
    ENDED = "ended"
    RETIRED = "retired"


class Rank(StrEnum):
    """Which of several sourced values to prefer (Wikidata's statement rank)."""

    PREFERRED = "preferred"
    NORMAL = "normal"


class Qualifier(StrEnum):
    """How exact a number is, as the source words it."""

    EXACT = "exact"
    ABOUT = "about"
    MORE_THAN = "more than"
    LESS_THAN = "less than"
    UP_TO = "up to"
    """At most, as a source words a ceiling ("up to $500 million", "as much as 9.6%")."""


class _Value(BaseModel):
    model_config = _frozen()


class _Figure(_Value):
    """A number that may be a range: `amount` to `upper` ("16-24%" guidance, "$63 billion to $63.5
    billion"). Negative amounts are losses and falls (a net loss as net income of -¥114.6 billion)."""

    @model_validator(mode="after")
    def _range(self) -> Self:
        amount, upper = getattr(self, "amount", 0.0), getattr(self, "upper", None)
        if upper is not None and not upper > amount:
            raise ValueError(f"upper: a range's top ({upper:g}) must be above its bottom ({amount:g})")
        return self


def _upper() -> Any:
    return Field(
        default=None, ge=-1e16, le=1e16, allow_inf_nan=False, description="The top of a range from `amount`, if one."
    )


class QuantityValue(_Figure):
    """A count with a unit, such as 4.1 million vehicles."""

    kind: Literal[ValueKind.QUANTITY] = ValueKind.QUANTITY
    amount: float = Field(ge=0, le=1e15, allow_inf_nan=False)
    upper: float | None = _upper()
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = Field(
        default="", description="What is counted ('vehicles', 'jobs'); empty for a plain number (a shirt number)."
    )
    qualifier: Qualifier = Qualifier.EXACT


class PercentValue(_Figure):
    """A percentage: a share of a whole (0 to 100, see `Relation.share_of_whole`), a rate that may pass
    100 (a 145% tariff) or a change that may be negative (exports down 34.5%)."""

    kind: Literal[ValueKind.PERCENT] = ValueKind.PERCENT
    amount: float = Field(ge=-1_000_000, le=1_000_000, allow_inf_nan=False)
    upper: float | None = _upper()
    qualifier: Qualifier = Qualifier.EXACT


class EntityValue(_Value):
    """Another entity, such as a chief executive."""

    kind: Literal[ValueKind.ENTITY] = ValueKind.ENTITY
    entity: Slug


class EntitiesValue(_Value):
    """A list of entities, such as a group's members or named rivals."""

    kind: Literal[ValueKind.ENTITIES] = ValueKind.ENTITIES
    entities: tuple[Slug, ...] = Field(min_length=1, max_length=MAX_ITEMS)
    text: LongText | None = None


class MoneyValue(_Figure):
    """An amount of money in one currency, such as US$14.1 billion (stored in full: 14100000000); a
    loss is negative."""

    kind: Literal[ValueKind.MONEY] = ValueKind.MONEY
    amount: float = Field(ge=-1e16, le=1e16, allow_inf_nan=False)
    upper: float | None = _upper()
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        description="ISO 4217 code: USD, JPY, EUR, GBP, ..."
    )
    qualifier: Qualifier = Qualifier.EXACT

    @field_validator("currency", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value


class PersonValue(_Value):
    """A person: a plain name, optionally tied to an entity when the knowledge has one."""

    kind: Literal[ValueKind.PERSON] = ValueKind.PERSON
    name: ShortText
    entity: Slug | None = None


class DateValue(_Value):
    """A calendar date, possibly only a year or a month."""

    kind: Literal[ValueKind.DATE] = ValueKind.DATE
    date: str

    @field_validator("date", mode="before")
    @classmethod
    def _coerce(cls, value: Any) -> Any:
        return coerce_date(value)

    @field_validator("date")
    @classmethod
    def _partial(cls, value: str) -> str:
        return check_partial_date(value)


class TextValue(_Value):
    """A claim in words: a goal, a plan, a statement."""

    kind: Literal[ValueKind.TEXT] = ValueKind.TEXT
    text: LongText


class StageValue(_Value):
    """A point in the partnership-stage sequence."""

    kind: Literal[ValueKind.STAGE] = ValueKind.STAGE
    stage: Stage


Value = Annotated[
    QuantityValue
    | PercentValue
    | MoneyValue
    | EntityValue
    | EntitiesValue
    | PersonValue
    | DateValue
    | TextValue
    | StageValue,
    Field(discriminator="kind"),
]


def coerce_date(value: Any) -> Any:
    """YAML reads an unquoted 2024-12-23 as a date and 2024 as a number: take both as the text written."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def check_partial_date(value: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD, and refuse anything else with a reason."""
    match = PARTIAL_DATE.match(value)
    if not match:
        raise ValueError("must be YYYY, YYYY-MM or YYYY-MM-DD")
    if match.group(3):
        date.fromisoformat(value)  # rejects 2024-02-30
    return value


def format_partial_date(value: str) -> str:
    """'2024-03' -> 'March 2024'; '2024' -> '2024'; '2024-03-15' -> '15 March 2024'."""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


class Source(BaseModel):
    """Where a fact comes from: the publication and the exact words it used."""

    model_config = _frozen()

    publisher: ShortText
    title: ShortText | None = None
    url: HttpUrl | None = None
    published: str | None = None
    quote: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=MAX_QUOTE)]
    document: Slug | None = Field(
        default=None, description="Id of a source text shipped with the pack, so quotes can be checked."
    )

    @field_validator("published", mode="before")
    @classmethod
    def _coerce(cls, value: Any) -> Any:
        return coerce_date(value)

    @field_validator("published")
    @classmethod
    def _published(cls, value: str | None) -> str | None:
        return None if value is None else check_partial_date(value)


class Fact(BaseModel):
    """One sourced statement: subject, predicate, value, when, how sure, and who said so."""

    model_config = _frozen()

    id: Slug
    subject: Slug = Field(description="Id of an entity or a bloc.")
    predicate: RelationId = Field(description="Id of the relation the fact states (see the vocabulary).")
    object: Slug | None = Field(default=None, description="The other party, e.g. the company a stake is in.")
    value: Value
    statement: LongText = Field(description="The fact as one plain sentence.")
    as_of: str | None = None
    period: ShortText | None = None
    status: Status = Status.CURRENT
    rank: Rank = Rank.NORMAL
    sources: tuple[Source, ...] = Field(min_length=1, max_length=10)
    phrasings: tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)], ...] = (
        Field(default=(), max_length=MAX_ITEMS)
    )
    note: LongText | None = None

    @model_validator(mode="before")
    @classmethod
    def _relation_alias(cls, data: Any) -> Any:
        # Packs and CSV files may say `relation:`; the stored field is `predicate`.
        if isinstance(data, dict) and "relation" in data and "predicate" not in data:
            data = {("predicate" if k == "relation" else k): v for k, v in data.items()}
        return data

    @field_validator("as_of", mode="before")
    @classmethod
    def _coerce(cls, value: Any) -> Any:
        return coerce_date(value)

    @field_validator("as_of")
    @classmethod
    def _as_of(cls, value: str | None) -> str | None:
        return None if value is None else check_partial_date(value)

    @model_validator(mode="after")
    def _disputed_has_note(self) -> Fact:
        if self.status is Status.DISPUTED and not self.note:
            raise ValueError("note: a disputed fact needs a curator's note saying what is wrong")
        return self

    @property
    def entity_ids(self) -> frozenset[str]:
        """Every entity or bloc id this fact mentions."""
        ids = {self.subject}
        if self.object:
            ids.add(self.object)
        if self.value_entity:
            ids.add(self.value_entity)
        if isinstance(self.value, EntitiesValue):
            ids.update(self.value.entities)
        return frozenset(ids)

    @property
    def value_entity(self) -> str | None:
        """The entity the value names (a chief executive, a No. 1 film), if any."""
        return self.value.entity if isinstance(self.value, EntityValue | PersonValue) else None

    @property
    def live(self) -> bool:
        """False once a fact is retired: a superseded fact stays on its timeline (for "previously" and
        questions about an earlier time); a retired one is never answered with."""
        return self.status is not Status.RETIRED

    @property
    def standing(self) -> bool:
        """True for a fact that may answer a question about now: current, disputed or ended."""
        return self.status in (Status.CURRENT, Status.DISPUTED, Status.ENDED)


class Pack(BaseModel):
    """A knowledge pack: the entities, blocs and facts curated from one or more sources."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Slug
    title: ShortText
    documents: tuple[Slug, ...] = ()
    relations: tuple[Relation, ...] = ()
    entities: tuple[Entity, ...] = ()
    blocs: tuple[Bloc, ...] = ()
    facts: tuple[Fact, ...] = ()
    versions: dict[Slug, Annotated[int, Field(ge=1)]] | None = None
    """In an export: each fact's version when it was exported. Importing the file back refuses the
    facts someone has changed since (delete this key to import it over them anyway)."""

    @model_validator(mode="after")
    def _no_duplicates(self) -> Pack:
        # References may point at entities already in the store, so they are checked on import.
        problems = [
            p
            for p in check_references(self.entities, self.blocs, self.facts, known=frozenset())
            if p.endswith("duplicate id")
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self


def check_references(
    entities: tuple[Entity, ...] | list[Entity],
    blocs: tuple[Bloc, ...] | list[Bloc],
    facts: tuple[Fact, ...] | list[Fact],
    known: frozenset[str],
) -> list[str]:
    """Name every duplicate id and every reference to an entity or bloc that does not exist."""
    problems: list[str] = []
    names: set[str] = set(known)
    named: tuple[tuple[str, Sequence[Entity | Bloc]], ...] = (("entities", entities), ("blocs", blocs))
    for kind, items in named:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(f"{kind}[{i}] ({item.id}): duplicate id")
            seen.add(item.id)
            names.add(item.id)
    entity_ids = {e.id for e in entities} | set(known)
    for i, bloc in enumerate(blocs):
        for member in bloc.members:
            if member not in entity_ids:
                problems.append(f"blocs[{i}] ({bloc.id}).members: unknown entity {member!r}")
    seen_facts: set[str] = set()
    for i, fact in enumerate(facts):
        if fact.id in seen_facts:
            problems.append(f"facts[{i}] ({fact.id}): duplicate id")
        seen_facts.add(fact.id)
        for ref in sorted(fact.entity_ids):
            if ref not in names:
                problems.append(f"facts[{i}] ({fact.id}): unknown entity or bloc {ref!r}")
    return problems


def check_fact(fact: Fact, relation: Relation | None) -> list[str]:
    """Problems with a fact given its relation: an unknown relation, a value kind or object it refuses."""
    if relation is None:
        return [f"predicate: unknown relation {fact.predicate!r}"]
    problems = []
    if not relation.accepts(fact.value.kind):
        kinds = " or ".join(k.value for k in relation.values)
        problems.append(f"value: a {relation.label!r} fact takes a {kinds} value, not {fact.value.kind.value}")
    if relation.object is ObjectRule.REQUIRED and fact.object is None:
        problems.append(f"object: a {relation.label!r} fact must name the other party")
    share = share_problem(fact, relation)
    if share:
        problems.append(share)
    return problems


def share_problem(fact: Fact, relation: Relation) -> str | None:
    """A percentage outside 0-100% for a relation whose percentages are shares of a whole (a stake)."""
    value = fact.value
    if relation.share_of_whole and isinstance(value, PercentValue) and not 0 <= value.amount <= 100:
        return f"value: a {relation.label!r} fact is a share of a whole, from 0% to 100%, not {value.amount:g}%"
    return None


class RelationRecord(BaseModel):
    """A relation as the store holds it, with its version and who last changed it."""

    model_config = ConfigDict(frozen=True)

    relation: Relation
    scope: str = ""
    version: int = Field(ge=1)
    changed_at: datetime
    changed_by: str
    reason: str | None = None


class FactRecord(BaseModel):
    """A fact as the store holds it: the content plus its version and who last changed it."""

    model_config = ConfigDict(frozen=True)

    fact: Fact
    scope: str = ""
    version: int = Field(ge=1)
    changed_at: datetime
    changed_by: str
    reason: str | None = None


class Gap(BaseModel):
    """A question people asked that the bot could not answer well, and how often."""

    model_config = ConfigDict(frozen=True)

    question: str
    asked: int
    last_asked: datetime
    suggestion: str | None = None


class GuildSettings(BaseModel):
    """Per-server settings kept by the store."""

    model_config = ConfigDict(frozen=True)

    guild_id: int
    gaps_enabled: bool = True
    admin_role_id: int | None = None
    mod_log_channel_id: int | None = None


class Citation(BaseModel):
    """A fact as an answer cites it (the JSON contract of `factbot ask --json`)."""

    model_config = ConfigDict(frozen=True)

    id: str
    statement: str
    value: Any
    unit: str | None
    as_of: str | None
    status: Status
    sources: tuple[Source, ...]


class Answer(BaseModel):
    """What the bot says to a question: the text, the facts it cites, or suggestions when declining."""

    model_config = ConfigDict(frozen=True)

    question: str
    answered: bool
    answer: str
    score: float = Field(ge=0, le=100)
    facts: tuple[Fact, ...] = ()
    suggestions: tuple[str, ...] = ()
    suggestion_ids: tuple[str, ...] = Field(default=(), description="The fact behind each suggestion.")

    def contract(self) -> dict[str, Any]:
        """The one-line JSON object of the `factbot ask --json` contract."""
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.answer,
            "score": round(self.score, 1),
            "facts": [citation(f).model_dump(mode="json") for f in self.facts],
            "suggestions": list(self.suggestions),
        }


def citation(fact: Fact) -> Citation:
    """Flatten a fact into the citation shape the CLI contract uses."""
    value: Any
    unit: str | None = None
    v = fact.value

    def plain(amount: float) -> float | int:
        return int(amount) if amount.is_integer() else amount

    if isinstance(v, QuantityValue | PercentValue | MoneyValue):
        # A range is its two ends: [16, 24] for 16-24%.
        value = plain(v.amount) if v.upper is None else [plain(v.amount), plain(v.upper)]
        unit = v.unit if isinstance(v, QuantityValue) else "%" if isinstance(v, PercentValue) else v.currency
    elif isinstance(v, PersonValue):
        value = v.name
    elif isinstance(v, EntityValue):
        value = v.entity
    elif isinstance(v, EntitiesValue):
        value = list(v.entities)
    elif isinstance(v, DateValue):
        value = v.date
    elif isinstance(v, StageValue):
        value = v.stage.value
    else:
        value = v.text
    return Citation(
        id=fact.id,
        statement=fact.statement,
        value=value,
        unit=unit,
        as_of=fact.as_of,
        status=fact.status,
        sources=fact.sources,
    )


FACT_LIST: TypeAdapter[list[Fact]] = TypeAdapter(list[Fact])
