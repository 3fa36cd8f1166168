"""Operators and server admins are refused changes that would half-apply or hand curation to everyone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.bot.test_admin import curate, dump
from tests.bot.test_cli import run
from tests.discord_double import DiscordDouble


def _fact(fact_id: str) -> dict[str, Any]:
    return {
        "id": fact_id,
        "subject": "honda",
        "predicate": "goal",
        "value": {"kind": "text", "text": "two million EVs"},
        "statement": "Honda wants two million EVs.",
        "sources": [{"publisher": "Wire", "quote": "two million EVs"}],
    }


@pytest.mark.parametrize(
    ("second", "message"),
    [("honda-ceo", "'honda-ceo' already exists"), ("honda-ev-goal-2025", "appears twice")],
    ids=["taken-id", "repeated-id"],
)
def test_facts_add_is_all_or_nothing(db_path: Path, tmp_path: Path, second: str, message: str) -> None:
    """`facts add` with a bad second fact adds neither; before, the first was committed and exit was 1."""
    assert run("facts", "list", db=db_path).returncode == 0  # create and seed the database
    before = dump(db_path)
    file = tmp_path / "facts.yaml"
    file.write_text(yaml.safe_dump([_fact("honda-ev-goal-2025"), _fact(second)]), encoding="utf-8")
    result = run("facts", "add", str(file), db=db_path)
    assert result.returncode == 1
    assert dump(db_path) == before
    assert message in result.stderr and "nothing was added" in result.stderr
    assert "Traceback" not in result.stderr


def test_facts_add_of_several_new_facts_adds_them_all(db_path: Path, tmp_path: Path) -> None:
    """`facts add` with two new facts adds both and confirms each."""
    file = tmp_path / "facts.yaml"
    file.write_text(yaml.safe_dump([_fact("honda-ev-goal-2025"), _fact("honda-ev-goal-2026")]), encoding="utf-8")
    result = run("facts", "add", str(file), db=db_path)
    assert result.returncode == 0, result.stderr
    assert "added `honda-ev-goal-2025` (version 1)" in result.stdout
    assert "added `honda-ev-goal-2026` (version 1)" in result.stdout


def _adminrole(role: dict[str, Any]) -> list[dict[str, Any]]:
    option = {"name": "role", "type": 8, "value": role["id"]}
    return [{"name": "settings", "type": 2, "options": [{"name": "adminrole", "type": 1, "options": [option]}]}]


@pytest.mark.parametrize("which", ["everyone", "managed"])
async def test_adminrole_refuses_everyone_and_managed_roles(double: DiscordDouble, db_path: Path, which: str) -> None:
    """Naming @everyone or a bot's role as admin role is refused privately; before, every member could curate."""
    from tests.bot.conftest import running_bot

    guild = double.add_guild(roles=("SomeBot",))
    role = (
        double.role(guild, "@everyone") if which == "everyone" else {**double.role(guild, "SomeBot"), "managed": True}
    )
    async with running_bot(double, db_path) as running:
        set_role = await double.slash(
            "curate", _adminrole(role), guild=guild, admin=True, resolved={"roles": {role["id"]: role}}
        )
        refused = await double.reply_to(set_role)
        assert refused.data["flags"] & 64
        assert "pick a role people are given, not @everyone or a bot's role" in refused.text
        assert (await running.bot.service.settings(int(guild["id"]))).admin_role_id is None
        note = curate("edit", id="honda-ceo", field="note", value="by anyone")
        outsider = await double.reply_to(await double.slash("curate", note, guild=guild))
        assert "not allowed" in outsider.text


async def test_rollback_to_the_current_version_says_so(double: DiscordDouble, db_path: Path) -> None:
    """/curate rollback to the current version says "already at version 1" privately; before, a no-op 'rolled back'."""
    from tests.bot.conftest import running_bot

    async with running_bot(double, db_path) as running:
        before = dump(db_path)
        rollback = curate("rollback", id="honda-ceo", version=1)
        reply = await double.reply_to(await double.slash("curate", rollback, guild=running.guild, admin=True))
        assert reply.data["flags"] & 64 and "already at version 1" in reply.text
        assert dump(db_path) == before
