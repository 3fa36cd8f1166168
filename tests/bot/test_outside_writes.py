"""A running bot picks up what the CLI (or another process) writes to its database, within a second."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from tests.bot.conftest import Running
from tests.bot.test_admin import ask
from tests.bot.test_cli import run


async def test_a_cli_edit_reaches_the_running_bot_within_a_second(running: Running, db_path: Path) -> None:
    """An operator's `factbot facts edit` while the bot runs: the next channel question has the new figure."""
    before = await ask(running.double, running.guild, "honda sales")
    assert "4.1 million" in before.text
    edited = await asyncio.to_thread(
        run, "facts", "edit", "honda-sales-fy2023", "value", "4.2 million", "--reason", "restated", db=db_path
    )
    assert edited.returncode == 0, edited.stderr
    started = time.monotonic()
    while time.monotonic() - started < 3:
        answer = await ask(running.double, running.guild, "honda sales")
        if "4.2 million" in answer.text:
            break
        await asyncio.sleep(0.2)
    assert "4.2 million" in answer.text
    assert time.monotonic() - started < 1.5, "picked up within about a second"


async def test_a_cli_import_of_a_new_story_is_answered_without_a_restart(running: Running, db_path: Path) -> None:
    """A CSV imported from the shell while the bot runs is answered from the channel shortly after."""
    sheet = db_path.parent / "jobs.csv"
    sheet.write_text(
        "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote\n"
        'Nissan,job cuts,,9000,jobs,2024-11-07,,"Nissan plans to cut 9,000 jobs.",Reuters,2024-11-07,,'
        '"Nissan will cut 9,000 jobs."\n',
        encoding="utf-8",
    )
    imported = await asyncio.to_thread(run, "facts", "import", str(sheet), db=db_path)
    assert imported.returncode == 0, imported.stderr
    await asyncio.sleep(1.2)
    answer = await ask(running.double, running.guild, "nissan job cuts")
    assert "9,000 jobs" in answer.text
