"""One per-user budget for every public reply: questions, /status, /fact show and "did you mean" buttons."""

from __future__ import annotations

from tests.bot.conftest import Running


async def test_buttons_and_commands_share_the_question_budget(running: Running) -> None:
    """Five answers spend a user's budget; a button press or /status then gets a private 'slow down'."""
    double, guild = running.double, running.guild
    user = double.user("presser")
    await double.message("Who is Toyota's CEO?", guild=guild, mention_bot=True, author=user)
    decline = await double.wait_for_sent(lambda s: s.kind == "message" and "sourced answer" in s.text)
    for _ in range(4):
        await double.message("honda sales", guild=guild, mention_bot=True, author=user)
    await double.wait_for(lambda: len([s for s in double.sent if "4.1 million" in s.text]) >= 4)
    pressed = await double.press(decline, decline.buttons[0]["custom_id"], guild=guild, user=user)
    refused = await double.reply_to(pressed)
    assert refused.data["flags"] & 64 and "Slow down" in refused.text
    status = await double.slash("status", guild=guild, user=user)
    refused = await double.wait_for_sent(lambda s: s.interaction_id == status["id"])
    assert refused.data["flags"] & 64 and "Slow down" in refused.text


async def test_someone_else_is_not_slowed_by_a_flooder(running: Running) -> None:
    """The budget is per user: another member's /status is answered publicly."""
    double, guild = running.double, running.guild
    flooder = double.user("flooder")
    for _ in range(6):
        await double.message("honda sales", guild=guild, mention_bot=True, author=flooder)
    status = await double.slash("status", guild=guild, user=double.user("calm"))
    reply = await double.wait_for_sent(lambda s: s.interaction_id == status["id"])
    assert not (reply.data.get("flags") or 0) & 64 and "letter of intent" in reply.text
