"""The knowledge as the adapters use it: the store plus one ready answerer per scope."""

from __future__ import annotations

import asyncio
import logging

from knowledge.answers import Answerer
from knowledge.matcher import DEFAULT_THRESHOLD
from knowledge.store import BASE, FactStore

log = logging.getLogger(__name__)


class FactService:
    """Owns the store and the in-memory indexes; adapters ask it, never the store, for answers."""

    def __init__(self, store: FactStore, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.store = store
        self.threshold = threshold
        self._answerers: dict[str, Answerer] = {}
        self._lock = asyncio.Lock()
        self.answer_channels: dict[int, set[int]] = {}

    async def start(self) -> None:
        """Seed on first use, build the base index, and load the channel settings."""
        await self.store.seed()
        self._answerers[BASE] = await self._build(BASE)
        self.answer_channels = await self.store.answer_channels()

    async def _build(self, scope: str) -> Answerer:
        knowledge = await self.store.knowledge(scope)
        log.debug("built the index for scope %r: %d facts", scope or "base", len(knowledge.facts))
        return Answerer.from_knowledge(knowledge, threshold=self.threshold)

    def answerer(self, scope: str = BASE) -> Answerer:
        """The answerer for a scope (a server id) or the base; servers without a layer share the base."""
        return self._answerers.get(scope) or self._answerers[BASE]

    async def reload(self, scope: str = BASE) -> Answerer:
        """Rebuild one scope's index from the store (after an import, say)."""
        async with self._lock:
            answerer = await self._build(scope)
            self._answerers[scope] = answerer
            return answerer

    def is_answer_channel(self, guild_id: int, channel_id: int) -> bool:
        """True when a server's admins switched answering on in this channel."""
        return channel_id in self.answer_channels.get(guild_id, set())

    async def set_answer_channel(self, guild_id: int, channel_id: int, enabled: bool, actor: str) -> bool:
        """Persist a channel switch, then update the in-memory set used on every message."""
        changed = await self.store.set_answer_channel(guild_id, channel_id, enabled, actor)
        channels = self.answer_channels.setdefault(guild_id, set())
        if enabled:
            channels.add(channel_id)
        else:
            channels.discard(channel_id)
        return changed
