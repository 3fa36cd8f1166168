"""Shards split across processes: two `factbot run` processes, one PostgreSQL, one Discord double.

Each process runs one of two shards; Discord (the double) sends each server's events to its shard
only. An owner's base edit made in a server on shard 0 must be answered in a server on shard 1
within a second, and every question must get exactly one reply.
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
from pathlib import Path
from typing import Any

from tests.bot.test_admin import curate
from tests.bot.test_run import TOKEN, _env, _factbot, _output
from tests.discord_double import DiscordDouble

SHARDS = 2


def _one_guild_per_shard(double: DiscordDouble) -> dict[int, dict[str, Any]]:
    """Servers until each shard has one (Discord's rule: shard = (server id >> 22) % shard count)."""
    guilds: dict[int, dict[str, Any]] = {}
    while len(guilds) < SHARDS:
        guild = double.add_guild(f"server {len(double.guilds)}")
        shard = (int(guild["id"]) >> 22) % SHARDS
        if shard in guilds:
            del double.guilds[guild["id"]]
        else:
            guilds[shard] = guild
    return guilds


def _replies(double: DiscordDouble, channel_id: str) -> list[str]:
    return [s.text for s in double.sent if s.kind == "message" and s.channel_id == channel_id]


async def _ask(double: DiscordDouble, guild: dict[str, Any], question: str) -> str:
    channel = double.channel(guild, "general")["id"]
    before = len(_replies(double, channel))
    await double.message(question, guild=guild, mention_bot=True)
    await double.wait_for(lambda: len(_replies(double, channel)) > before, timeout=10)
    return _replies(double, channel)[before]


async def test_two_processes_split_the_shards_and_share_every_edit(
    double: DiscordDouble, tmp_path: Path, pg_url: str
) -> None:
    """Shard 0 and shard 1 in two processes: one syncs commands, each server gets one reply, and a
    base edit made through shard 0 is answered through shard 1 within a second."""
    double.token = TOKEN
    guilds = _one_guild_per_shard(double)
    procs = []
    for shard in range(SHARDS):
        folder = tmp_path / f"shard{shard}"
        folder.mkdir()
        env = _env(
            double,
            folder,
            FACTBOT_DATABASE_URL=pg_url,
            FACTBOT_SHARD_COUNT=str(SHARDS),
            FACTBOT_SHARD_IDS=str(shard),
            FACTBOT_DEV_GUILD_ID=guilds[0]["id"],
            FACTBOT_LOG_LEVEL="INFO",
        )
        procs.append((folder, await _factbot("run", env=env, cwd=folder)))
    try:
        for folder, _ in procs:
            await double.wait_for(lambda folder=folder: (folder / "alive").exists(), timeout=60)
        shards = sorted(tuple(p["shard"]) for p in double.identify_payloads)
        assert shards == [(0, SHARDS), (1, SHARDS)]
        presence = {p["shard"][0]: json.dumps(p.get("presence")) for p in double.identify_payloads}
        assert "shard 1 of 2" in presence[1] and "shard 0 of 2" in presence[0]
        syncs = [path for method, path in double.requests if method == "PUT" and path.endswith("/commands")]
        assert len(syncs) == 1, "only the process running shard 0 syncs the command tree"

        for guild in guilds.values():
            assert "4.1 million" in await _ask(double, guild, "honda sales")

        edit = curate("edit", id="honda-sales-fy2023", field="value", value="4.4 million", where="base")
        done = await double.reply_to(await double.slash("curate", edit, guild=guilds[0], user=double.owner), 10)
        assert "Edited" in done.text
        started = time.monotonic()
        answer = ""
        while time.monotonic() - started < 5 and "4.4 million" not in answer:
            answer = await _ask(double, guilds[1], "honda sales")
            if "4.4 million" not in answer:
                await asyncio.sleep(0.05)
        elapsed = time.monotonic() - started
        assert "4.4 million" in answer
        assert elapsed < 1.0, f"the edit reached the other process in {elapsed:.2f} s"

        for guild in guilds.values():
            channel = double.channel(guild, "general")["id"]
            before = len(_replies(double, channel))
            await double.message("how much of nissan does mitsubishi own", guild=guild, mention_bot=True)
            await asyncio.sleep(1.0)
            assert len(_replies(double, channel)) == before + 1, "exactly one reply per question"

        # One user asking in both servers (so through both processes) shares one reply budget: 5 per 30 s.
        chatty = double.user("chatty")
        counts = {shard: len(_replies(double, double.channel(g, "general")["id"])) for shard, g in guilds.items()}
        for _ in range(4):
            for guild in guilds.values():
                await double.message("honda sales", guild=guild, author=chatty, mention_bot=True)
        await asyncio.sleep(1.5)
        answered = sum(
            len(_replies(double, double.channel(g, "general")["id"])) - counts[shard] for shard, g in guilds.items()
        )
        assert answered == 5, f"{answered} replies: the budget must hold across processes"
    finally:
        for _, proc in procs:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        for _, proc in procs:
            await asyncio.wait_for(proc.wait(), timeout=20)
    for folder, proc in procs:
        log = _output(folder, "run")
        assert proc.returncode == 0, log[-3000:]
        assert "Traceback" not in log, log[-3000:]
