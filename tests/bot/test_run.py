"""`factbot run` as an operator starts it: a real process pointed at the local Discord double."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

from tests.discord_double import DiscordDouble

TOKEN = "FAKE.test-token.never-log-me"


def _env(double: DiscordDouble, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTBOT_", "DISCORD_"))}
    env.update(
        DISCORD_TOKEN=TOKEN,
        FACTBOT_DB=str(tmp_path / "run.sqlite3"),
        FACTBOT_DISCORD_API_BASE=double.api_base,
        FACTBOT_DISCORD_GATEWAY_URL=double.gateway_url,
        FACTBOT_LOG_LEVEL="DEBUG",
        FACTBOT_HEALTH_FILE=str(tmp_path / "alive"),
    )
    env.update(extra)
    return env


async def _factbot(*args: str, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    # Output goes to a file: a pipe nobody reads until the end fills up and blocks the bot's logging.
    log = (cwd / f"{args[0]}.log").open("ab")
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *args, env=env, cwd=cwd, stdout=log, stderr=log
        )
    finally:
        log.close()


def _output(cwd: Path, command: str) -> str:
    return (cwd / f"{command}.log").read_text(encoding="utf-8", errors="replace")


async def test_run_logs_in_syncs_answers_and_stops_cleanly(double: DiscordDouble, tmp_path: Path) -> None:
    """With the endpoint settings, `factbot run` logs in, syncs to the dev server, answers, and exits 0 on SIGTERM."""
    double.token = TOKEN
    guild = double.add_guild()
    env = _env(double, tmp_path, FACTBOT_DEV_GUILD_ID=guild["id"])
    proc = await _factbot("run", env=env, cwd=tmp_path)
    try:
        await double.wait_for(lambda: any("/guilds/" in path for path in double.synced), timeout=30)
        await double.wait_for(lambda: bool(double.identify_payloads), timeout=10)
        await double.wait_for(lambda: (tmp_path / "alive").exists(), timeout=10)
        await double.message("how much of nissan does mitsubishi own", guild=guild, mention_bot=True)
        reply = await double.wait_for_sent(lambda s: s.kind == "message", timeout=15)
        assert "34%" in reply.text
        assert (await (await _factbot("health", env=env, cwd=tmp_path)).wait()) == 0
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), timeout=15)
    log = _output(tmp_path, "run")
    assert proc.returncode == 0, log[-2000:]
    assert "stopped cleanly" in log
    assert TOKEN not in log, "the token must never be logged"
    assert not (tmp_path / "alive").exists()
    assert (await (await _factbot("health", env=env, cwd=tmp_path)).wait()) == 1


async def _fails(double: DiscordDouble, tmp_path: Path, expected: str, **extra: str) -> None:
    proc = await _factbot("run", env=_env(double, tmp_path, **extra), cwd=tmp_path)
    await asyncio.wait_for(proc.wait(), timeout=30)
    output = _output(tmp_path, "run")
    assert proc.returncode == 1, output[-2000:]
    errors = [line for line in output.splitlines() if line.startswith("factbot: error:")]
    assert len(errors) == 1 and expected in errors[0]
    assert "Traceback" not in output
    assert TOKEN not in output


async def test_run_without_a_token_says_what_to_do(double: DiscordDouble, tmp_path: Path) -> None:
    """No token: one sentence pointing at DISCORD_TOKEN, exit 1."""
    await _fails(double, tmp_path, "set DISCORD_TOKEN", DISCORD_TOKEN="")


async def test_run_with_a_rejected_token_says_what_to_do(double: DiscordDouble, tmp_path: Path) -> None:
    """A token Discord rejects (401): one sentence saying to reset it, exit 1."""
    double.token = "a-different-token"
    await _fails(double, tmp_path, "Reset Token")


async def test_run_without_the_message_content_intent_says_what_to_do(double: DiscordDouble, tmp_path: Path) -> None:
    """Close code 4014: one sentence naming the Message Content intent, exit 1."""
    double.token = TOKEN
    double.close_after_identify = 4014
    await _fails(double, tmp_path, "Message Content intent")


def _closed_port() -> socket.socket:
    """A local port that refuses connections: bound, so nothing else takes it, but not listening."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


def _unreachable(sock: socket.socket, tries: int, backoff: float) -> dict[str, str]:
    return {
        "FACTBOT_DISCORD_API_BASE": f"http://127.0.0.1:{sock.getsockname()[1]}/api/v10",
        "FACTBOT_CONNECT_TRIES": str(tries),
        "FACTBOT_CONNECT_BACKOFF": str(backoff),
    }


async def _wait_for_output(cwd: Path, command: str, text: str, timeout: float = 15) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while text not in _output(cwd, command):
        assert loop.time() < deadline, f"{text!r} never appeared: {_output(cwd, command)[-2000:]}"
        await asyncio.sleep(0.05)


async def test_run_when_discord_is_unreachable_retries_then_says_so(double: DiscordDouble, tmp_path: Path) -> None:
    """Connection refused: a one-line warning per retry, then one sentence and exit 1, never a traceback."""
    with _closed_port() as sock:
        await _fails(double, tmp_path, "Could not reach Discord", **_unreachable(sock, tries=3, backoff=0.05))
    output = _output(tmp_path, "run")
    assert output.count("trying again in") == 2
    assert "after 3 tries" in output


async def test_run_when_the_gateway_is_unreachable_says_so(double: DiscordDouble, tmp_path: Path) -> None:
    """REST answers but the gateway refuses: the same one sentence, naming the gateway URL."""
    double.token = TOKEN
    with _closed_port() as sock:
        gateway = f"ws://127.0.0.1:{sock.getsockname()[1]}/gateway"
        await _fails(
            double,
            tmp_path,
            f"Could not reach Discord at {gateway} after 2 tries",
            FACTBOT_DISCORD_GATEWAY_URL=gateway,
            FACTBOT_CONNECT_TRIES="2",
            FACTBOT_CONNECT_BACKOFF="0.05",
        )


async def test_run_connects_once_discord_is_back(double: DiscordDouble, tmp_path: Path) -> None:
    """A refused first try is retried, and the bot logs in and connects when Discord answers again."""
    double.token = TOKEN

    async def forward(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", double.port)

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer), return_exceptions=True)

    with _closed_port() as sock:
        proc = await _factbot(
            "run", env=_env(double, tmp_path, **_unreachable(sock, tries=5, backoff=0.5)), cwd=tmp_path
        )
        try:
            await _wait_for_output(tmp_path, "run", "trying again in")
            server = await asyncio.start_server(forward, sock=sock)  # Discord is back, on the same address
            async with server:
                await double.wait_for(lambda: bool(double.identify_payloads), timeout=15)
                await double.wait_for(lambda: (tmp_path / "alive").exists(), timeout=10)
                proc.send_signal(signal.SIGTERM)
                await asyncio.wait_for(proc.wait(), timeout=15)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    output = _output(tmp_path, "run")
    assert proc.returncode == 0, output[-2000:]
    assert "stopped cleanly" in output
    assert "Traceback" not in output


async def test_run_stops_at_once_when_told_to_while_waiting_to_retry(double: DiscordDouble, tmp_path: Path) -> None:
    """SIGTERM during the wait before the next try exits 0 at once instead of sitting out the backoff."""
    with _closed_port() as sock:
        proc = await _factbot(
            "run", env=_env(double, tmp_path, **_unreachable(sock, tries=5, backoff=30)), cwd=tmp_path
        )
        await _wait_for_output(tmp_path, "run", "trying again in 30 s")
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), timeout=5)
    assert proc.returncode == 0, _output(tmp_path, "run")[-2000:]
    assert "stopped cleanly" in _output(tmp_path, "run")


async def test_sync_when_discord_is_unreachable_says_so(double: DiscordDouble, tmp_path: Path) -> None:
    """`factbot sync` is a one-off: one sentence and exit 1, no traceback."""
    with _closed_port() as sock:
        proc = await _factbot(
            "sync", env=_env(double, tmp_path, **_unreachable(sock, tries=5, backoff=30)), cwd=tmp_path
        )
        await asyncio.wait_for(proc.wait(), timeout=15)
    output = _output(tmp_path, "sync")
    assert proc.returncode == 1, output[-2000:]
    errors = [line for line in output.splitlines() if line.startswith("factbot: error:")]
    assert len(errors) == 1 and "Could not reach Discord" in errors[0]
    assert "Traceback" not in output
