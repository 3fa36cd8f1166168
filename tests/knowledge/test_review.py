"""Reviewing a draft in the domain: edits are checked field by field, and steps never race."""

from __future__ import annotations

import asyncio

import pytest

from knowledge.review import ReviewError, edited
from knowledge.service import FactService, StaleReview
from knowledge.store import FactStore

ARTICLE = b"Nissan said on Thursday it will cut 9,000 jobs worldwide. Honda sold 3.98 million vehicles."
ROW = {"subject": "Nissan", "relation": "job cuts", "object": "", "value": "9000", "unit": "jobs", "as_of": "2024"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": " "}, "value: empty"),
        ({"subject": ""}, "subject: empty"),
        ({"statement": "x"}, "statement: not a field you can edit"),
    ],
    ids=["blank-value", "blank-subject", "not-editable"],
)
def test_a_bad_edit_names_the_field(changes: dict[str, str], message: str) -> None:
    """An edit that empties a required field, or touches one the form does not have, is refused by name."""
    with pytest.raises(ReviewError, match=message):
        edited(ROW, changes)


def test_a_value_typed_with_its_unit_replaces_both() -> None:
    """'12,000 jobs' typed as the value drops the old unit column (the value carries its own)."""
    row = edited(ROW, {"value": "12,000 jobs"})
    assert (row["value"], row["unit"]) == ("12,000 jobs", "")
    assert edited(ROW, {"as_of": "2025"})["unit"] == "jobs", "other edits keep the unit"


async def test_two_curators_accepting_at_once_import_once(service: FactService) -> None:
    """Both press Accept on the same candidate: one import, one 'someone already decided'."""
    review = await service.start_review("77", ARTICLE, "story.txt", "user:1", publisher="Reuters")
    results = await asyncio.gather(
        service.decide("77", review.id, 0, "user:1", accept=True),
        service.decide("77", review.id, 0, "user:2", accept=True),
        return_exceptions=True,
    )
    assert sum(isinstance(r, StaleReview) for r in results) == 1
    current = await service.review("77", review.id)
    assert current.position == 1 and len(current.accepted) == 1
    assert [r.version for r in await service.history(current.accepted[0], "77")] == [1]


async def test_a_draft_needs_a_publisher(store: FactStore) -> None:
    """Without a publisher no fact could cite its source: refused before anything is kept."""
    service = FactService(store)
    with pytest.raises(ReviewError, match="publisher"):
        await service.start_review("77", ARTICLE, "story.txt", "user:1")
    assert await service.open_reviews("77") == []
