"""The fact store on real SQLite files: migrations, seeding, versions, import and export."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from knowledge.models import Fact, Pack, Status
from knowledge.packs import PackError, builtin_packs
from knowledge.store import FactStore, StaleVersion, StoreError, UnknownFact, migrations


def dump(path: Path) -> list[str]:
    """Every row of the database as SQL text, to compare states byte for byte."""
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


async def test_new_database_is_migrated_wal_and_seeded(store: FactStore) -> None:
    """First use creates the schema at the latest version, in WAL mode, with the pack loaded."""
    assert await store.schema_version() == migrations()[-1][0]
    async with store.backend.db.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"
    records = await store.records()
    assert any(r.fact.id == "honda-sales-fy2023" for r in records)
    assert all(r.version == 1 and r.changed_by == "pack" for r in records)


async def test_seeding_again_changes_nothing(store: FactStore, db_path: Path) -> None:
    """Seeding is idempotent: a second run (even a forced one) writes no new versions."""
    before = dump(db_path)
    assert await store.seed() is None
    report = await store.import_pack(builtin_packs()[1], "pack")
    assert report.added == [] and report.changed == []
    assert dump(db_path) == before


async def test_reopening_keeps_everything(db_path: Path) -> None:
    """Data survives closing and reopening the file."""
    async with FactStore(db_path) as store:
        await store.seed()
        count = len(await store.records())
    async with FactStore(db_path) as store:
        assert await store.seed() is None
        assert len(await store.records()) == count


async def test_save_keeps_every_version(store: FactStore) -> None:
    """An edit adds a version; history returns all of them, oldest first, with who and why."""
    record = await store.record("honda-sales-fy2023")
    edited = record.fact.model_copy(update={"statement": "Honda sold 4.1 million cars."})
    saved = await store.save_fact(edited, actor="user:1", reason="wording", expected_version=record.version)
    assert saved.version == 2
    history = await store.history("honda-sales-fy2023")
    assert [h.version for h in history] == [1, 2]
    assert history[0].fact.statement != history[1].fact.statement
    assert (history[1].changed_by, history[1].reason) == ("user:1", "wording")


async def test_stale_edit_is_refused_and_names_who_changed_it(store: FactStore) -> None:
    """Two edits from the same starting version: the second is refused and nothing is overwritten."""
    record = await store.record("honda-ceo")
    first = record.fact.model_copy(update={"note": "first editor"})
    second = record.fact.model_copy(update={"note": "second editor"})
    await store.save_fact(first, actor="alice", expected_version=record.version)
    with pytest.raises(StaleVersion, match="alice"):
        await store.save_fact(second, actor="bob", expected_version=record.version)
    assert (await store.record("honda-ceo")).fact.note == "first editor"


async def test_unknown_fact_id(store: FactStore) -> None:
    """Asking for a fact that does not exist raises UnknownFact with the id."""
    with pytest.raises(UnknownFact, match="no-such-fact"):
        await store.record("no-such-fact")
    with pytest.raises(UnknownFact):
        await store.history("no-such-fact")


async def test_export_import_round_trip_is_lossless(store: FactStore, tmp_path: Path) -> None:
    """Exporting and importing into a fresh database reproduces every fact and source exactly."""
    exported = await store.export_pack()
    async with FactStore(tmp_path / "copy.sqlite3") as copy:
        report = await copy.import_pack(Pack.model_validate(exported.model_dump(mode="json")), "test")
        assert len(report.added) == len(exported.facts)
        again = await copy.export_pack()
    assert again.facts == exported.facts
    assert again.entities == exported.entities and again.blocs == exported.blocs


async def test_bad_import_changes_nothing(store: FactStore, db_path: Path) -> None:
    """An import with one dangling reference is refused whole, naming the row; the file is unchanged."""
    good = Fact.model_validate(
        {
            "id": "new-fact",
            "subject": "honda",
            "predicate": "goal",
            "value": {"kind": "text", "text": "x y"},
            "statement": "A new goal.",
            "sources": [{"publisher": "P", "quote": "a quote"}],
        }
    )
    bad = good.model_copy(update={"id": "bad-fact", "subject": "nobody"})
    before = dump(db_path)
    with pytest.raises(PackError, match=r"facts\[1\] \(bad-fact\): unknown entity or bloc 'nobody'"):
        await store.import_pack(Pack(id="t", title="t", facts=(good, bad)), "test")
    assert dump(db_path) == before


async def test_dry_run_reports_and_changes_nothing(store: FactStore, db_path: Path) -> None:
    """A preview lists what would change and leaves the database as it was."""
    record = await store.record("honda-ceo")
    changed = record.fact.model_copy(update={"status": Status.SUPERSEDED})
    before = dump(db_path)
    report = await store.preview_import(Pack(id="t", title="t", facts=(changed,)), "test")
    assert report.changed == ["honda-ceo"]
    assert dump(db_path) == before


async def test_pack_upgrade_keeps_a_curators_correction(store: FactStore) -> None:
    """Reseeding never overwrites a fact someone edited after the pack loaded it."""
    record = await store.record("honda-ceo")
    await store.save_fact(record.fact.model_copy(update={"note": "curated"}), actor="owner")
    pack = builtin_packs()[1]
    report = await store.import_pack(pack, "pack", keep_local_edits=True)
    assert "honda-ceo" in report.skipped
    assert (await store.record("honda-ceo")).fact.note == "curated"


async def test_a_newer_schema_is_refused(db_path: Path) -> None:
    """A database from a newer factbot is not touched: the error says to upgrade."""
    with sqlite3.connect(db_path) as db:
        db.execute("PRAGMA user_version = 999")
    with pytest.raises(StoreError, match="upgrade factbot"):
        async with FactStore(db_path):
            pass


async def test_a_file_that_is_not_a_database_is_refused(db_path: Path) -> None:
    """A corrupt or foreign file gives a StoreError naming the path, not a traceback."""
    db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=str(db_path)):
        async with FactStore(db_path):
            pass


async def test_retired_facts_leave_the_knowledge(store: FactStore) -> None:
    """A retired fact stays in history but is not in the knowledge the matcher sees."""
    record = await store.record("honda-ceo")
    await store.save_fact(record.fact.model_copy(update={"status": Status.RETIRED}), actor="owner")
    knowledge = await store.knowledge()
    assert "honda-ceo" not in {f.id for f in knowledge.facts}
    assert len(await store.history("honda-ceo")) == 2
