"""Render the README's examples with the project's own code: `python scripts/render_docs.py`.

Writes docs/example-answer.txt (the exact text the bot posts for a question) and
docs/compare-chart.png (the /compare chart for Honda–Nissan–Mitsubishi vs the Toyota group).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.render import chart_png
from knowledge.answers import Answerer
from knowledge.matcher import Knowledge
from knowledge.packs import builtin_packs

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXAMPLE_QUESTION = "How much of Nissan does Mitsubishi own?"
COMPARED = ("honda-nissan-mitsubishi", "toyota")


def answerer() -> Answerer:
    """An answerer over the shipped packs, as a fresh database would hold them."""
    packs = builtin_packs()
    return Answerer.from_knowledge(
        Knowledge(
            entities=[e for p in packs for e in p.entities],
            blocs=[b for p in packs for b in p.blocs],
            facts=[f for p in packs for f in p.facts],
        )
    )


def example_answer() -> str:
    """The example shown in the README: question, then the bot's answer text."""
    return f"> {EXAMPLE_QUESTION}\n\n{answerer().ask(EXAMPLE_QUESTION).answer}\n"


def main() -> int:
    """Write both files into docs/."""
    DOCS.mkdir(exist_ok=True)
    (DOCS / "example-answer.txt").write_text(example_answer(), encoding="utf-8")
    (DOCS / "compare-chart.png").write_bytes(chart_png(answerer().compare(list(COMPARED))))
    sys.stdout.write(f"wrote {DOCS / 'example-answer.txt'} and {DOCS / 'compare-chart.png'}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
