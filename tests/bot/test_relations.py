"""Admins teach the bot new relations and cues, and import spreadsheets, from Discord: live, per server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from knowledge.answers import DECLINE
from tests.bot.conftest import Running, running_bot
from tests.bot.test_admin import ask, curate, dump
from tests.discord_double import DiscordDouble, Sent

CHARGERS = "how many charging stations is nissan building"
PLUGS = "nissan rapid plugs"  # words only the cue added later gives a meaning

FACTS_HEADER = "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote"
FACTS_SHEET = "\n".join(
    [
        FACTS_HEADER,
        "nissan,charging stations,,40,stations,2025-03,current,Nissan will build 40 charging stations.,"
        "Example Wire,2025-03-01,https://example.com/chargers,Nissan plans 40 charging stations",
        "VinFast,employees,,14861,employees,2024-12,current,VinFast had 14861 employees.,"
        "Example Wire,2025-02-20,https://example.com/vinfast,VinFast had 14861 full-time employees",
        "honda,job cuts,,2000,jobs,2025-05,current,Honda will cut 2000 jobs.,"
        "Example Wire,2025-05-01,https://example.com/honda-jobs,Honda will cut 2000 jobs",
    ]
)


def relation(sub: str, **options: Any) -> list[dict[str, Any]]:
    """The option tree of `/curate relation <sub> …` (strings, integers, numbers and booleans)."""
    kinds = {str: 3, int: 4, bool: 5, float: 10}
    opts = [{"name": k, "type": kinds[type(v)], "value": v} for k, v in options.items() if v is not None]
    return [{"name": "relation", "type": 2, "options": [{"name": sub, "type": 1, "options": opts}]}]


async def run(double: DiscordDouble, guild: dict[str, Any], options: list[dict[str, Any]], **kwargs: Any) -> Sent:
    """Run `/curate …` and return the bot's visible reply."""
    return await double.reply_to(await double.slash("curate", options, guild=guild, **kwargs))


async def add_chargers_relation(double: DiscordDouble, guild: dict[str, Any]) -> Sent:
    """/curate relation add "charging stations", a relation no server has; the admin's confirmation."""
    return await run(
        double, guild, relation("add", label="charging stations", cues="chargers built|charging points"), admin=True
    )


async def add_chargers_fact(double: DiscordDouble, guild: dict[str, Any]) -> Sent:
    """/curate add a Nissan charging-stations figure through the form; the admin's confirmation."""
    options = curate("add", subject="nissan", predicate="charging_stations", unit="stations", as_of="2025-03")
    started = await double.slash("curate", options, guild=guild, admin=True)
    modal = await double.wait_for_sent(lambda s: s.interaction_id == started["id"])
    assert modal.payload["type"] == 9, "a modal form opens"
    submitted = await double.submit_modal(
        modal,
        {
            "Value": "40",
            "Statement (one plain sentence)": "Nissan will build 40 charging stations.",
            "Source: publisher, then URL if any": "Example Wire https://example.com/chargers",
            "Quote (the source's exact words)": "Nissan plans 40 charging stations",
        },
        guild=guild,
    )
    return await double.reply_to(submitted)


async def import_file(
    double: DiscordDouble, guild: dict[str, Any], filename: str, text: str, user: dict[str, Any] | None = None
) -> Sent:
    """Attach a file to `/curate import`; the preview or refusal."""
    attachment = double.attach(filename, text.encode())
    options = [{"name": "import", "type": 1, "options": [{"name": "file", "type": 11, "value": attachment["id"]}]}]
    resolved = {"attachments": {attachment["id"]: attachment}}
    return await run(double, guild, options, admin=True, user=user, resolved=resolved)


async def apply(double: DiscordDouble, guild: dict[str, Any], preview: Sent, admin: dict[str, Any]) -> Sent:
    """Press the preview's Apply button as the admin who started the import; the confirmation."""
    button = next(b for b in preview.buttons if b["label"] == "Apply import")
    return await double.reply_to(await double.press(preview, button["custom_id"], guild=guild, user=admin, admin=True))


async def test_a_new_relation_and_cue_answer_the_next_question_without_a_restart(running: Running) -> None:
    """An admin adds a relation, a fact and later a cue; each question after that is answered at once."""
    double, guild = running.double, running.guild
    added = await add_chargers_relation(double, guild)
    assert added.data["flags"] & 64 and "Added relation `charging_stations`" in added.text
    assert "chargers built" in added.text and "charging points" in added.text

    confirmation = await add_chargers_fact(double, guild)
    assert confirmation.data["flags"] & 64 and "Added `nissan-charging-stations-2025-03`" in confirmation.text

    answer = (await ask(double, guild, CHARGERS)).text
    assert "40 stations" in answer
    assert "Example Wire <https://example.com/chargers>" in answer and "Nissan plans 40 charging stations" in answer
    assert "40 stations" in (await ask(double, guild, "nissan chargers built")).text, "a cue from `add` works too"

    before_cue = (await ask(double, guild, PLUGS)).text
    assert DECLINE in before_cue and "40 stations" not in before_cue, "unknown words decline until taught"
    cue = await run(double, guild, relation("cue", relation="charging_stations", text="rapid plugs"), admin=True)
    assert cue.data["flags"] & 64 and "'rapid plugs' added to `charging_stations` (version 2)" in cue.text
    assert "40 stations" in (await ask(double, guild, PLUGS)).text


async def test_removing_a_cue_stops_it_answering(running: Running) -> None:
    """An admin removes a cue; the confirmation reads right and the phrase declines again."""
    double, guild = running.double, running.guild
    await add_chargers_relation(double, guild)
    await add_chargers_fact(double, guild)
    await run(double, guild, relation("cue", relation="charging_stations", text="rapid plugs", weight=0.9), admin=True)
    assert "40 stations" in (await ask(double, guild, PLUGS)).text
    removed = await run(
        double, guild, relation("cue", relation="charging_stations", text="rapid plugs", action="remove"), admin=True
    )
    assert removed.data["flags"] & 64 and "'rapid plugs' removed from `charging_stations`" in removed.text
    assert DECLINE in (await ask(double, guild, PLUGS)).text
    history = await run(double, guild, relation("history", relation="charging_stations"), admin=True)
    assert "v3" in history.text and "removed cue: rapid plugs" in history.text


async def test_a_member_cannot_add_a_relation(running: Running, db_path: Path) -> None:
    """A member without Manage Server is refused, privately, and no relation is created."""
    double, guild = running.double, running.guild
    before = dump(db_path)
    refusal = await run(double, guild, relation("add", label="charging stations", cues="chargers built"), admin=False)
    assert refusal.data["flags"] & 64 and refusal.text == "You are not allowed to do that."
    assert await running.bot.service.store.relation("charging_stations", guild["id"]) is None
    assert running.bot.answerer(int(guild["id"])).index.relation("charging_stations") is None
    assert dump(db_path) == before


async def test_a_relation_added_in_one_server_is_invisible_in_another(double: DiscordDouble, db_path: Path) -> None:
    """Server A's new relation and fact answer in A; in server B the same question declines."""
    server_a, server_b = double.add_guild("A"), double.add_guild("B")
    async with running_bot(double, db_path):
        assert "Added relation" in (await add_chargers_relation(double, server_a)).text
        assert "Added `" in (await add_chargers_fact(double, server_a)).text
        assert "40 stations" in (await ask(double, server_a, CHARGERS)).text
        in_b = (await ask(double, server_b, CHARGERS)).text
        assert "40 stations" not in in_b and DECLINE in in_b
        listing = await run(double, server_b, relation("list"), admin=True)
        assert "`charging_stations`" not in listing.text
        history = await run(double, server_b, relation("history", relation="charging_stations"), admin=True)
        assert "No relation has the id 'charging_stations'" in history.text, "B's admins cannot read A's layer"


async def test_a_server_without_the_relation_declines_charging(running: Running) -> None:
    """Where nobody taught "charging", asking about Nissan charging declines instead of citing its shareholders."""
    answer = (await ask(running.double, running.guild, "nissan charging")).text
    assert DECLINE in answer and "stake in Nissan" not in answer


@pytest.mark.parametrize(
    "label",
    [
        pytest.param("job cuts", id="english-label"),
        pytest.param("Job Cuts", id="label-other-case"),
        pytest.param("plant closures", id="another-builtin-label"),
        pytest.param("人員削減", id="japanese-label"),
        pytest.param("layoffs", id="builtin-cue"),
    ],
)
async def test_a_relation_that_already_exists_is_refused(running: Running, db_path: Path, label: str) -> None:
    """Adding a relation under a name a built-in already has is refused privately; nothing changes."""
    double, guild = running.double, running.guild
    before = dump(db_path)
    refusal = await run(double, guild, relation("add", label=label, cues="totally new words"), admin=True)
    assert refusal.data["flags"] & 64 and "Nothing changed" in refusal.text and "already" in refusal.text
    assert dump(db_path) == before


async def test_a_facts_spreadsheet_previews_then_imports(running: Running) -> None:
    """A CSV of facts shows what it adds, new relation and company included; Apply makes it answerable."""
    double, guild = running.double, running.guild
    admin = double.user("admin")
    preview = await import_file(double, guild, "facts.csv", FACTS_SHEET, user=admin)
    assert preview.data["flags"] & 64
    assert "3 added" in preview.text and "new relations: charging stations" in preview.text
    assert "new entities: VinFast" in preview.text
    for fact_id in ("nissan-charging-stations-2025-03", "vinfast-employees-2024-12", "honda-job-cuts-2025-05"):
        assert f"+ {fact_id}" in preview.text
    assert "2,000 jobs" not in (await ask(double, guild, "honda job cuts")).text, "nothing changes before Apply"

    applied = await apply(double, guild, preview, admin)
    assert "Imported: 3 added" in applied.text and "new entities: VinFast" in applied.text
    assert "2,000 jobs" in (await ask(double, guild, "honda job cuts")).text
    assert "40 stations" in (await ask(double, guild, CHARGERS)).text
    assert "14,861 employees" in (await ask(double, guild, "how many employees does vinfast have")).text


async def test_a_spreadsheet_with_an_ambiguous_figure_is_refused_whole(running: Running, db_path: Path) -> None:
    """One row with a decimal-comma figure refuses the file, naming the row; the database is unchanged."""
    double, guild = running.double, running.guild
    bad_row = (
        'mazda,job cuts,,"4,1",jobs,2025-05,current,Mazda will cut jobs.,'
        "Example Wire,2025-05-01,https://example.com/mazda,Mazda will cut jobs"
    )
    before = dump(db_path)
    refusal = await import_file(double, guild, "facts.csv", f"{FACTS_SHEET}\n{bad_row}")
    assert refusal.data["flags"] & 64 and "Import refused, nothing changed" in refusal.text
    assert "row 5: value: '4,1' is ambiguous" in refusal.text
    assert not refusal.buttons
    assert dump(db_path) == before
    assert "2,000 jobs" not in (await ask(double, guild, "honda job cuts")).text


async def test_an_entities_spreadsheet_can_be_applied(running: Running) -> None:
    """A CSV of companies alone is offered for Apply; afterwards the new company and a new alias are known."""
    double, guild = running.double, running.guild
    admin = double.user("admin")
    sheet = "name,kind,aliases\nVinFast,company,VFS|Vin Fast\nHonda,company,Big H\n"
    preview = await import_file(double, guild, "companies.csv", sheet, user=admin)
    assert "new entities: VinFast" in preview.text and "~ names of Honda" in preview.text
    applied = await apply(double, guild, preview, admin)
    assert "Imported" in applied.text and "new entities: VinFast" in applied.text
    assert "VinFast" in (await ask(double, guild, "vfs")).text
    assert "Mibe" in (await ask(double, guild, "big h ceo")).text


async def test_an_unchanged_entities_spreadsheet_has_nothing_to_apply(running: Running) -> None:
    """Re-sending names the bot already has shows "Nothing to do" and no Apply button."""
    double, guild = running.double, running.guild
    preview = await import_file(double, guild, "companies.csv", "name,kind,aliases\nLucid,company,\n")
    assert "Nothing to do" in preview.text and not preview.buttons


async def test_an_entities_spreadsheet_keeps_the_names_it_does_not_list(running: Running) -> None:
    """Adding one alias to Honda from a sheet keeps its other names: Honda's Japanese name still answers."""
    double, guild = running.double, running.guild
    admin = double.user("admin")
    assert "Mibe" in (await ask(double, guild, "本田技研工業 ceo")).text
    preview = await import_file(double, guild, "companies.csv", "name,kind,aliases\nHonda,company,Big H\n", admin)
    await apply(double, guild, preview, admin)
    assert "Mibe" in (await ask(double, guild, "本田技研工業 ceo")).text


async def test_the_relation_list_shows_the_builtins(running: Running) -> None:
    """/curate relation list privately shows the relations facts can state, job cuts among them."""
    double, guild = running.double, running.guild
    started = await double.slash("curate", relation("list"), guild=guild, admin=True)
    await double.reply_to(started)
    await double.wait_for_sent(lambda s: s.interaction_id == started["id"] and "`tariff`" in s.text)
    pages = [s for s in double.sent if s.interaction_id == started["id"]]
    assert all(page.data["flags"] & 64 and len(page.text) <= 2000 for page in pages)
    text = "\n".join(page.text for page in pages)
    assert "`job_cuts` job cuts" in text and "layoffs" in text
