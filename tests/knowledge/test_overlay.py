"""A server's index is a layer over the shared base index: it must answer exactly as an index built
from everything the server sees would, while holding only what the server changed.

Checked on real curator stories (tests/stories) loaded into the base, with a server that retires,
edits, adds and renames, and with the base changing underneath afterwards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.answers import Answerer
from knowledge.models import Status
from knowledge.overlay import LayerIndex
from knowledge.service import FactService
from knowledge.store import BASE

STORIES = Path(__file__).parent.parent / "stories"
SERVER = "777"


def questions(story: str) -> list[str]:
    lines = (STORIES / story / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["q"] for line in lines if line.strip()]


async def load(service: FactService, story: str) -> None:
    for sheet in ("entities.csv", "facts.csv"):
        text = (STORIES / story / sheet).read_text(encoding="utf-8")
        await service.import_file(text, sheet, "curator", BASE)


async def rebuilt(service: FactService, scope: str) -> Answerer:
    """What an index built from scratch over everything the scope sees answers."""
    return Answerer.from_knowledge(await service.store.knowledge(scope))


async def assert_same_answers(service: FactService, story: str) -> None:
    layered, fresh = service.answerer(SERVER), await rebuilt(service, SERVER)
    assert isinstance(layered.index, LayerIndex)
    for question in questions(story):
        assert layered.ask(question).answer == fresh.ask(question).answer, question


@pytest.mark.parametrize("story", ["nippon-steel", "boeing-crisis"])
async def test_a_layer_answers_as_a_rebuilt_index_would(service: FactService, story: str) -> None:
    """Retired, edited, added and renamed in the server; then the base corrects a fact the server
    changed and one it did not: every question of the story gets the same answer either way."""
    await load(service, story)
    base = service.answerer()
    answered = {}  # the facts that answer the story's questions, and one question each
    for question in questions(story):
        answer = base.ask(question)
        if answer.answered and answer.facts:
            answered.setdefault(answer.facts[0].id, question)
    ids = sorted(answered)
    retired, edited, base_only, base_retired = ids[0], ids[1], ids[2], ids[3]
    await service.set_status(retired, Status.RETIRED, "user:1", "wrong", SERVER)
    statement = base.index.facts[edited].statement
    await service.edit(edited, "statement", statement + " (as reported)", "user:1", None, SERVER)
    await service.add_alias(edited, "what did the wire report", "user:1", SERVER)
    subject = base.index.facts[base_only].subject
    await service.add_alias(subject, "the firm we follow", "user:1", SERVER)
    await assert_same_answers(service, story)
    assert service.answerer(SERVER).ask(answered[retired]).answer != base.ask(answered[retired]).answer
    assert "(as reported)" in service.answerer(SERVER).ask(answered[edited]).answer

    await service.edit(edited, "note", "Checked against the filing.", "owner", None, BASE)
    statement = base.index.facts[base_only].statement
    await service.edit(base_only, "statement", statement + " (restated)", "owner", None, BASE)
    await service.set_status(base_retired, Status.RETIRED, "owner", "superseded", BASE)
    await assert_same_answers(service, story)
    assert "(restated)" in service.answerer(SERVER).ask(answered[base_only]).answer
    assert retired not in service.answerer(SERVER).index.facts
    assert retired in service.answerer().index.facts, "the base keeps what a server retired"


async def test_a_layer_holds_only_what_the_server_changed(service: FactService) -> None:
    """A server's first edit builds no index of every fact: its layer holds the one fact it changed,
    reads the rest through the base, and sees the base's later changes without a rebuild."""
    base = service.answerer().index
    await service.edit("honda-sales-fy2023", "note", "Checked.", "user:1", None, SERVER)
    layer = service.answerer(SERVER).index
    assert isinstance(layer, LayerIndex) and layer.base is base
    assert [f.id for f in layer.own_facts()] == ["honda-sales-fy2023"]
    assert layer.facts["honda-sales-fy2023"].note == "Checked."
    assert base.facts["honda-sales-fy2023"].note != "Checked."

    await service.edit("nissan-sales-fy2023", "value", "3.5 million", "owner", "restated", BASE)
    assert service.answerer(SERVER).index is layer, "the base's change needed no rebuild of the layer"
    assert "3.5 million" in layer_answer(service, "nissan sales")
    assert [f.id for f in layer.own_facts()] == ["honda-sales-fy2023"]


def layer_answer(service: FactService, question: str) -> str:
    return service.answerer(SERVER).ask(question).answer


async def test_a_name_the_base_adds_reaches_a_server_that_renamed_something(service: FactService) -> None:
    """A server with names of its own copied the base's name lists; a name the base adds later still
    reaches it (its layer is laid again), and its own name stays."""
    await service.add_alias("honda", "big h", "user:1", SERVER)
    await service.add_alias("nissan", "the yokohama firm", "owner", BASE)
    assert "Nissan" in layer_answer(service, "the yokohama firm sales")
    assert "Honda" in layer_answer(service, "big h sales")
    assert not service.answerer().ask("big h sales").answered, "a server's name stays in its server"


async def test_a_typo_of_a_servers_own_name_is_corrected_after_the_base_read_typos(service: FactService) -> None:
    """The base works out which words a typo may be once per length; a server that adds a name reads
    typos of it even when the base had already worked that out for the same length."""
    assert "Mitsubishi" in service.answerer().ask("mitsubshi sales").answer  # the base's 9-letter typos, read
    await service.add_alias("honda", "hondamotor", "user:1", SERVER)
    answer = service.answerer(SERVER).ask("hondamotr sales")
    assert answer.answered and "Honda" in answer.answer, answer.answer
