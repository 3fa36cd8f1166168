"""`factbot draft` and `factbot check` as users run them: real processes, real files, real SQLite."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.bot.test_cli import run

ROOT = Path(__file__).resolve().parents[2]
ALLIANCE_ARTICLE = ROOT / "knowledge" / "data" / "sources" / "alliance-article.txt"
ALLIANCE_PACK = ROOT / "knowledge" / "data" / "alliance.yaml"
RECALL_FLOOR = 1.0  # measured: 6/6 numeric facts of the alliance pack

ARTICLE = """---
title: Nissan to cut 9,000 jobs
publisher: Reuters
date: 2024-11-07
url: https://www.reuters.com/business/autos/nissan-cuts
---
# Nissan cuts jobs as profit falls

Nissan Motor Co. said on Thursday it would cut **9,000 jobs** and reduce global production capacity by 20%.
Honda will have sold 4.2 million cars in the fiscal year to March 2025.

- Mitsubishi, which owns 34% of Nissan, said nothing.
- Honda had 12 of them.
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "nissan.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_draft_csv_imports_unchanged(article: Path, tmp_path: Path) -> None:
    """The default CSV has the import header and loads with `facts import` into a fresh database."""
    drafted = run("draft", str(article), db=tmp_path / "draft.db")
    assert drafted.returncode == 0, drafted.stderr
    rows = list(csv.DictReader(io.StringIO(drafted.stdout)))
    assert drafted.stdout.splitlines()[0] == (
        "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote"
    )
    assert {(r["subject"], r["relation"], r["value"]) for r in rows} == {
        ("Nissan", "job cuts", "9000"),
        ("Nissan", "production capacity", "20%"),
        ("Honda", "sales volume", "4200000"),
    }
    assert all(r["publisher"] == "Reuters" and r["published"] == "2024-11-07" for r in rows)
    assert "1 repeat stored facts" in drafted.stderr  # the 34% stake is already known
    assert "needs a relation: 12" in drafted.stderr  # a figure without a cue is reported, not guessed
    sheet = tmp_path / "draft.csv"
    sheet.write_text(drafted.stdout, encoding="utf-8")
    imported = run("facts", "import", str(sheet), db=tmp_path / "fresh.db")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("imported: 3 added")
    asked = run("ask", "How many jobs is Nissan cutting?", db=tmp_path / "fresh.db")
    assert "9,000" in asked.stdout and "Reuters" in asked.stdout


def test_notes_column_says_what_a_row_updates(article: Path, tmp_path: Path) -> None:
    """With --notes a trailing note column says which stored value a row would update."""
    drafted = run("draft", str(article), "--notes", db=tmp_path / "d.db")
    rows = {r["value"]: r for r in csv.DictReader(io.StringIO(drafted.stdout))}
    assert rows["4200000"]["note"] == "updates 4.1 million vehicles (2024-03)"
    assert rows["9000"]["note"] == ""


def test_draft_json_lists_candidates(article: Path, tmp_path: Path) -> None:
    """--json gives every new candidate (with or without a relation) and the repeats dropped."""
    drafted = run("draft", str(article), "--json", db=tmp_path / "d.db")
    data = json.loads(drafted.stdout)
    texts = {c["text"]: c for c in data["candidates"]}
    assert texts["9,000 jobs"]["relation_id"] == "job_cuts"
    assert texts["12"]["relation"] is None
    assert data["repeats"] == ["mitsubishi-stake-in-nissan"]


def test_draft_of_the_alliance_article_drops_what_is_stored(tmp_path: Path) -> None:
    """On a seeded database every figure of the shipped article repeats a stored fact."""
    drafted = run("draft", str(ALLIANCE_ARTICLE), "--json", db=tmp_path / "d.db")
    data = json.loads(drafted.stdout)
    assert {"mitsubishi-stake-in-nissan", "honda-sales-fy2023"} <= set(data["repeats"])
    assert data["candidates"] == []


def test_check_recall_on_the_alliance_pack(tmp_path: Path) -> None:
    """--check prints the recall of the pack's figures, at least the measured floor."""
    result = run("draft", "--check", str(ALLIANCE_PACK), str(ALLIANCE_ARTICLE), db=tmp_path / "d.db")
    assert result.returncode == 0, result.stderr
    match = re.match(r"recall (\d+)/(\d+) \(\d+%\) · extra (\d+)", result.stdout)
    assert match, result.stdout
    assert int(match.group(1)) / int(match.group(2)) >= RECALL_FLOOR


def test_check_message(tmp_path: Path) -> None:
    """`check` says match for Nissan's figure and differs for Honda's, citing the source."""
    result = run("check", "Nissan sold 3.4 million cars and Honda 5 million", db=tmp_path / "d.db")
    assert result.returncode == 0, result.stderr
    nissan, honda = result.stdout.splitlines()
    assert nissan.startswith("match") and "Nissan" in nissan
    assert honda.startswith("differs") and "sources say 4.1 million vehicles, Nikkei Asia, March 2024" in honda


def test_check_json_contract(tmp_path: Path) -> None:
    """--json gives each figure's text, verdict and the facts as `ask --json` cites them."""
    message = "Acme Widgets sold 5 million cars. Honda sold 5 million."
    result = run("check", "--json", "-", db=tmp_path / "d.db", stdin=message)
    figures = json.loads(result.stdout)["figures"]
    assert [(f["text"], f["verdict"]) for f in figures] == [("5 million cars", "unsourced"), ("5 million", "differs")]
    assert figures[0]["facts"] == []
    (fact,) = figures[1]["facts"]
    assert fact["id"] == "honda-sales-fy2023" and fact["value"] == 4_100_000 and fact["unit"] == "vehicles"
    assert fact["sources"][0]["publisher"] == "Nikkei Asia"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"caf\xe9", "not UTF-8"),
        (b"x" * (1024 * 1024 + 1), "limit"),
    ],
    ids=["empty", "binary", "latin-1", "huge"],
)
def test_bad_input_is_one_line_and_changes_nothing(tmp_path: Path, data: bytes, reason: str) -> None:
    """Bad files are refused with one stderr line and exit 1, before any database is created."""
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    db = tmp_path / "untouched.db"
    for args in (("draft", str(path)), ("draft", "--check", str(ALLIANCE_PACK), str(path))):
        result = run(*args, db=db)
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1 and reason in result.stderr
        assert result.stdout == ""
    assert not db.exists()


def test_check_refuses_empty_stdin(tmp_path: Path) -> None:
    """`check -` with nothing on stdin is one line and exit 1."""
    result = run("check", "-", db=tmp_path / "d.db", stdin="")
    assert result.returncode == 1 and "empty" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
