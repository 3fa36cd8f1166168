"""Server layers through Discord: a base correction reaches a server that only added a question,
and a server that keeps its own value is told in its mod log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.bot.conftest import running_bot
from tests.bot.test_admin import ask, curate
from tests.discord_double import DiscordDouble


def modlog(channel_id: str, guild_id: str, channel: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    options = [{"name": "modlog", "type": 1, "options": [{"name": "channel", "type": 7, "value": channel_id}]}]
    resolved = {"channels": {channel_id: {**channel, "guild_id": guild_id, "permissions": "0"}}}
    return [{"name": "settings", "type": 2, "options": options}], resolved


async def test_base_corrections_reach_servers_and_kept_values_are_reported(
    double: DiscordDouble, db_path: Path
) -> None:
    """Server A added a question, server B changed the value: the owner's base correction is what A
    answers (to its own question too), B keeps its value and its mod log says the base changed."""
    server_a, server_b = double.add_guild("A"), double.add_guild("B")
    async with running_bot(double, db_path):
        phrasing = [
            {
                "name": "alias",
                "type": 2,
                "options": [
                    {
                        "name": "add",
                        "type": 1,
                        "options": [
                            {"name": "target", "type": 3, "value": "honda-sales-fy2023"},
                            {"name": "text", "type": 3, "value": "how many cars did honda shift"},
                        ],
                    }
                ],
            }
        ]
        added = await double.reply_to(await double.slash("curate", phrasing, guild=server_a, admin=True))
        assert "now asks for" in added.text
        log_channel = double.channel(server_b, "facts")
        options, resolved = modlog(log_channel["id"], server_b["id"], log_channel)
        await double.reply_to(await double.slash("curate", options, guild=server_b, admin=True, resolved=resolved))
        own = curate("edit", id="honda-sales-fy2023", field="value", value="4.2 million")
        assert "Edited" in (await double.reply_to(await double.slash("curate", own, guild=server_b, admin=True))).text

        base = curate("edit", id="honda-sales-fy2023", field="value", value="4.4 million", where="base")
        done = await double.reply_to(await double.slash("curate", base, guild=server_a, user=double.owner))
        assert "Servers keeping their own value" in done.text and server_b["id"] in done.text
        notice = await double.wait_for_sent(
            lambda s: s.kind == "message" and s.channel_id == log_channel["id"] and "shared base changed" in s.text
        )
        assert "value.amount: 4400000.0 → 4200000.0" in notice.text, notice.text
        assert "4.4 million" in (await ask(double, server_a, "how many cars did honda shift")).text
        assert "4.2 million" in (await ask(double, server_b, "honda sales")).text
