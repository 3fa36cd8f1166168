"""Run every benchmark, print a table against the targets, and write benchmarks/results/latest.json.

    python -m benchmarks.run            # all sizes: 100, 1,000, 10,000, 100,000 facts (about 3 minutes)
    python -m benchmarks.run --quick    # up to 10,000 facts

Never part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import drafting, e2e, generality, looplag, propagation, startup, store_scale

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
SIZES = (100, 1_000, 10_000, 100_000)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines() if ln.startswith("model name")), cpu
        )
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def scaling(sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    """One subprocess per size, so each memory figure starts clean."""
    rows = []
    for size in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.matcher_scaling", "--size", str(size)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        rows.append(json.loads(out.stdout))
        print(f"  measured {rows[-1]['facts']:,} facts", file=sys.stderr)
    return rows


def report(results: dict[str, Any]) -> str:
    """The human-readable table."""
    lines = [f"factbot benchmarks, {results['machine']['date']}, {results['machine']['cpu']} "
             f"({results['machine']['cores']} cores), Python {results['machine']['python']}", ""]  # fmt: skip
    lines.append("Matcher scaling (per question, in process) vs the extractOne/token_set_ratio baseline")
    lines.append(
        f"{'facts':>8} {'build s':>8} {'RSS MB':>7} {'index MB':>9} {'p50 µs':>8} {'p99 µs':>8} {'acc':>6} | "
        f"{'base p50':>9} {'base p99':>9} {'base acc':>8} | {'speed×':>7} {'update ms':>9}"
    )
    for r in results["scaling"]:
        lines.append(
            f"{r['facts']:>8,} {r['build_s']:>8.2f} {r['rss_mb']:>7.0f} {r['index_mb']:>9.0f} {r['p50_us']:>8.0f} "
            f"{r['p99_us']:>8.0f} {r['accuracy']:>6.1%} | {r['baseline_p50_us']:>9.0f} {r['baseline_p99_us']:>9.0f} "
            f"{r['baseline_accuracy']:>8.1%} | {r['baseline_p50_us'] / r['p50_us']:>7.1f} {r['update_ms']:>9.2f}"
        )
    e, s = results["e2e"], results["startup"]
    lines += [
        "",
        "End to end through discord.py and the local double (one process, one core)",
        f"  message-create → reply POST  p50 {e['message_p50_ms']:.2f} ms  p99 {e['message_p99_ms']:.2f} ms",
        f"  /ask → interaction callback  p50 {e['slash_p50_ms']:.2f} ms  p99 {e['slash_p99_ms']:.2f} ms",
        f"  autocomplete → choices       p50 {e['autocomplete_p50_ms']:.2f} ms  p99 {e['autocomplete_p99_ms']:.2f} ms",
        f"  sustained                    {e['messages_per_s']:,.0f} messages/s",
        "",
        "Start-up",
        f"  factbot ask (existing db)    {s['ask_cold_s']:.2f} s, peak RSS {s['ask_peak_rss_mb']:.0f} MB "
        f"(first run, creating the db: {s['ask_first_run_s']:.2f} s)",
        f"  factbot run → ready          {s['run_ready_s']:.2f} s, idle RSS {s['run_idle_rss_mb']:.0f} MB",
        f"  imports: CLI {s['import_cli_ms']:.0f} ms, bot {s['import_bot_ms']:.0f} ms, matplotlib (lazy) "
        f"{s['import_matplotlib_ms']:.0f} ms; matplotlib loaded at start-up: "
        f"{'yes' if s['matplotlib_loaded_by_bot'] or s['matplotlib_loaded_by_cli'] else 'no'}",
    ]
    if "drafting" in results:
        d = results["drafting"]
        lines += ["", f"Drafting a {d['words']:,}-word article (warm, in process): {d['seconds'] * 1000:.0f} ms "
                  f"(goal < 1 s), {d['candidates']} candidates"]  # fmt: skip
    if "looplag" in results:
        lines += ["", *looplag.report(results["looplag"]).splitlines()]
    if "store_scale" in results:
        lines += ["", *store_scale.report(results["store_scale"]).splitlines()]
    if "postgres" in results:
        lines += ["", *propagation.report(results["postgres"]).splitlines()]
    if "generality" in results:
        lines += ["", "Generality: every in-repo question set (wrong = answered with the wrong fact, or not declined)"]
        lines += ["  " + line for line in generality.report(results["generality"]).splitlines()]
    return "\n".join(lines)


def main() -> int:
    """Measure, print, save."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="stop at 10,000 facts")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    results = {
        "machine": machine(),
        "scaling": scaling(SIZES[:3] if args.quick else SIZES),
        "e2e": asyncio.run(e2e.measure()),
        "startup": startup.measure(),
        "generality": generality.measure(),
        "drafting": drafting.measure(),
        "looplag": asyncio.run(looplag.measure(20_000 if args.quick else 100_000)),
        "postgres": asyncio.run(propagation.measure()),
        "store_scale": asyncio.run(store_scale.measure(20_000 if args.quick else 100_000)),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
