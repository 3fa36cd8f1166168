"""Edits between processes on PostgreSQL: how long until another process answers with an edit.

A writer process saves a fact N times (as `factbot facts edit` or another shard's curator would);
this process runs the same FactService and watcher a bot process runs and notes when its index first
answers with each new value. Both clocks are the machine's wall clock. Also: ask latency through
discord.py and the double with the store on PostgreSQL, to compare with SQLite's.

    python -m benchmarks.propagation      # needs PostgreSQL's initdb/pg_ctl (see tests/postgres.py)
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from typing import Any

import asyncpg

from benchmarks import e2e
from knowledge.service import FactService
from tests.postgres import PostgresServer, why_unavailable

FACT = "honda-sales-fy2023"
WRITER = f"""
import asyncio, sys, time
from knowledge.store import FactStore
from knowledge.models import Fact

async def main(url, n, gap):
    async with FactStore(url) as store:
        for i in range(n):
            record = await store.record({FACT!r})
            value = {{**record.fact.value.model_dump(), "amount": 1_000_000 + i}}
            fact = Fact.model_validate({{**record.fact.model_dump(), "value": value}})
            await store.save_fact(fact, "bench", expected_version=record.version)
            print(i, time.time(), flush=True)
            await asyncio.sleep(gap)

asyncio.run(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))
"""


def _quantiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


async def _propagation(url: str, edits: int, gap: float) -> dict[str, Any]:
    seen: dict[int, float] = {}
    async with FactService.open(url) as service:
        await service.start()
        watcher = asyncio.create_task(service.watch())
        writer = await asyncio.create_subprocess_exec(
            sys.executable, "-c", WRITER, url, str(edits), str(gap), stdout=asyncio.subprocess.PIPE
        )
        try:
            deadline = time.monotonic() + edits * gap + 30
            while len(seen) < edits and time.monotonic() < deadline:
                fact = service.answerer().index.facts.get(FACT)
                amount = int(getattr(fact.value, "amount", 0)) if fact else 0
                if amount >= 1_000_000 and amount - 1_000_000 not in seen:
                    seen[amount - 1_000_000] = time.time()
                await asyncio.sleep(0.001)
            out, _ = await writer.communicate()
        finally:
            watcher.cancel()
    committed = {int(i): float(t) for i, t in (line.split() for line in out.decode().splitlines())}
    delays = [seen[i] - committed[i] for i in committed if i in seen]
    p50, p99 = _quantiles(delays)
    return {
        "edits": edits,
        "seen": len(delays),
        "p50_ms": round(p50 * 1000, 1),
        "p99_ms": round(p99 * 1000, 1),
        "max_ms": round(max(delays) * 1000, 1),
    }


async def measure(edits: int = 200, gap: float = 0.05, asks: int = 300) -> dict[str, Any]:
    """Start a throwaway PostgreSQL, measure propagation and ask latency on it and on SQLite."""
    reason = why_unavailable()
    if reason is not None:
        return {"skipped": reason}
    server = PostgresServer()
    server.init()
    server.start()
    try:
        admin = await asyncpg.connect(server.url())
        for name in ("propagation", "asks"):
            await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        result = {"propagation": await _propagation(server.url("propagation"), edits, gap)}
        on_postgres = await e2e.measure(n=asks, flood=500, database=server.url("asks"))
        on_sqlite = await e2e.measure(n=asks, flood=500)
        result["ask_postgres"] = {k: on_postgres[k] for k in ("message_p50_ms", "message_p99_ms", "messages_per_s")}
        result["ask_sqlite"] = {k: on_sqlite[k] for k in ("message_p50_ms", "message_p99_ms", "messages_per_s")}
        return result
    finally:
        server.remove()


def report(result: dict[str, Any]) -> str:
    """Lines for the benchmark table."""
    if "skipped" in result:
        return f"PostgreSQL: skipped ({result['skipped']})"
    p, pg, sq = result["propagation"], result["ask_postgres"], result["ask_sqlite"]
    return "\n".join(
        [
            f"PostgreSQL: an edit in one process answered by another: p50 {p['p50_ms']:.1f} ms, "
            f"p99 {p['p99_ms']:.1f} ms, max {p['max_ms']:.1f} ms ({p['seen']}/{p['edits']} edits; goal p99 < 100 ms)",
            f"  channel question → reply on PostgreSQL: p50 {pg['message_p50_ms']:.2f} ms, "
            f"p99 {pg['message_p99_ms']:.2f} ms, {pg['messages_per_s']:,.0f}/s",
            f"  the same on SQLite:                    p50 {sq['message_p50_ms']:.2f} ms, "
            f"p99 {sq['message_p99_ms']:.2f} ms, {sq['messages_per_s']:,.0f}/s",
        ]
    )


if __name__ == "__main__":
    figures = asyncio.run(measure())
    print(report(figures))
    print(json.dumps(figures))
