"""Translations of the slash commands (data files), and the discord.py translator that serves them."""

from __future__ import annotations

from functools import cache
from importlib import resources

import discord
import yaml
from discord import app_commands

NAME_LOCATIONS = frozenset(
    {
        app_commands.TranslationContextLocation.command_name,
        app_commands.TranslationContextLocation.group_name,
        app_commands.TranslationContextLocation.parameter_name,
    }
)


@cache
def table(language: str) -> dict[str, dict[str, str]]:
    """The names and descriptions of one language file (`ja.yaml`)."""
    data = yaml.safe_load((resources.files("bot") / "locales" / f"{language}.yaml").read_text(encoding="utf-8"))
    return {"names": dict(data.get("names") or {}), "descriptions": dict(data.get("descriptions") or {})}


LOCALES: dict[discord.Locale, str] = {discord.Locale.japanese: "ja"}
"""Discord locales with a translation file."""


class Translator(app_commands.Translator):
    """Japanese slash command names and descriptions for Discord clients set to Japanese."""

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        """The text in the client's language, or None to keep the English."""
        language = LOCALES.get(locale)
        if language is None:
            return None
        kind = "names" if context.location in NAME_LOCATIONS else "descriptions"
        return table(language)[kind].get(string.message)
