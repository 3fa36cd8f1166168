"""Slash commands in Japanese: every translated name is one Discord accepts, and they reach the sync."""

from __future__ import annotations

import re

import pytest

from bot.locales import table
from tests.bot.conftest import Running

# Discord's rule for command and option names (checked by Discord only when commands are synced).
NAME = re.compile(r"^[-_\w\u0900-\u097f\u0e00-\u0e7f]{1,32}$")


@pytest.mark.parametrize("name", sorted(table("ja")["names"].values()))
def test_every_japanese_name_is_a_valid_command_name(name: str) -> None:
    """A bad name would make Discord refuse the whole sync: lower case, one word, at most 32 characters."""
    assert NAME.match(name) and name == name.lower()


def test_every_japanese_description_fits() -> None:
    """Descriptions are 1 to 100 characters."""
    assert all(1 <= len(text) <= 100 for text in table("ja")["descriptions"].values())


async def test_the_synced_commands_carry_japanese_names(running: Running) -> None:
    """Discord clients set to Japanese see /質問 and /比較 with Japanese descriptions."""
    synced = [c for commands in running.double.synced.values() for c in commands]
    by_name = {c["name"]: c for c in synced}
    assert by_name["ask"]["name_localizations"]["ja"] == "質問"
    assert by_name["compare"]["name_localizations"]["ja"] == "比較"
    assert "出典" in by_name["ask"]["description_localizations"]["ja"]
