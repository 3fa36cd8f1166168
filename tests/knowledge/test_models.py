"""Model validation: bad values are refused with a message naming the field and the reason."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from knowledge.models import Fact, Pack, Stage, check_fact, format_partial_date
from knowledge.packs import PackError, describe, parse_pack
from knowledge.vocabulary import builtin_relation

SOURCE = {"publisher": "Nikkei Asia", "quote": "Honda will have sold 4.1 million cars"}


def fact(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "honda-sales",
        "subject": "honda",
        "predicate": "sales_volume",
        "value": {"kind": "quantity", "amount": 4_100_000, "unit": "vehicles"},
        "statement": "Honda sold 4.1 million vehicles.",
        "sources": [SOURCE],
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"value": {"kind": "percent", "amount": 2e6}}, "amount", "less than or equal to 1000000"),
        ({"value": {"kind": "quantity", "amount": -5, "unit": "vehicles"}}, "amount", "greater than or equal to 0"),
        ({"value": {"kind": "quantity", "amount": float("nan"), "unit": "cars"}}, "amount", "finite"),
        ({"value": {"kind": "quantity", "amount": float("inf"), "unit": "cars"}}, "amount", "finite"),
        ({"predicate": "Sells!"}, "predicate", "pattern"),
        ({"sources": []}, "sources", "at least 1"),
        ({"sources": [{"publisher": "Nikkei Asia"}]}, "quote", "required"),
        ({"as_of": "March 2024"}, "as_of", "YYYY"),
        ({"as_of": "2024-02-30"}, "as_of", ""),
        ({"id": "Honda Sales!"}, "id", "pattern"),
        ({"status": "disputed"}, "note", "curator's note"),
        ({"predicate": "partnership_stage", "value": {"kind": "stage", "stage": "engaged"}}, "stage", "talks"),
        ({"colour": "red"}, "colour", "Extra inputs"),
    ],
    ids=[
        "stake-over-100",
        "negative-volume",
        "nan",
        "inf",
        "unknown-predicate",
        "no-source",
        "no-quote",
        "bad-date",
        "impossible-date",
        "bad-id",
        "disputed-without-note",
        "unknown-stage",
        "unknown-field",
    ],
)
def test_bad_fact_is_refused_naming_the_field(changes: dict[str, Any], field: str, reason: str) -> None:
    """Each malformed value fails validation and the message names the field and why."""
    with pytest.raises(ValidationError) as info:
        Fact.model_validate(fact(**changes))
    message = describe(info.value, fact(**changes))
    assert field in message
    assert reason in message


def test_a_fact_must_fit_its_relation() -> None:
    """A relation says which values and parties its facts take: a stake names what it is in, sales are a number."""
    stake = Fact.model_validate(fact(predicate="stake_in", value={"kind": "percent", "amount": 34}))
    assert check_fact(stake, builtin_relation("stake_in")) == ["object: a 'stake in' fact must name the other party"]
    sales = Fact.model_validate(fact(value={"kind": "percent", "amount": 34}))
    assert check_fact(sales, builtin_relation("sales_volume")) == [
        "value: a 'sales volume' fact takes a quantity value, not percent"
    ]
    assert check_fact(sales, None) == ["predicate: unknown relation 'sales_volume'"]


def test_pack_names_the_bad_entry() -> None:
    """A pack error names the entry by index and id, then the field."""
    text = """
id: test
title: Test
entities: [{id: honda, name: Honda, kind: company}]
facts:
  - {id: ok-fact, subject: honda, predicate: goal, value: {kind: text, text: win},
     statement: Honda wants to win., sources: [{publisher: X, quote: win it all}]}
  - {id: bad-fact, subject: honda, predicate: stake_in, object: honda, value: {kind: percent, amount: 2000000},
     statement: Honda owns itself., sources: [{publisher: X, quote: owns it all}]}
"""
    with pytest.raises(PackError) as info:
        parse_pack(text, "test.yaml")
    assert "facts[1] (bad-fact).value.amount" in str(info.value)


def test_pack_refuses_duplicate_ids() -> None:
    """Two facts with one id in a pack are refused, naming the second."""
    with pytest.raises(ValidationError, match=r"facts\[1\] \(honda-sales\): duplicate id"):
        Pack.model_validate({"id": "t", "title": "t", "facts": [fact(), fact()]})


def test_stages_are_ordered() -> None:
    """Stages compare by how far along a deal is."""
    assert Stage.TALKS.order < Stage.NDA.order < Stage.LETTER_OF_INTENT.order < Stage.DEFINITIVE.order


@pytest.mark.parametrize(
    ("value", "text"),
    [("2024", "2024"), ("2024-03", "March 2024"), ("2024-03-05", "5 March 2024")],
    ids=["year", "month", "day"],
)
def test_partial_dates_read_naturally(value: str, text: str) -> None:
    """As-of dates show as people write them."""
    assert format_partial_date(value) == text
