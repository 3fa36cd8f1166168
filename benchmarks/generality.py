"""Generality: accuracy and wrong answers on every question set in the repository.

Each story in tests/stories is imported by CSV into a fresh database and asked through
`factbot ask --json -`, as a curator and its users would; the shipped pack is asked its own set
(tests/knowledge/questions.jsonl). A wrong answer is a question answered with a fact that does not
hold what was asked, or a must-decline question answered: the figure that matters most.

    python -m benchmarks.generality
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "tests" / "knowledge" / "questions.jsonl"
STORIES = ROOT / "tests" / "stories"


def _factbot(*args: str, db: Path, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args, "--db", str(db)],
        input=stdin, capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    return done.stdout


_ASIDE = re.compile(r"^(?:Previously: |Since then: |Note: |— |以前: |その後: |注記: )")
"""Lines of an answer that are not what it answers: the figure a fact replaced or that replaced it,
the curator's note, and the sources' quotes (which may hold other figures)."""


def answered_text(answer: str) -> str:
    """An answer without its asides: a figure counts only where the answer gives it, so an outdated or
    neighbouring headline is wrong even when the figure asked appears under "Previously:" or in a
    quote. (Stricter than the shared scorer, which searches the whole reply.)"""
    return "\n".join(line for line in answer.splitlines() if not _ASIDE.match(line))


def _verdict(row: dict[str, Any], out: dict[str, Any]) -> str:
    """'right', 'declined' (should have answered) or 'wrong' (answered with the wrong fact or at all)."""
    text = answered_text(str(out.get("answer", "")))
    if row.get("decline"):
        alternative = row.get("or_expect")
        if not out["answered"] or (alternative and all(re.search(p, text, re.I) for p in alternative)):
            return "right"
        return "wrong"
    if not out["answered"]:
        return "declined"
    return "right" if all(re.search(p, text, re.I) for p in row.get("expect", [])) else "wrong"


def score(questions: Path, db: Path) -> dict[str, Any]:
    """Ask every question of a set against a database; count right, declined and wrong."""
    rows = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    stdout = _factbot("ask", "--json", "-", db=db, stdin="".join(r["q"].replace("\n", " ") + "\n" for r in rows))
    elapsed = time.perf_counter() - started
    verdicts = [_verdict(row, json.loads(line)) for row, line in zip(rows, stdout.splitlines(), strict=True)]
    return {
        "questions": len(rows),
        "right": verdicts.count("right"),
        "declined": verdicts.count("declined"),
        "wrong": verdicts.count("wrong"),
        "accuracy": verdicts.count("right") / len(rows),
        "seconds": elapsed,
    }


def measure() -> list[dict[str, Any]]:
    """Every in-repo set: the shipped pack's, then each story's."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        shipped_db = Path(tmp) / "shipped.sqlite3"
        results.append({"set": "shipped pack (tests/knowledge)", **score(SHIPPED, shipped_db)})
        for folder in sorted(p for p in STORIES.iterdir() if (p / "questions.jsonl").is_file()):
            db = Path(tmp) / f"{folder.name}.sqlite3"
            for sheet in ("entities.csv", "facts.csv"):
                _factbot("facts", "import", str(folder / sheet), db=db)
            results.append({"set": f"story {folder.name}", **score(folder / "questions.jsonl", db)})
    return results


def report(results: list[dict[str, Any]]) -> str:
    """One line a set."""
    lines = [f"{'set':<36} {'right':>10} {'accuracy':>9} {'declined':>9} {'wrong':>6}"]
    for r in results:
        right = f"{r['right']}/{r['questions']}"
        lines.append(f"{r['set']:<36} {right:>10} {r['accuracy']:>9.1%} {r['declined']:>9} {r['wrong']:>6}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(measure()))
