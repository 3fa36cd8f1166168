"""A database this process may not write: a folder is refused in one sentence, a read-only file is
answered from, and a write says why not and changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.service import FactService
from knowledge.store import FactStore, StoreError


async def test_a_folder_is_refused_with_what_to_do(tmp_path: Path) -> None:
    """FACTBOT_DB pointing at a folder: one sentence naming a file path to use instead."""
    with pytest.raises(StoreError, match=r"it is a folder; give a file path, like .*factbot\.sqlite3"):
        async with FactStore(tmp_path):
            pass


async def test_a_read_only_database_answers_and_refuses_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a user without write access sees it (root ignores file modes, so access is what is faked)."""
    path = tmp_path / "facts.sqlite3"
    async with FactService.open(path):
        pass
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    async with FactService.open(path) as service:
        assert service.store.backend.read_only
        await service.start()
        assert "34%" in service.answerer().ask("how much of nissan does mitsubishi own").answer
        with pytest.raises(StoreError, match="read-only here: nothing changed"):
            await service.edit("honda-sales-fy2023", "value", "4.2 million", "user:1", None, "")
    assert path.read_bytes() == before
