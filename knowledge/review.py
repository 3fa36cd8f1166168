"""Drafts under review: an article's candidate facts, shown to a curator one at a time.

`factbot draft` prints every candidate at once as a spreadsheet; in Discord, `/curate draft` keeps
them as a `Review` (per server, 24 hours) and steps through them: accept (the row is imported into
the server's layer, as `facts import` would), edit then accept, or skip. Each candidate is a row of
the fact spreadsheet, so accepting one goes through exactly the checks an import does.
"""

from __future__ import annotations

import csv
import io
import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from knowledge.drafting import Draft, sheet_row
from knowledge.spreadsheet import FACT_COLUMNS

REVIEW_HOURS = 24
MAX_CANDIDATES = 200
"""A review holds at most this many candidates (an article with more is cut, and says so)."""
EDITABLE = ("subject", "relation", "object", "value", "as_of")
"""The fields a curator can change before accepting (Discord's forms hold five)."""

Row = dict[str, str]


class ReviewError(ValueError):
    """A review step that cannot be taken: the message says why."""


class Candidate(BaseModel):
    """One candidate: the spreadsheet row it would import as, and what the draft noticed."""

    model_config = ConfigDict(frozen=True)

    row: Row
    figure: str
    updates: str | None = None


class Review(BaseModel):
    """A draft's candidates and how far a server's curators got through them."""

    model_config = ConfigDict(frozen=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9]{6,16}$")]
    scope: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    source: str
    candidates: tuple[Candidate, ...]
    position: int = 0
    accepted: tuple[str, ...] = ()
    skipped: int = 0
    dropped: int = 0
    """Candidates the draft found but could not offer: repeats of stored facts, rows without a
    subject or relation, or past MAX_CANDIDATES."""

    @property
    def finished(self) -> bool:
        """Every candidate has been accepted or skipped."""
        return self.position >= len(self.candidates)

    @property
    def current(self) -> Candidate | None:
        """The candidate to decide on now."""
        return None if self.finished else self.candidates[self.position]

    def progress(self) -> str:
        """'3 of 12 · 1 accepted · 1 skipped'."""
        shown = min(self.position + 1, len(self.candidates))
        return f"{shown} of {len(self.candidates)} · {len(self.accepted)} accepted · {self.skipped} skipped"

    def after(self, accepted: str | None = None) -> Review:
        """The review one step on: the current candidate accepted (as that fact id) or skipped."""
        if accepted is None:
            return self.model_copy(update={"position": self.position + 1, "skipped": self.skipped + 1})
        return self.model_copy(update={"position": self.position + 1, "accepted": (*self.accepted, accepted)})


def from_draft(draft: Draft, scope: str, actor: str, source: str) -> Review:
    """A new review of a draft's importable candidates that no stored fact repeats."""
    fresh = [c for c in draft.candidates if c.repeats is None and c.importable]
    offered = [
        Candidate(row=sheet_row(draft, c), figure=c.figure.text, updates=c.updates) for c in fresh[:MAX_CANDIDATES]
    ]
    now = datetime.now(UTC)
    return Review(
        id=secrets.token_hex(4),
        scope=scope,
        created_by=actor,
        created_at=now,
        expires_at=now + timedelta(hours=REVIEW_HOURS),
        source=source,
        candidates=tuple(offered),
        dropped=len(draft.candidates) - len(offered),
    )


def sheet(row: Row) -> str:
    """One row as a fact spreadsheet `facts import` reads."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(FACT_COLUMNS), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


def edited(row: Row, changes: dict[str, str]) -> Row:
    """A row with a curator's changes; a value typed with its unit ('9,000 jobs') replaces both."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ReviewError(f"{', '.join(unknown)}: not a field you can edit here ({', '.join(EDITABLE)})")
    out = {**row, **{k: v.strip() for k, v in changes.items()}}
    if "value" in changes and changes["value"].strip() != row.get("value", "").strip():
        out["unit"] = ""
    for required in ("subject", "relation", "value"):
        if not out.get(required, "").strip():
            raise ReviewError(f"{required}: empty; every fact needs a subject, a relation and a value")
    return out
