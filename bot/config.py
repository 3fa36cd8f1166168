"""Settings from the environment and `.env` (pydantic-settings); built in `main()`, never at import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from platformdirs import user_cache_path, user_data_path
from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

if TYPE_CHECKING:
    from knowledge.snapshot import Snapshots

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def default_db_path() -> Path:
    """The per-user data directory, e.g. ~/.local/share/factbot/factbot.sqlite3 on Linux."""
    return user_data_path("factbot", appauthor=False) / "factbot.sqlite3"


class Settings(BaseSettings):
    """Every setting factbot reads. Names are the environment variables (see .env.example)."""

    # An empty value (`FACTBOT_DB=` as .env.example has it) means the default, never "": an empty path is
    # the current directory. env_ignore_empty lets an empty variable fall through to .env, which is how
    # the Docker image keeps its /data path when `docker run --env-file` passes FACTBOT_DB= through.
    model_config = SettingsConfigDict(
        env_prefix="FACTBOT_", env_file=".env", env_file_encoding="utf-8", env_ignore_empty=True, extra="ignore"
    )

    discord_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DISCORD_TOKEN", "FACTBOT_DISCORD_TOKEN")
    )
    db: Path = Field(default_factory=default_db_path)
    database_url: str | None = Field(
        default=None,
        description="sqlite:///path or postgresql://user:pass@host:port/db; FACTBOT_DB is the SQLite path otherwise.",
    )
    shard_count: int | None = Field(default=None, ge=1, le=10_000, description="Total shards across processes.")
    shard_ids: Annotated[tuple[int, ...] | None, NoDecode] = None
    owner_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    dev_guild_id: int | None = None
    log_level: str | None = Field(default=None, description="Default: INFO for the bot, WARNING for the CLI.")
    match_threshold: float = Field(default=70.0, ge=0, le=100)
    health_file: Path | None = None
    index_cache: str | None = Field(
        default=None,
        description="Directory for snapshots of the base index (default: the user cache directory); 'off': none.",
    )
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    connect_tries: int = Field(default=5, ge=1, le=100, description="Tries to reach Discord at start-up.")
    connect_backoff: float = Field(
        default=2.0, gt=0, le=60, description="Seconds before the second try; doubled each time, at most 60."
    )

    @model_validator(mode="before")
    @classmethod
    def _blank_is_default(cls, values: object) -> object:
        # Covers what env_ignore_empty does not: whitespace-only values, and blanks passed to the constructor.
        if isinstance(values, dict):
            return {k: v for k, v in values.items() if not (isinstance(v, str) and not v.strip())}
        return values

    @field_validator("owner_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            for part in parts:
                if not part.isdigit():
                    raise ValueError(f"{part!r} is not a Discord user id (digits only, comma-separated)")
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("sqlite:", "postgresql://", "postgres://")):
            raise ValueError("must start with sqlite:///, postgresql:// or postgres://")
        return value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _split_shards(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            for part in parts:
                if not part.isdigit():
                    raise ValueError(f"{part!r} is not a shard number (digits only, comma-separated, like 0,1)")
            return tuple(sorted({int(p) for p in parts}))
        return value

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("FACTBOT_SHARD_IDS needs FACTBOT_SHARD_COUNT (the total across every process)")
            if not self.shard_ids:
                raise ValueError("FACTBOT_SHARD_IDS is empty: name at least one shard, like 0")
            too_big = [i for i in self.shard_ids if i >= self.shard_count]
            if too_big:
                raise ValueError(
                    f"FACTBOT_SHARD_IDS {too_big} is not below FACTBOT_SHARD_COUNT {self.shard_count} "
                    "(shards count from 0)"
                )
        return self

    @property
    def database(self) -> str:
        """Where the facts live: FACTBOT_DATABASE_URL, else the SQLite file FACTBOT_DB."""
        return self.database_url or str(self.db)

    def snapshots(self) -> Snapshots | None:
        """Where the base index is saved for a quick start (FACTBOT_INDEX_CACHE), or None when off."""
        from knowledge.snapshot import Snapshots  # the matcher loads only for those who answer

        if self.index_cache is not None and self.index_cache.strip().casefold() == "off":
            return None
        directory = Path(self.index_cache) if self.index_cache else user_cache_path("factbot", appauthor=False)
        return Snapshots(directory / "index")

    @property
    def syncs_commands(self) -> bool:
        """Whether this process syncs the command tree: only the one running shard 0 (or all shards)."""
        return self.shard_ids is None or 0 in self.shard_ids

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str | None) -> str | None:
        if value is None:
            return None
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("discord_api_base")
    @classmethod
    def _api_base(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError(
                "must be an http:// or https:// URL including the API version, like https://discord.com/api/v10"
            )
        return value.rstrip("/")

    @field_validator("discord_gateway_url")
    @classmethod
    def _gateway(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("ws://", "wss://")):
            raise ValueError("must be a ws:// or wss:// URL")
        return value
