"""The store's contract, run on both backends: a SQLite file in tmp_path and a real PostgreSQL database.

Every behaviour the bot and the CLI rely on (versions, layers, stale edits, imports all or nothing,
relations, aliases, channels, gaps, settings, change marks between processes) must hold on each.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge.models import Entity, Fact, GuildSettings, Pack, Status
from knowledge.packs import PackError
from knowledge.store import (
    BASE,
    CHANNELS_KEY,
    AliasError,
    FactExists,
    FactStore,
    StaleImport,
    StaleRelation,
    StaleVersion,
    StoreError,
    UnknownFact,
    UnknownVersion,
    migrations,
)
from knowledge.store.core import COPIED_TABLES

GUILD = "4242"


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for each backend."""
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'contract.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
async def store(location: str) -> AsyncIterator[FactStore]:
    async with FactStore(location) as store:
        await store.seed()
        yield store


async def snapshot(store: FactStore) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to show that something changed nothing."""
    out = {}
    for table, columns in COPIED_TABLES.items():
        rows = await store.backend.reader.fetch(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608
        out[table] = sorted(rows, key=repr)
    return out


def fact(fact_id: str, value: str = "5%", subject: str = "honda") -> Fact:
    return Fact.model_validate(
        {
            "id": fact_id,
            "subject": subject,
            "predicate": "stake_in",
            "object": "nissan",
            "value": {"kind": "percent", "amount": float(value.rstrip("%"))},
            "statement": f"Honda owns {value} of Nissan.",
            "as_of": "2024-12",
            "sources": [{"publisher": "Contract test", "url": "https://example.com/c", "quote": f"owns {value}"}],
        }
    )


async def test_fresh_database_is_migrated_and_seeded(store: FactStore) -> None:
    """A new database gets every migration and the shipped pack, answering from the first start."""
    assert await store.schema_version() == migrations()[-1][0]
    assert any(r.fact.id == "honda-sales-fy2023" for r in await store.records())
    assert await store.seed() is None  # a second seed writes nothing


async def test_reopening_migrates_nothing_and_keeps_everything(location: str) -> None:
    """Closing and reopening keeps the data; migrations already applied are not applied again."""
    async with FactStore(location) as store:
        await store.seed()
        await store.add_fact(fact("honda-nissan-stake-test"), "user:1")
        before = await snapshot(store)
    async with FactStore(location) as store:
        assert await store.seed() is None
        assert await snapshot(store) == before


async def test_versions_history_and_rollback(store: FactStore) -> None:
    """Edits add versions with who and why; a rollback is a new version; unknown ones are refused."""
    await store.add_fact(fact("t-stake"), "user:1", "new")
    await store.save_fact(fact("t-stake", "6%"), "user:2", "corrected", expected_version=1)
    history = await store.history("t-stake")
    assert [(r.version, r.changed_by, r.reason) for r in history] == [(1, "user:1", "new"), (2, "user:2", "corrected")]
    rolled = await store.rollback("t-stake", 1, "user:3")
    assert (rolled.version, rolled.fact.value) == (3, fact("t-stake").value)
    with pytest.raises(UnknownVersion, match="has no version 9"):
        await store.rollback("t-stake", 9, "user:3")
    with pytest.raises(UnknownFact):
        await store.record("no-such-fact")


async def test_stale_edit_and_taken_id_are_refused(store: FactStore) -> None:
    """An edit from an old version names who saved the newer one; adding a taken id is refused."""
    await store.add_fact(fact("t-stake"), "user:1")
    await store.save_fact(fact("t-stake", "6%"), "user:2", expected_version=1)
    with pytest.raises(StaleVersion, match="version 2 was saved by user:2"):
        await store.save_fact(fact("t-stake", "7%"), "user:3", expected_version=1)
    with pytest.raises(FactExists):
        await store.add_fact(fact("t-stake"), "user:3")


async def test_adding_several_is_all_or_nothing(store: FactStore) -> None:
    """One invalid fact in a batch and none of the batch is added."""
    before = await snapshot(store)
    with pytest.raises(PackError, match="unknown entity"):
        await store.add_facts([fact("t-a"), fact("t-b", subject="no-such-entity")], "user:1")
    assert await snapshot(store) == before


async def test_server_layer_copies_on_write(store: FactStore) -> None:
    """A server's edit to a base fact stays in its layer; the base and other servers keep the original."""
    base = await store.record("honda-sales-fy2023")
    changed = base.fact.model_copy(update={"note": "server note"})
    saved = await store.save_fact(changed, "user:1", scope=GUILD, expected_version=base.version)
    assert saved.scope == GUILD and saved.version == base.version + 1
    assert (await store.record("honda-sales-fy2023")).fact.note == base.fact.note
    assert (await store.record("honda-sales-fy2023", GUILD)).fact.note == "server note"
    assert (await store.record("honda-sales-fy2023", "999")).fact.note == base.fact.note
    assert [r.version for r in await store.history("honda-sales-fy2023", GUILD)] == [1, 2]
    assert GUILD in await store.scopes()


async def test_import_is_all_or_nothing_and_checks_the_preview(store: FactStore) -> None:
    """A bad pack changes nothing; a preview changes nothing; an import whose facts moved since its
    preview is refused whole."""
    before = await snapshot(store)
    bad = Pack(id="bad", title="bad", facts=(fact("t-ok"), fact("t-bad", subject="nobody")))
    with pytest.raises(PackError):
        await store.import_pack(bad, "user:1")
    good = Pack(id="good", title="good", facts=(fact("t-ok"),))
    preview = await store.preview_import(good, "user:1")
    assert preview.added == ["t-ok"]
    assert await snapshot(store) == before
    await store.add_fact(fact("t-ok", "9%"), "user:2")
    with pytest.raises(StaleImport, match="t-ok"):
        await store.import_pack(good, "user:1", expected_versions=preview.versions)
    report = await store.import_pack(good, "user:1")
    assert report.changed == ["t-ok"]


async def test_relations_are_versioned_per_scope(store: FactStore) -> None:
    """A server's relation edit is its own; a stale relation edit is refused."""
    record = await store.relation("stake_in")
    assert record is not None
    cues = {**record.relation.cues, "ownership slice": 1.0}
    edited = type(record.relation).model_validate({**record.relation.model_dump(), "cues": cues})
    saved = await store.save_relation(edited, "user:1", scope=GUILD, expected_version=record.version)
    assert saved.version == record.version + 1
    assert "ownership slice" not in (await store.relation("stake_in")).relation.cues  # type: ignore[union-attr]
    with pytest.raises(StaleRelation):
        await store.save_relation(edited, "user:2", scope=GUILD, expected_version=record.version)
    assert [r.version for r in await store.relation_history("stake_in", GUILD)][-1] == saved.version


async def test_aliases_are_checked_in_the_transaction(store: FactStore) -> None:
    """A new name is saved; one that names another entity is refused; removing an unknown alias too."""
    entity = await store.add_entity_alias("honda", "Honda Giken", GUILD)
    assert entity is not None and "Honda Giken" in entity.aliases
    with pytest.raises(AliasError, match="already names"):
        await store.add_entity_alias("honda", "Nissan", GUILD)
    with pytest.raises(AliasError, match="not an alias"):
        await store.remove_entity_alias("honda", "Nope", GUILD)
    assert await store.add_entity_alias("no-such-entity", "x", GUILD) is None


async def test_retired_ids_autocomplete_escapes_wildcards(store: FactStore) -> None:
    """Typed text is matched literally: '%' and '_' are not wildcards."""
    await store.add_fact(fact("t-old").model_copy(update={"status": Status.RETIRED}), "user:1")
    assert await store.retired_ids(BASE, "old") == ["t-old"]
    assert await store.retired_ids(BASE, "%") == []
    assert await store.retired_ids(BASE, "t_old") == []


async def test_channels_gaps_and_settings(store: FactStore) -> None:
    """Answer channels switch; the gap log counts, prunes and forgets; settings round-trip."""
    assert await store.set_answer_channel(1, 2, True, "user:1")
    assert not await store.set_answer_channel(1, 2, True, "user:1")
    assert await store.answer_channels() == {1: {2}}
    for _ in range(3):
        await store.record_gap(1, "who runs toyota", "toyota-ceo")
    gaps = await store.gaps(1)
    assert [(g.question, g.asked) for g in gaps] == [("who runs toyota", 3)]
    assert await store.forget_gaps(1) == 1
    settings = GuildSettings(guild_id=1, gaps_enabled=False, admin_role_id=77, mod_log_channel_id=88)
    await store.save_guild_settings(settings)
    assert await store.guild_settings(1) == settings
    assert await store.guild_settings(2) == GuildSettings(guild_id=2)


async def test_change_marks_tell_other_processes_what_changed(location: str) -> None:
    """A write in one connection moves its scope's mark for the other; the writer's own marks are caught up."""
    async with FactStore(location) as writer, FactStore(location) as reader:
        await writer.seed()
        reader.seen_marks = await reader.change_marks()
        writer.seen_marks = await writer.change_marks()
        await writer.add_fact(fact("t-mark"), "user:1", scope=GUILD)
        await writer.set_answer_channel(1, 2, True, "user:1")
        now = await reader.change_marks()
        moved = {k for k, v in now.items() if reader.seen_marks.get(k) != v}
        assert moved == {GUILD, CHANNELS_KEY}
        assert writer.seen_marks == now  # its own writes need no reload
        before = await reader.change_marks()
        await writer.save_fact(fact("t-mark"), "user:1", scope=GUILD)  # the same fact again: nothing written
        assert await reader.change_marks() == before


async def test_concurrent_writers_never_lose_an_update(location: str) -> None:
    """Two connections editing one fact from the same version: exactly one wins, the other is told."""
    async with FactStore(location) as one, FactStore(location) as two:
        await one.seed()
        await one.add_fact(fact("t-race"), "user:0")
        results = await asyncio.gather(
            *(
                store.save_fact(fact("t-race", f"{i + 10}%"), f"user:{i}", expected_version=1)
                for i, store in enumerate([one, two, one, two])
            ),
            return_exceptions=True,
        )
        assert sum(not isinstance(r, BaseException) for r in results) == 1
        assert all(isinstance(r, StaleVersion) for r in results if isinstance(r, BaseException))
        assert [r.version for r in await one.history("t-race")] == [1, 2]


async def test_a_newer_schema_is_refused(location: str) -> None:
    """A database migrated by a newer factbot is refused with what to do, not misread."""
    async with FactStore(location) as store:
        steps = [*migrations(), (9999, "9999_future.sql", "CREATE TABLE future_thing (x INTEGER);")]
        await store.backend.migrate(steps)
    with pytest.raises(StoreError, match="newer than this factbot understands"):
        async with FactStore(location):
            pass


async def test_entities_round_trip(store: FactStore) -> None:
    """A saved entity reads back equal, in its scope only."""
    entity = Entity.model_validate({"id": "acme", "name": "Acme Motors", "kind": "company", "aliases": ["Acme"]})
    await store.save_entity(entity, GUILD)
    assert await store.entity("acme", GUILD) == entity
    assert await store.entity("acme") is None


async def test_reply_budget_is_shared_by_every_connection(location: str) -> None:
    """A user's replies are counted in the database: two processes together allow `rate` per window."""
    async with FactStore(location) as one, FactStore(location) as two:
        spent = [await store.spend_reply(7, rate=3, per=0.5) for store in (one, two, one, two)]
        assert spent[:3] == [None, None, None]
        assert spent[3] is not None and 0 < spent[3] <= 0.5
        assert await one.spend_reply(8, rate=3, per=0.5) is None, "another user has a budget of their own"
        await asyncio.sleep(0.6)
        assert await two.spend_reply(7, rate=3, per=0.5) is None, "a new window starts afresh"


async def test_a_review_step_is_saved_once(store: FactStore) -> None:
    """Two curators deciding on the same candidate: one step is saved, the other is told; expired
    reviews are gone."""
    from datetime import UTC, datetime, timedelta

    from knowledge.review import Candidate, Review

    now = datetime.now(UTC)
    review = Review(
        id="abc123",
        scope=GUILD,
        created_by="user:1",
        created_at=now,
        expires_at=now + timedelta(hours=24),
        source="story.md",
        candidates=(Candidate(row={"subject": "Nissan"}, figure="9,000 jobs"),) * 2,
    )
    await store.save_review(review)
    assert await store.review(GUILD, "abc123") == review
    assert await store.review("999", "abc123") is None, "another server never sees it"
    results = await asyncio.gather(store.step_review(review.after(), 0), store.step_review(review.after("x"), 0))
    assert sorted(results) == [False, True]
    old = review.model_copy(update={"id": "old123", "expires_at": now - timedelta(seconds=1)})
    await store.save_review(old)
    assert await store.review(GUILD, "old123") is None
    assert [r.id for r in await store.open_reviews(GUILD)] == ["abc123"]


async def test_an_older_export_never_reverts_a_later_edit(store: FactStore, location: str) -> None:
    """Importing an export back refuses the facts changed since it was taken, naming them; the
    same file imports into a fresh database, and an edit made in the file itself goes in."""
    exported = await store.export_pack()
    record = await store.record("honda-sales-fy2023")
    changed = record.fact.model_copy(update={"note": "restated after the export"})
    await store.save_fact(changed, "user:2", expected_version=record.version)
    before = await snapshot(store)
    with pytest.raises(StaleImport, match=r"since this export was taken: honda-sales-fy2023 \(now version 2"):
        await store.import_pack(exported, "user:1")
    assert await snapshot(store) == before
    other = exported.model_copy(update={"facts": tuple(f for f in exported.facts if f.id != "honda-sales-fy2023")})
    assert (await store.import_pack(other, "user:1")).changed == []


async def test_a_server_copy_keeps_only_the_fields_it_changed(store: FactStore) -> None:
    """The server changes the note; the base then changes the value: the server sees both, and the
    store says which fields that server keeps."""
    record = await store.record("honda-sales-fy2023")
    await store.save_fact(record.fact.model_copy(update={"note": "ours"}), "user:1", scope=GUILD)
    value = record.fact.value.model_copy(update={"amount": 4_400_000.0})
    await store.save_fact(record.fact.model_copy(update={"value": value}), "owner", expected_version=record.version)
    seen = (await store.record("honda-sales-fy2023", GUILD)).fact
    assert (seen.note, seen.value) == ("ours", value)
    assert [r.fact for r in await store.records(GUILD) if r.fact.id == "honda-sales-fy2023"] == [seen]
    assert await store.layers_of("honda-sales-fy2023") == {GUILD: ["note"]}
