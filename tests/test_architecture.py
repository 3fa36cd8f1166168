"""The two layers keep their direction: the domain never imports discord."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_knowledge_never_imports_discord() -> None:
    """Importing every knowledge module loads neither discord nor matplotlib."""
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "knowledge").rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(n for n in ('discord', 'matplotlib') if n in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


def test_the_cli_path_does_not_load_discord() -> None:
    """`factbot ask` starts without importing discord.py (it is only needed for `run` and `sync`)."""
    code = "import sys, bot.cli; print('discord' in sys.modules, 'matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False False"


def test_the_adapters_never_hold_the_store() -> None:
    """The CLI and the cogs go through the service: the backend is chosen in one place (FactService.open)."""
    for path in (ROOT / "bot").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "FactStore" not in text, f"{path.relative_to(ROOT)} reaches past the service to the store"
        assert ".store." not in text and "knowledge.store." not in text, path
