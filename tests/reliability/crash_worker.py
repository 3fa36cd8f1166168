"""A process that edits and imports in a loop, printing "ack" lines after each commit; the crash test
kills it with SIGKILL at random moments.  python -m tests.reliability.crash_worker DB"""

from __future__ import annotations

import asyncio
import sys

from knowledge.models import Fact, Pack
from knowledge.service import FactService
from knowledge.store import FactStore

IMPORT_SIZE = 40


def batch(n: int) -> Pack:
    """An import of IMPORT_SIZE new facts, all tagged with the round number."""
    facts = tuple(
        Fact.model_validate(
            {
                "id": f"crash-{n}-{i}",
                "subject": "honda",
                "predicate": "goal",
                "value": {"kind": "text", "text": f"goal {n}/{i}"},
                "statement": f"Crash test fact {n}/{i}.",
                "sources": [{"publisher": "Crash test", "quote": f"round {n} item {i}"}],
            }
        )
        for i in range(IMPORT_SIZE)
    )
    return Pack(id="crash", title="crash", facts=facts)


def _ack(line: str) -> None:
    # Printed only after the commit returned: the test holds the store to every line it reads.
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def main(db: str) -> None:
    async with FactStore(db) as store:
        await store.seed()
        service = FactService(store)
        n = int((await store.record("honda-sales-fy2023")).fact.value.amount)  # type: ignore[union-attr]
        n = n if n < 1_000_000 else 0
        while True:
            n += 1
            await service.edit("honda-sales-fy2023", "value", str(n), "worker", None, "")
            _ack(f"edit {n}")
            if n % 3 == 0:
                await service.import_pack(batch(n), "worker", "")
                _ack(f"import {n}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
