"""Another process's change to the base reaches this process's index: an edit or a retirement is
applied fact by fact (the index is not rebuilt from every stored fact, which takes 15 s at 100,000
facts), anything more is a rebuild, and either way the next answer is the new one."""

from __future__ import annotations

from pathlib import Path

from knowledge.models import Status
from knowledge.service import FactService
from knowledge.store import BASE, FactStore


async def running(db: Path) -> FactService:
    """A bot's service: indexes built, change marks read."""
    store = FactStore(db)
    await store.open()
    await store.seed()
    service = FactService(store)
    await service.start()
    return service


async def test_an_edit_elsewhere_is_applied_without_a_rebuild(db_path: Path) -> None:
    bot = await running(db_path)
    index = bot.answerer().index
    async with FactService.open(db_path) as cli:
        await cli.edit("honda-sales-fy2023", "value", "4.2 million", "owner", "restated", BASE)
        await cli.set_status("nissan-sales-fy2023", Status.RETIRED, "owner", "withdrawn", BASE)
    assert await bot.catch_up() == {BASE}
    assert bot.answerer().index is index, "applied fact by fact, not rebuilt"
    assert "4.2 million" in bot.answerer().ask("honda sales").answer
    assert "nissan-sales-fy2023" not in index.facts
    await bot.store.close()


async def test_a_server_that_changed_the_fact_keeps_its_value(db_path: Path) -> None:
    """The base's edit from elsewhere reaches a server's layer through the base, and a server that
    kept its own value keeps it."""
    bot = await running(db_path)
    await bot.edit("honda-sales-fy2023", "value", "4.0 million", "user:1", "our figure", "55")
    async with FactService.open(db_path) as cli:
        await cli.edit("honda-sales-fy2023", "value", "4.2 million", "owner", "restated", BASE)
        await cli.edit("nissan-sales-fy2023", "value", "3.5 million", "owner", "restated", BASE)
    await bot.catch_up()
    assert "sales volume: 4 million" in bot.answerer("55").ask("honda sales").answer
    assert "3.5 million" in bot.answerer("55").ask("nissan sales").answer
    assert "4.2 million" in bot.answerer().ask("honda sales").answer
    await bot.store.close()


async def test_a_change_to_names_elsewhere_rebuilds(db_path: Path) -> None:
    bot = await running(db_path)
    index = bot.answerer().index
    async with FactService.open(db_path) as cli:
        await cli.add_alias("honda", "the tokyo maker", "owner", BASE)
    await bot.catch_up()
    assert bot.answerer().index is not index, "a new name is not applied fact by fact"
    assert "Honda" in bot.answerer().ask("the tokyo maker sales").answer
    await bot.store.close()


async def test_a_process_too_far_behind_rebuilds(db_path: Path) -> None:
    """Changes no longer logged (or a database from before the log) mean a rebuild, never a miss."""
    bot = await running(db_path)
    index = bot.answerer().index
    async with FactService.open(db_path) as cli:
        await cli.edit("honda-sales-fy2023", "value", "4.2 million", "owner", "restated", BASE)
        async with cli.store.transaction() as db:
            await db.execute("DELETE FROM change_log")
    await bot.catch_up()
    assert bot.answerer().index is not index
    assert "4.2 million" in bot.answerer().ask("honda sales").answer
    await bot.store.close()
