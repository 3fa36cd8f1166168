"""The Discord token never appears in logs, reprs or error messages."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.config import Settings

TOKEN = "MTIz.secret-token-value.do-not-print"


def test_settings_never_show_the_token() -> None:
    """repr, str, model_dump and the JSON dump all mask the token."""
    settings = Settings(_env_file=None, discord_token=TOKEN)  # type: ignore[call-arg]
    for text in (repr(settings), str(settings), str(settings.model_dump()), settings.model_dump_json()):
        assert TOKEN not in text


def test_a_bad_setting_error_does_not_echo_the_token(tmp_path: Path) -> None:
    """A configuration error names the bad setting, and never prints the token beside it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTBOT_", "DISCORD_"))}
    env.update(DISCORD_TOKEN=TOKEN, FACTBOT_MATCH_THRESHOLD="lots", FACTBOT_LOG_LEVEL="DEBUG")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "honda sales", "--db", str(tmp_path / "x.sqlite3")],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2 and "match_threshold" in result.stderr
    assert TOKEN not in result.stdout + result.stderr


async def test_a_rejected_login_logs_no_token(caplog: Any, tmp_path: Path) -> None:
    """A 401 at login is logged and reported without the token (with discord.py's own debug logs on)."""
    from bot.runner import run
    from tests.discord_double import DiscordDouble

    double = DiscordDouble()
    await double.start()
    double.token = "something-else"
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, discord_token=TOKEN, db=tmp_path / "t.sqlite3",
        discord_api_base=double.api_base, discord_gateway_url=double.gateway_url,
    )  # fmt: skip
    try:
        with caplog.at_level(logging.DEBUG):
            assert await run(settings) == 1
    finally:
        from bot.client import use_endpoints

        use_endpoints(None, None)
        await double.stop()
    assert "Reset Token" in caplog.text and TOKEN not in caplog.text
