"""The reliability suite reuses the bot fixtures: the real client against the local Discord double."""

from tests.bot.conftest import double, running  # noqa: F401
