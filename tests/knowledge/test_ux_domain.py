"""What users notice in the domain: curated text cannot pose as a link; an import cannot undo a newer edit."""

from __future__ import annotations

import pytest

from knowledge.answers import Answerer
from knowledge.matcher import Knowledge
from knowledge.models import Pack, Source
from knowledge.store import FactStore, StaleImport

LINK = "[click](https://evil.example)"


async def test_masked_links_in_curated_text_are_shown_not_rendered(store: FactStore) -> None:
    """A statement, note or quote holding `[click](https://…)` shows its brackets; the source's url stays a link."""
    knowledge = await store.knowledge()
    ceo = (await store.record("honda-ceo")).fact
    source = Source(publisher="Wire", url="https://wire.example/ceo", quote=f"Mibe runs it, {LINK}")
    fact = ceo.model_copy(
        update={"statement": f"Honda's CEO is Mibe {LINK}.", "note": f"see {LINK}", "sources": (source,)}
    )
    answerer = Answerer.from_knowledge(Knowledge(knowledge.entities, knowledge.blocs, [fact], knowledge.relations))
    text = answerer.answer_fact("honda-ceo").answer
    assert LINK not in text
    assert text.count(r"\[click\]\(https://evil.example\)") == 3, "statement, note and quote are all escaped"
    assert "Wire <https://wire.example/ceo>" in text


async def test_applying_an_import_refuses_facts_edited_since_the_preview(store: FactStore) -> None:
    """Apply after someone else's edit is refused, naming the fact, its new version and editor; nothing changes."""
    ceo = (await store.record("honda-ceo", "7")).fact
    pack = Pack(id="p", title="P", facts=(ceo.model_copy(update={"note": "from the file"}),))
    preview = await store.preview_import(pack, "user:1", "7")
    assert preview.changed == ["honda-ceo"] and preview.versions == {"honda-ceo": 1}
    await store.save_fact(ceo.model_copy(update={"note": "by B"}), "user:2", "fix", "7", 1)
    with pytest.raises(StaleImport, match=r"changed since your preview: honda-ceo \(now version 2 by user:2\)"):
        await store.import_pack(pack, "user:1", "7", expected_versions=preview.versions)
    assert (await store.record("honda-ceo", "7")).fact.note == "by B"
