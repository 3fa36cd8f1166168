"""docker-compose.yml runs factbot on PostgreSQL as two processes splitting the shards (no Docker engine needed)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOTS = ("bot-0", "bot-1")
PROCESSES = ("migrate", *BOTS)
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")


@cache
def compose() -> dict[str, Any]:
    """The compose file as Compose reads it (YAML anchors and merge keys resolved)."""
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def service(name: str) -> dict[str, Any]:
    """One service's definition."""
    services = compose()["services"]
    assert name in services, f"no service {name!r}"
    return services[name]


def unset(text: str) -> str:
    """Compose's `${VAR:-default}` interpolation with no variable set: each default in place."""
    return INTERPOLATION.sub(lambda m: m.group(2) or "", text)


def environment(name: str) -> dict[str, str]:
    """A service's environment as a mapping, from either of Compose's forms."""
    env = service(name).get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def depends_on(name: str) -> dict[str, str]:
    """Each service this one waits for, with the condition (a plain list means service_started)."""
    deps = service(name).get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {dep: spec.get("condition", "service_started") for dep, spec in deps.items()}


def shard_ids(name: str) -> list[int]:
    """The FACTBOT_SHARD_IDS a bot runs, as numbers."""
    return [int(part) for part in environment(name)["FACTBOT_SHARD_IDS"].split(",")]


def test_the_services_are_postgres_migrate_and_two_bots() -> None:
    """Exactly four services: postgres, the one-shot migrate, bot-0 and bot-1."""
    assert set(compose()["services"]) == {"postgres", *PROCESSES}


def test_the_bots_split_shards_zero_and_one_of_a_count_of_two() -> None:
    """Both bots say there are 2 shards; bot-0 runs shard 0, bot-1 shard 1: each shard in exactly one process."""
    assert {environment(bot)["FACTBOT_SHARD_COUNT"] for bot in BOTS} == {"2"}
    assert [shard_ids(bot) for bot in BOTS] == [[0], [1]]
    assert sorted(i for bot in BOTS for i in shard_ids(bot)) == list(range(2))


def test_every_process_uses_the_same_database_on_the_postgres_service() -> None:
    """migrate and both bots share one postgresql:// URL whose host, user, database and password are postgres's."""
    urls = {environment(name)["FACTBOT_DATABASE_URL"] for name in PROCESSES}
    assert len(urls) == 1
    url = urlsplit(unset(urls.pop()))
    pg = environment("postgres")
    assert url.scheme == "postgresql"
    assert url.hostname == "postgres"
    assert url.port == 5432
    assert url.username == pg["POSTGRES_USER"]
    assert url.path == "/" + pg["POSTGRES_DB"]
    assert url.password == unset(pg["POSTGRES_PASSWORD"])


def test_the_database_password_comes_from_the_environment() -> None:
    """POSTGRES_PASSWORD is ${POSTGRES_PASSWORD:-…} (a default for local use only) in postgres and in the URL."""
    password = environment("postgres")["POSTGRES_PASSWORD"]
    assert re.fullmatch(r"\$\{POSTGRES_PASSWORD(:-[^}]*)?\}", password)
    for name in PROCESSES:
        assert password in environment(name)["FACTBOT_DATABASE_URL"]


def test_postgres_is_15_with_its_data_on_a_named_volume() -> None:
    """postgres:15 keeps /var/lib/postgresql/data on a volume declared at the top level."""
    pg = service("postgres")
    assert pg["image"] == "postgres:15"
    volume, _, target = pg["volumes"][0].partition(":")
    assert target == "/var/lib/postgresql/data"
    assert volume in (compose().get("volumes") or {})


def test_postgres_has_a_pg_isready_healthcheck_for_its_own_user_and_database() -> None:
    """The healthcheck runs pg_isready for the user and database the bots connect as."""
    test = service("postgres")["healthcheck"]["test"]
    words = test if isinstance(test, list) else test.split()
    assert "pg_isready" in words
    pg = environment("postgres")
    assert words[words.index("-U") + 1] == pg["POSTGRES_USER"]
    assert words[words.index("-d") + 1] == pg["POSTGRES_DB"]


def test_migrate_upgrades_the_schema_once_postgres_is_healthy() -> None:
    """migrate runs `factbot db upgrade` after postgres is healthy, and is never restarted."""
    migrate = service("migrate")
    assert migrate["command"] == ["factbot", "db", "upgrade"]
    assert depends_on("migrate") == {"postgres": "service_healthy"}
    assert migrate["restart"] == "no"


@pytest.mark.parametrize("bot", BOTS, ids=BOTS)
def test_a_bot_starts_after_migrate_has_succeeded(bot: str) -> None:
    """Each bot waits for migrate to exit 0 and for postgres to be healthy."""
    assert depends_on(bot) == {"migrate": "service_completed_successfully", "postgres": "service_healthy"}


@pytest.mark.parametrize("name", PROCESSES, ids=PROCESSES)
def test_factbot_services_run_the_repo_image_as_it_ships(name: str) -> None:
    """Built from the repo's Dockerfile, with no entrypoint or user override: the image's uid 10001 and
    `factbot run` (bots) apply, and the bots keep the image's HEALTHCHECK."""
    spec = service(name)
    build = spec["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    assert (ROOT / context / "Dockerfile").is_file()
    assert not {"entrypoint", "user"} & set(spec)
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "USER 10001:10001" in dockerfile
    if name in BOTS:
        assert "command" not in spec
        assert "healthcheck" not in spec
        assert 'CMD ["factbot", "run"]' in dockerfile


@pytest.mark.parametrize("bot", BOTS, ids=BOTS)
def test_the_token_comes_only_from_the_env_file(bot: str) -> None:
    """The bots read DISCORD_TOKEN from .env; their environment in the compose file never sets it."""
    env_file = service(bot)["env_file"]
    assert ".env" in ([env_file] if isinstance(env_file, str) else env_file)
    assert "DISCORD_TOKEN" not in environment(bot)
