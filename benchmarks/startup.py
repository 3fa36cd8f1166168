"""Start-up: `factbot ask` cold process time and peak RSS, `factbot run` time to ready and idle RSS,
and import times of the heavy modules (matplotlib must not load until a chart is drawn)."""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.discord_double import DiscordDouble

RUNS = 5


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTBOT_", "DISCORD_"))}
    env.update(extra)
    return env


# A child's ru_maxrss counts the parent's pages it had before exec, so the command runs under a tiny
# wrapper whose own footprint is negligible; the wrapper reports the child's time and peak RSS.
WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one process."""
    out = subprocess.run([sys.executable, "-c", WRAPPER, *args], env=env, capture_output=True, text=True, check=True)
    seconds, max_kb, code = out.stdout.split()
    if code != "0":
        raise RuntimeError(f"{args} failed with {code}")
    return float(seconds), int(max_kb) / 1024


def ask_cold(tmp: Path) -> dict[str, Any]:
    """`factbot ask` as a new process: on a fresh database (create and seed) and on an existing one."""
    cmd = [sys.executable, "-m", "bot", "ask", "How much of Nissan does Mitsubishi own?"]
    first = [_timed([*cmd, "--db", str(tmp / f"fresh{i}.sqlite3")], _env()) for i in range(RUNS)]
    warm = [_timed([*cmd, "--db", str(tmp / "fresh0.sqlite3")], _env()) for _ in range(RUNS)]
    return {
        "ask_first_run_s": round(statistics.median(t for t, _ in first), 3),
        "ask_cold_s": round(statistics.median(t for t, _ in warm), 3),
        "ask_peak_rss_mb": round(max(r for _, r in warm), 1),
    }


async def run_to_ready(tmp: Path) -> dict[str, Any]:
    """`factbot run` against the double: seconds until ready (it touches its health file), and RSS then."""
    double = DiscordDouble()
    await double.start()
    double.add_guild()
    times, rss = [], []
    for i in range(3):
        alive = tmp / f"alive{i}"
        env = _env(
            DISCORD_TOKEN=double.token, FACTBOT_DB=str(tmp / "run.sqlite3"), FACTBOT_HEALTH_FILE=str(alive),
            FACTBOT_DISCORD_API_BASE=double.api_base, FACTBOT_DISCORD_GATEWAY_URL=double.gateway_url,
        )  # fmt: skip
        start = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while not alive.exists():
            await asyncio.sleep(0.005)
        times.append(time.perf_counter() - start)
        await asyncio.sleep(1.0)  # idle a moment, then read its memory
        status = Path(f"/proc/{proc.pid}/status").read_text()
        rss.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)  # type: ignore[union-attr]
        proc.terminate()
        await proc.wait()
    await double.stop()
    return {"run_ready_s": round(statistics.median(times), 3), "run_idle_rss_mb": round(statistics.median(rss), 1)}


def imports() -> dict[str, Any]:
    """Import time (ms, from -X importtime) of the CLI path and the bot path; is matplotlib loaded?"""
    out: dict[str, Any] = {}
    for label, module in (("cli", "bot.cli"), ("bot", "bot.client")):
        cogs = " import bot.cogs.ask, bot.cogs.compare, bot.cogs.admin;" if label == "bot" else ""
        probe = f"import sys, importlib; importlib.import_module('{module}');{cogs} print('matplotlib' in sys.modules)"
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", probe], capture_output=True, text=True, env=_env(), check=True
        )
        # Top-level lines of -X importtime ("| module" with no leading spaces) carry cumulative times.
        top = re.findall(r"import time:\s+\d+ \|\s+(\d+) \| (\S+)", result.stderr)
        out[f"import_{label}_ms"] = round(sum(int(us) for us, _ in top) / 1000, 1)
        out[f"matplotlib_loaded_by_{label}"] = result.stdout.strip() == "True"
    heavy = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import matplotlib.figure"], capture_output=True, text=True,
        env=_env(), check=True,
    )  # fmt: skip
    match = re.search(r"import time:\s+\d+ \|\s+(\d+) \| matplotlib\.figure", heavy.stderr)
    out["import_matplotlib_ms"] = round(int(match.group(1)) / 1000, 1) if match else None
    return out


def measure() -> dict[str, Any]:
    """All start-up figures."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp)
        return {**ask_cold(path), **asyncio.run(run_to_ready(path)), **imports()}


if __name__ == "__main__":
    print(measure())
