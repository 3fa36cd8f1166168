"""factbot on PostgreSQL as an operator runs it: the CLI in separate processes, `db copy` from
SQLite, and a bot that keeps answering while the database server restarts."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from tests.bot.conftest import running_bot
from tests.bot.test_admin import ask, curate
from tests.discord_double import DiscordDouble
from tests.postgres import PostgresServer, why_unavailable

SHEET = (
    "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote\n"
    'Nissan,job cuts,,9000,jobs,2024-11-07,,"Nissan plans to cut 9,000 jobs.",Reuters,2024-11-07,,'
    '"Nissan will cut 9,000 jobs."\n'
)


def factbot(*args: str, url: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The `factbot` command in its own process, with FACTBOT_DATABASE_URL set as an operator would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTBOT_", "DISCORD_"))}
    env["FACTBOT_DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=env,
        check=False,
    )


def test_an_import_in_one_process_is_answered_by_another(pg_url: str, tmp_path: Path) -> None:
    """`facts import F.csv` in one process, then `ask --json -` in another answers from it."""
    sheet = tmp_path / "jobs.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    imported = factbot("facts", "import", str(sheet), url=pg_url)
    assert imported.returncode == 0, imported.stderr
    assert "1 added" in imported.stdout
    asked = factbot("ask", "--json", "-", url=pg_url, stdin="how many jobs will nissan cut\nhonda sales\n")
    assert asked.returncode == 0, asked.stderr
    answers = [json.loads(line) for line in asked.stdout.splitlines()]
    assert "9,000 jobs" in answers[0]["answer"]
    assert "4.1 million" in answers[1]["answer"]


def test_db_upgrade_and_copy_from_sqlite(pg_url: str, tmp_path: Path) -> None:
    """`db upgrade` says where the schema stands; `db copy` moves a SQLite store whole, history and
    all, verifies the counts, and refuses to copy into a database that is not empty."""
    sqlite_url = f"sqlite://{tmp_path / 'old.sqlite3'}"
    edited = factbot(
        "facts", "edit", "honda-sales-fy2023", "value", "4.2 million", "--reason", "restated", url=sqlite_url
    )
    assert edited.returncode == 0, edited.stderr
    upgraded = factbot("db", "upgrade", url=pg_url)
    assert upgraded.returncode == 0 and "schema version 0 →" in upgraded.stdout, upgraded.stdout + upgraded.stderr
    assert "already current" in factbot("db", "upgrade", url=pg_url).stdout

    copied = factbot("db", "copy", sqlite_url, pg_url, url=pg_url)
    assert copied.returncode == 0, copied.stderr
    assert "fact_versions" in copied.stdout and "rows checked" in copied.stdout
    history = factbot("facts", "history", "honda-sales-fy2023", url=pg_url)
    assert "restated" in history.stdout and "v2" in history.stdout
    assert "4.2 million" in factbot("ask", "honda sales", url=pg_url).stdout

    again = factbot("db", "copy", sqlite_url, pg_url, url=pg_url)
    assert again.returncode == 1
    assert "is not empty" in again.stderr and "copy into an empty database" in again.stderr
    assert "password" not in again.stderr


def test_a_wrong_database_url_is_one_clear_line(tmp_path: Path) -> None:
    """Nobody listening at the URL: one line naming the database (never its password), exit 1."""
    result = factbot("ask", "honda sales", url="postgresql://factbot:s3cret@127.0.0.1:9/nowhere")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot open the fact database at postgresql://127.0.0.1:9/nowhere" in lines[0]
    assert "s3cret" not in result.stderr and "Traceback" not in result.stderr


# -- a restart under a running bot -----------------------------------------------------------------


@pytest.fixture(scope="module")
def own_server() -> Iterator[PostgresServer]:
    """A cluster of this module's own: the test stops and starts it."""
    reason = why_unavailable()
    if reason is not None or os.environ.get("FACTBOT_TEST_DATABASE_URL"):
        if os.environ.get("CI") == "true" and reason is not None:
            pytest.fail(f"CI must run the PostgreSQL tests: {reason}")
        pytest.skip(reason or "an external server cannot be restarted by the tests")
    server = PostgresServer()
    server.init()
    server.start()
    yield server
    server.remove()


@pytest.fixture
async def restartable(own_server: PostgresServer) -> AsyncIterator[str]:
    admin = await asyncpg.connect(own_server.url())
    await admin.execute('CREATE DATABASE "restart"')
    await admin.close()
    yield own_server.url("restart")
    if not own_server.running:
        own_server.start()
    admin = await asyncpg.connect(own_server.url())
    await admin.execute('DROP DATABASE "restart" WITH (FORCE)')
    await admin.close()


async def test_a_database_restart_loses_nothing(
    double: DiscordDouble, own_server: PostgresServer, restartable: str, tmp_path: Path
) -> None:
    """PostgreSQL stops mid-run: questions are still answered from memory, an edit fails with one
    clear line and changes nothing; once it is back, edits work and everything saved is there."""
    guild = double.add_guild()
    async with running_bot(double, tmp_path / "unused.sqlite3", database_url=restartable) as running:
        first = curate("edit", id="honda-sales-fy2023", field="value", value="4.2 million", reason="before")
        assert "Edited" in (await double.reply_to(await double.slash("curate", first, guild=guild, admin=True))).text

        await asyncio.to_thread(own_server.stop)
        assert "4.2 million" in (await ask(double, guild, "honda sales")).text
        during = curate("edit", id="honda-sales-fy2023", field="value", value="4.3 million", reason="during")
        refused = await double.reply_to(await double.slash("curate", during, guild=guild, admin=True), 15)
        assert "unreachable" in refused.text and "nothing changed" in refused.text
        assert refused.payload.get("flags", refused.payload.get("data", {}).get("flags", 0)) & 64, "ephemeral"

        await asyncio.to_thread(own_server.start)
        after = curate("edit", id="honda-sales-fy2023", field="value", value="4.4 million", reason="after")
        done = await double.reply_to(await double.slash("curate", after, guild=guild, admin=True), 15)
        assert "Edited" in done.text, done.text
        assert "4.4 million" in (await ask(double, guild, "honda sales")).text
        history = await running.bot.service.history("honda-sales-fy2023", str(guild["id"]))
        assert [r.reason for r in history][-2:] == ["before", "after"], "nothing lost, nothing half-written"
