"""Settings as an operator writes them: `.env.example` copied verbatim, empty values, the Docker image's fallback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent.parent
ENV_EXAMPLE = ROOT / ".env.example"


def _env_name(field: str) -> str:
    return "DISCORD_TOKEN" if field == "discord_token" else f"FACTBOT_{field.upper()}"


def _default(field: str) -> object:
    return Settings.model_fields[field].get_default(call_default_factory=True)


SETTINGS = sorted(Settings.model_fields)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory, no factbot variables, and the per-user data directory inside tmp_path."""
    for name in os.environ:
        if name.startswith(("FACTBOT_", "DISCORD_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTBOT_", "DISCORD_"))}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    return env


def test_env_example_verbatim_gives_every_default(workdir: Path, tmp_path: Path) -> None:
    """`cp .env.example .env` changes nothing: the database goes to the per-user data dir, not the cwd."""
    shutil.copy(ENV_EXAMPLE, workdir / ".env")
    settings = Settings()
    assert settings.db == tmp_path / "data" / "factbot" / "factbot.sqlite3"
    assert settings.health_file is None
    assert all(getattr(settings, field) == _default(field) for field in SETTINGS)


def test_env_example_names_every_setting() -> None:
    """Every setting factbot reads is in .env.example, so the README's `cp .env.example .env` shows them all."""
    names = {line.split("=", 1)[0] for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines() if "=" in line}
    assert {_env_name(field) for field in SETTINGS} <= names


@pytest.mark.parametrize("field", SETTINGS, ids=SETTINGS)
@pytest.mark.parametrize("where", ["dotenv", "environment"])
@pytest.mark.parametrize("blank", ["", "  "], ids=["empty", "spaces"])
def test_an_empty_value_means_the_default(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, field: str, where: str, blank: str
) -> None:
    """NAME= (or only spaces) in .env or in the environment gives that setting's default, never an empty value."""
    if where == "dotenv":
        (workdir / ".env").write_text(f"{_env_name(field)}={blank}\n", encoding="utf-8")
    else:
        monkeypatch.setenv(_env_name(field), blank)
    assert getattr(Settings(), field) == _default(field)


def test_an_empty_variable_leaves_the_env_file_value(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`docker run --env-file` passing FACTBOT_DB= through keeps the image's /data path from the .env in its WORKDIR."""
    (workdir / ".env").write_text("FACTBOT_DB=/data/factbot.sqlite3\nFACTBOT_MATCH_THRESHOLD=80\n", encoding="utf-8")
    monkeypatch.setenv("FACTBOT_DB", "")
    monkeypatch.setenv("FACTBOT_MATCH_THRESHOLD", "")
    settings = Settings()
    assert settings.db == Path("/data/factbot.sqlite3")
    assert settings.match_threshold == 80


def test_a_set_variable_still_wins_over_the_env_file(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A non-empty environment variable overrides .env, as before."""
    (workdir / ".env").write_text("FACTBOT_MATCH_THRESHOLD=80\n", encoding="utf-8")
    monkeypatch.setenv("FACTBOT_MATCH_THRESHOLD", "60")
    assert Settings().match_threshold == 60


@pytest.mark.parametrize(
    ("name", "value"),
    [("FACTBOT_CONNECT_TRIES", "0"), ("FACTBOT_CONNECT_BACKOFF", "0"), ("FACTBOT_CONNECT_BACKOFF", "-1")],
    ids=["no-tries", "no-backoff", "negative-backoff"],
)
def test_connect_settings_refuse_values_that_would_never_connect_or_spin(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    """At least one try, and a positive wait between tries."""
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name.removeprefix("FACTBOT_").lower()):
        Settings()


def test_health_with_env_example_fails_when_no_bot_runs(tmp_path: Path) -> None:
    """.env.example as .env and no bot running: `factbot health` exits non-zero (it used to read the cwd's mtime)."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ENV_EXAMPLE, work / ".env")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "health"], cwd=work, env=_clean_env(tmp_path), capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "FACTBOT_HEALTH_FILE" in done.stderr


def test_ask_with_env_example_answers(tmp_path: Path) -> None:
    """The README's first steps: `cp .env.example .env`, then `factbot ask` answers (it used to open "." as the db)."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ENV_EXAMPLE, work / ".env")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "How much of Nissan does Mitsubishi own?"],
        cwd=work,
        env=_clean_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "34%" in done.stdout
    assert (tmp_path / "data" / "factbot" / "factbot.sqlite3").is_file()
