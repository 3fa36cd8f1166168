"""The README's examples are the project's own output, and still current."""

from __future__ import annotations

from pathlib import Path

from scripts.render_docs import example_answer

ROOT = Path(__file__).resolve().parent.parent


def test_example_answer_in_docs_is_current() -> None:
    """docs/example-answer.txt is exactly what the bot answers today (rerun scripts/render_docs.py if not)."""
    assert (ROOT / "docs" / "example-answer.txt").read_text(encoding="utf-8") == example_answer()


def test_readme_shows_the_example_and_the_chart() -> None:
    """The README quotes the rendered answer and links the rendered chart."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    answer_lines = example_answer().splitlines()[2:]
    assert all(line in readme for line in answer_lines)
    assert "docs/compare-chart.png" in readme
    assert (ROOT / "docs" / "compare-chart.png").read_bytes().startswith(b"\x89PNG")
