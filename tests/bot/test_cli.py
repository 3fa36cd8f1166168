"""The `factbot` command line as users and the eval scorer run it: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml


def run(*args: str, db: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTBOT_", "DISCORD_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args, "--db", str(db)],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=env,
        check=False,
    )


def test_ask_prints_the_cited_answer(db_path: Path) -> None:
    """`factbot ask` on a fresh database creates it, seeds it and answers with the source."""
    result = run("ask", "How much of Nissan does Mitsubishi own?", db=db_path)
    assert result.returncode == 0, result.stderr
    assert "34%" in result.stdout and "— Nikkei Asia:" in result.stdout
    assert db_path.exists()
    assert result.stderr == ""  # a first run is quiet unless FACTBOT_LOG_LEVEL asks otherwise


def test_ask_json_streams_one_object_per_line(db_path: Path) -> None:
    """`ask --json -` answers each stdin line with one flushed JSON line before reading the next."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json", "-", "--db", str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
    )
    assert proc.stdin and proc.stdout
    replies = []
    for question in ("honda sales?", "What is the capital of France?", "ホンダのCEOは誰？"):
        proc.stdin.write(question + "\n")
        proc.stdin.flush()
        replies.append(json.loads(proc.stdout.readline()))  # would hang if the answer were buffered
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0
    honda, france, ceo = replies
    assert honda["answered"] and "4.1 million" in honda["answer"]
    assert honda["facts"][0]["sources"][0]["quote"].startswith("Honda will have sold")
    assert honda["facts"][0]["value"] == 4_100_000 and honda["facts"][0]["unit"] == "vehicles"
    assert not france["answered"] and france["facts"] == []
    assert ceo["answered"] and "Mibe" in ceo["answer"]
    assert set(honda) == {"question", "answered", "answer", "score", "facts", "suggestions"}


def test_export_then_import_round_trip(db_path: Path, tmp_path: Path) -> None:
    """An exported file imports into a new database with nothing lost and nothing changed."""
    out = tmp_path / "knowledge.yaml"
    assert run("facts", "export", str(out), db=db_path).returncode == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert any(f["id"] == "honda-ceo" and f["sources"][0]["quote"] for f in data["facts"])
    other = tmp_path / "other.sqlite3"
    result = run("facts", "import", str(out), db=other)
    assert result.returncode == 0, result.stderr
    assert "0 added, 0 changed" in result.stdout  # the other database was seeded with the same pack


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("facts", "show", "no-such-fact"), "no fact with id 'no-such-fact'"),
        (("facts", "import", "missing.yaml"), "cannot read"),
    ],
    ids=["unknown-id", "missing-file"],
)
def test_errors_are_one_line_and_non_zero(db_path: Path, args: tuple[str, ...], message: str) -> None:
    """Operator mistakes print one clear line on stderr, no traceback, and exit non-zero."""
    result = run(*args, db=db_path)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_bad_import_names_the_row_and_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    """An import file with one bad value is refused, naming the entry and field; the facts stay as they were."""
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "id": "bad",
                "title": "Bad",
                "facts": [
                    {
                        "id": "honda-stake",
                        "subject": "honda",
                        "predicate": "stake_in",
                        "object": "nissan",
                        "value": {"kind": "percent", "amount": 140},
                        "statement": "x",
                        "sources": [{"publisher": "P", "quote": "q q q"}],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    before = run("facts", "list", db=db_path).stdout
    result = run("facts", "import", str(bad), db=db_path)
    assert result.returncode == 1
    assert "facts[0] (honda-stake).value: a 'stake in' fact is a share of a whole" in result.stderr
    assert run("facts", "list", db=db_path).stdout == before


def test_unreadable_database_is_one_line(tmp_path: Path) -> None:
    """A file that is not a database gives a one-line error naming it."""
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"\x00garbage" * 512)
    result = run("ask", "honda sales", db=broken)
    assert result.returncode == 1
    assert "cannot open the fact database" in result.stderr and "Traceback" not in result.stderr


def test_operator_curation_from_the_shell(db_path: Path, tmp_path: Path) -> None:
    """edit, a stale edit, history, rollback, retire and restore work from the shell with one-line errors."""
    assert run("facts", "edit", "honda-ceo", "note", "checked", "--reason", "audit", db=db_path).returncode == 0
    stale = run("facts", "edit", "honda-ceo", "note", "other", "--version", "1", db=db_path)
    assert stale.returncode == 1 and "changed since you loaded it" in stale.stderr
    history = run("facts", "history", "honda-ceo", db=db_path).stdout
    assert "v2" in history and "audit" in history and "note: — → checked" in history
    assert run("facts", "rollback", "honda-ceo", "1", db=db_path).returncode == 0
    assert run("facts", "retire", "honda-ceo", "--reason", "gone", db=db_path).returncode == 0
    assert "Mibe" not in run("ask", "honda ceo", db=db_path).stdout
    assert run("facts", "restore", "honda-ceo", db=db_path).returncode == 0
    assert "Mibe" in run("ask", "honda ceo", db=db_path).stdout
    bad = run("facts", "edit", "honda-sales-fy2023", "value", "lots", db=db_path)
    assert bad.returncode == 1 and "value:" in bad.stderr and "'lots' is not one" in bad.stderr


def test_add_from_a_file_into_a_server_layer(db_path: Path, tmp_path: Path) -> None:
    """`facts add --guild` puts a fact in that server's layer only."""
    new = tmp_path / "fact.yaml"
    new.write_text(
        yaml.safe_dump(
            {
                "id": "honda-ev-goal-2025",
                "subject": "honda",
                "predicate": "goal",
                "value": {"kind": "text", "text": "two million EVs"},
                "statement": "Honda wants two million EVs.",
                "phrasings": ["honda ev volume target"],
                "sources": [{"publisher": "Wire", "quote": "two million EVs"}],
            }
        ),
        encoding="utf-8",
    )
    added = run("facts", "add", str(new), "--guild", "42", db=db_path)
    assert added.returncode == 0, added.stderr
    assert "two million" in run("ask", "honda ev volume target", "--guild", "42", db=db_path).stdout
    assert "two million" not in run("ask", "honda ev volume target", db=db_path).stdout
    again = run("facts", "add", str(new), "--guild", "42", db=db_path)
    assert again.returncode == 1 and "already exists" in again.stderr
