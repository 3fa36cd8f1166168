"""Event-loop stalls: the longest the loop goes without running while heavy knowledge work happens.

    python -m benchmarks.looplag [--facts 100000]

A sampler task sleeps 5 ms in a loop and records how late it wakes; the worst lateness is the
longest stall anything else caused. Measured during (1) `/curate import` of a ~5 MB CSV (read,
validated and previewed, then applied) and (2) an index rebuild of every scope (what a write from
another process triggers), on a database of the given size. Goal from the issue: no stall over 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from knowledge.packs import MAX_PACK_BYTES
from knowledge.service import FactService
from knowledge.store import BASE, FactStore

HEADER = "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote\n"
TICK = 0.005


def sheet(rows: int, offset: int = 0) -> str:
    """A facts sheet of `rows` distinct facts about made-up companies."""
    lines = []
    for i in range(offset, offset + rows):
        lines.append(
            f"Company {i},plants closed,,{i % 90 + 1},plants,20{10 + i % 15}-0{1 + i % 9},,"
            f'"Company {i} will close {i % 90 + 1} plants in its restructuring.",Wire,,,'
            f'"Company {i} said it will close {i % 90 + 1} plants as part of its restructuring plan."'
        )
    return HEADER + "\n".join(lines) + "\n"


async def worst_stall(work: Awaitable[Any]) -> tuple[float, float]:
    """(worst loop stall in ms, wall seconds) while `work` runs."""
    worst = 0.0
    done = False

    async def sample() -> None:
        nonlocal worst
        while not done:
            started = time.perf_counter()
            await asyncio.sleep(TICK)
            worst = max(worst, time.perf_counter() - started - TICK)

    sampler = asyncio.create_task(sample())
    started = time.perf_counter()
    await work
    wall = time.perf_counter() - started
    done = True
    await sampler
    return worst * 1000, wall


async def measure(facts: int) -> dict[str, Any]:
    """Stalls during a ~5 MB import and during a rebuild at `facts` facts."""
    with tempfile.TemporaryDirectory() as tmp:
        async with FactStore(Path(tmp) / "lag.sqlite3") as store:
            await store.seed()
            service = FactService(store)
            await service.start()
            per_row = len(sheet(1000, offset=10_000).encode()) / 1000
            rows = int(MAX_PACK_BYTES * 0.9 / per_row)
            text = sheet(rows)

            async def import_big() -> None:
                await service.import_file(text, "big.csv", "bench", BASE, dry_run=True)
                await service.import_file(text, "big.csv", "bench", BASE)

            import_stall, import_s = await worst_stall(import_big())
            done = rows
            while done < facts:  # grow the database to the size asked, a file at a time
                step = min(rows, facts - done)
                await service.import_file(sheet(step, offset=done), "more.csv", "bench", BASE)
                done += step
            rebuild_stall, rebuild_s = await worst_stall(service.reload(BASE))
    return {
        "import_mb": len(text.encode()) / 1e6,
        "import_rows": rows,
        "import_stall_ms": import_stall,
        "import_s": import_s,
        "facts": facts,
        "rebuild_stall_ms": rebuild_stall,
        "rebuild_s": rebuild_s,
    }


def report(r: dict[str, Any]) -> str:
    """Two lines."""
    return (
        f"event-loop stall during a {r['import_mb']:.1f} MB CSV import ({r['import_rows']:,} rows, preview then "
        f"apply, {r['import_s']:.1f} s): worst {r['import_stall_ms']:.0f} ms (goal < 100 ms)\n"
        f"event-loop stall during an index rebuild at {r['facts']:,} facts ({r['rebuild_s']:.1f} s): "
        f"worst {r['rebuild_stall_ms']:.0f} ms (goal < 100 ms)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=int, default=100_000)
    print(report(asyncio.run(measure(parser.parse_args().facts))))
