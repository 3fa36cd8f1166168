"""A bot asked to stop lets the commands already running finish: their replies still arrive."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.bot.conftest import running_bot
from tests.discord_double import DiscordDouble

HEADER = "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote\n"


def big_sheet(rows: int) -> bytes:
    """A facts sheet large enough that reading it takes a while (it is parsed off the event loop)."""
    lines = [
        f'Nissan,plants closed,,{i},plants,2024-11-{1 + i % 28:02d},,"Nissan will close {i} plants.",Wire,,,'
        f'"Nissan will close {i} plants, it said in statement number {i}."'
        for i in range(rows)
    ]
    return (HEADER + "\n".join(lines) + "\n").encode()


async def test_a_stop_during_an_import_preview_still_replies(double: DiscordDouble, db_path: Path) -> None:
    """SIGTERM's close while /curate import is reading a big file: the preview reply is still sent."""
    async with running_bot(double, db_path) as running:
        guild = running.guild
        attachment = double.attach("big.csv", big_sheet(4_000))
        started = await double.slash(
            "curate",
            [{"name": "import", "type": 1, "options": [{"name": "file", "type": 11, "value": attachment["id"]}]}],
            guild=guild,
            admin=True,
            resolved={"attachments": {attachment["id"]: attachment}},
        )
        await double.wait_for(lambda: any(s.interaction_id == started["id"] for s in double.sent), timeout=5)
        await asyncio.sleep(0.05)  # the command is now reading the file
        drained = await running.bot.drain()
        assert drained >= 1, "the import was still running when the bot was asked to stop"
        reply = await double.reply_to(started, timeout=0.5)  # already sent: the drain waited for it
        assert "would change" in reply.text, reply.text[:200]
