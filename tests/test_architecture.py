"""The two layers keep their direction: the domain never imports discord."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_knowledge_never_imports_discord() -> None:
    """Importing every knowledge module loads neither discord nor matplotlib."""
    modules = sorted(p.stem for p in (ROOT / "knowledge").glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module('knowledge.' + m)\n"
        "print(sorted(n for n in ('discord', 'matplotlib') if n in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


def test_the_cli_path_does_not_load_discord() -> None:
    """`factbot ask` starts without importing discord.py (it is only needed for `run` and `sync`)."""
    code = "import sys, bot.cli; print('discord' in sys.modules, 'matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False False"
