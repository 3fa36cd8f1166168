"""Drafting speed: a 1,000-word article through `knowledge.drafting.draft`, warm, in process.

    python -m benchmarks.drafting

The article is the shipped one repeated to 1,000 words (so every sentence carries figures, the
worst case); the index is the shipped knowledge. Goal from the issue: under 1 s warm.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from knowledge import drafting
from knowledge.matcher import FactIndex, Knowledge
from knowledge.packs import builtin_packs, document_text

WORDS = 1_000
RUNS = 5


def measure() -> dict[str, Any]:
    """Seconds per draft of a 1,000-word article (median of a few warm runs) and what it found."""
    packs = builtin_packs()
    knowledge = Knowledge(
        entities=[e for p in packs for e in p.entities],
        blocs=[b for p in packs for b in p.blocs],
        facts=[],  # an empty store: nothing is dropped as a repeat, so every figure is drafted
    )
    index = FactIndex(knowledge)
    text = document_text("alliance-article")
    words = text.split()
    body = " ".join((words * (WORDS // len(words) + 1))[:WORDS])
    article = drafting.read_article(body, publisher="Nikkei Asia", published="2024")
    drafting.draft(article, index)  # warm: caches, stemmer and lemma tables
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = drafting.draft(article, index)
        timings.append(time.perf_counter() - started)
    return {"words": WORDS, "seconds": statistics.median(timings), "candidates": len(result.candidates)}


if __name__ == "__main__":
    r = measure()
    print(f"draft of a {r['words']:,}-word article: {r['seconds'] * 1000:.0f} ms warm, {r['candidates']} candidates")
