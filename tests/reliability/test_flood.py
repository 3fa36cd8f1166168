"""A flood of questions from many users in many channels: cooldowns hold, every admitted question is
answered once, and memory stays flat."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cogs.ask import QUESTION_RATE
from tests.bot.conftest import running_bot
from tests.discord_double import DiscordDouble

USERS = 1250
PER_USER = 8  # 10,000 questions; each user is admitted QUESTION_RATE times inside the window
CHANNELS = tuple(f"c{i}" for i in range(10))


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]


@pytest.mark.slow
async def test_flood_of_ten_thousand_questions(double: DiscordDouble, db_path: Path) -> None:
    """10,000 questions from 1,250 users in 10 channels: exactly 5 per user answered, memory flat."""
    guild = double.add_guild(channels=CHANNELS)
    async with running_bot(double, db_path) as running:
        rss = []
        for wave in range(2):  # two waves of fresh users: the second must not grow memory
            users = [double.user(f"w{wave}u{i}") for i in range(USERS // 2)]
            before = len([s for s in double.sent if s.kind == "message"])
            for round_ in range(PER_USER):
                for i, user in enumerate(users):
                    channel = CHANNELS[(i + round_) % len(CHANNELS)]
                    await double.message("honda sales", guild=guild, channel=channel, mention_bot=True, author=user)
            admitted = len(users) * QUESTION_RATE
            await double.wait_for(
                lambda b=before, a=admitted: len([s for s in double.sent if s.kind == "message"]) - b >= a,  # type: ignore[misc]
                timeout=120,
            )
            await double.message("honda ceo", guild=guild, channel=CHANNELS[0], mention_bot=True)  # a sentinel
            await double.wait_for(lambda: any("Mibe" in s.text for s in double.sent[-3:]), timeout=30)
            answered = len([s for s in double.sent if s.kind == "message"]) - before - 1
            assert answered == admitted, "every admitted question answered once, every excess one dropped"
            rss.append(rss_mb())
        assert len(running.bot.cached_messages) <= 500, "the message cache is bounded"
        assert rss[1] - rss[0] < 25, f"memory grew by {rss[1] - rss[0]:.0f} MB over the second wave"
