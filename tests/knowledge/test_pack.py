"""The curated pack: every entry validates, every fact cites a quote that is really in the article."""

from __future__ import annotations

import re

import pytest

from knowledge.models import Fact, Status, check_references
from knowledge.packs import builtin_packs, document_text

PACKS = builtin_packs()
FACTS = [fact for pack in PACKS for fact in pack.facts]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_packs_validate_and_references_resolve() -> None:
    """Every shipped pack loads through the models, and every reference names a shipped entity or bloc."""
    assert {p.id for p in PACKS} == {"automakers", "alliance"}
    assert len(FACTS) >= 25
    entities = [e for p in PACKS for e in p.entities]
    blocs = [b for p in PACKS for b in p.blocs]
    assert check_references(entities, blocs, FACTS, known=frozenset()) == []


@pytest.mark.parametrize("fact", FACTS, ids=[f.id for f in FACTS])
def test_every_quote_is_verbatim_in_its_document(fact: Fact) -> None:
    """A citation's quote appears word for word in the source text it names."""
    assert fact.sources, "every fact needs a source"
    for source in fact.sources:
        assert source.document, f"{fact.id}: the source names no document to check the quote against"
        text = _squash(document_text(source.document))
        assert _squash(source.quote) in text, f"{fact.id}: quote not in {source.document}: {source.quote!r}"


@pytest.mark.parametrize(
    ("fact_id", "expected"),
    [
        ("mitsubishi-stake-in-nissan", Status.DISPUTED),
        ("mitsubishi-plans-to-buy-nissan", Status.DISPUTED),
        ("honda-pickups-phev-japan", Status.DISPUTED),
        ("honda-sales-fy2023", Status.CURRENT),
    ],
    ids=["stake-reversed", "buy-garbled", "competitors-garbled", "sales-sound"],
)
def test_garbled_sentences_are_flagged(fact_id: str, expected: Status) -> None:
    """The rewrite's garbled claims are disputed with a note; sound figures are current."""
    fact = next(f for f in FACTS if f.id == fact_id)
    assert fact.status is expected
    if expected is Status.DISPUTED:
        assert fact.note and len(fact.note) > 30


@pytest.mark.parametrize(
    ("fact_id", "amount"),
    [
        ("honda-sales-fy2023", 4_100_000),
        ("nissan-sales-fy2023", 3_400_000),
        ("mitsubishi-sales-fy2023", 800_000),
        ("honda-nissan-mitsubishi-sales-fy2023", 8_000_000),
        ("toyota-group-sales", 16_000_000),
        ("mitsubishi-stake-in-nissan", 34),
    ],
    ids=["honda", "nissan", "mitsubishi", "three", "toyota-group", "stake"],
)
def test_article_figures_are_curated(fact_id: str, amount: float) -> None:
    """Each figure in the article is in the pack with the article's number."""
    fact = next(f for f in FACTS if f.id == fact_id)
    assert getattr(fact.value, "amount", None) == amount


def test_every_fact_offers_a_question_to_suggest() -> None:
    """Every fact has at least one phrasing, used as its "did you mean" suggestion."""
    assert all(f.phrasings for f in FACTS)
