"""Open knowledge: the next chapter of the story loaded as a curator would (CSV), answered by timeline."""

from __future__ import annotations

import pytest

from knowledge.models import MoneyValue, PersonValue, QuantityValue, Status
from knowledge.packs import PackError
from knowledge.service import FactService
from knowledge.store import BASE, FactStore

HEADER = "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote\n"
NEXT_CHAPTER = HEADER + "\n".join(
    [
        "Honda,partnership stage,Nissan,memorandum of understanding,,2024-12-23,current,"
        '"Honda and Nissan signed a memorandum of understanding to begin formal merger talks.",Reuters,2024-12-23,'
        'https://example.com/mou,"Honda and Nissan signed a memorandum of understanding on Monday to start talks."',
        "Nissan,job cuts,,9000,jobs,2024-11-07,current,"
        '"Nissan plans to cut 9,000 jobs worldwide.",Reuters,2024-11-07,https://example.com/jobs,'
        '"Nissan will cut 9,000 jobs and 20% of its global production capacity."',
        "Honda-Nissan holding company,listing date,,2026-08,,2024-12-23,current,"
        '"The planned holding company is to be listed in August 2026.",Nikkei Asia,2024-12-23,'
        'https://example.com/listing,"The holding company would be listed in August 2026."',
        "Nissan,chief executive,,Makoto Uchida,,2024-12-23,current,"
        '"Makoto Uchida is Nissan\'s chief executive.",Reuters,2024-12-23,https://example.com/ceo,'
        '"Nissan Chief Executive Makoto Uchida told a news conference."',
        "Nippon Steel,acquisition,U.S. Steel,14.1e9,USD,2023-12-18,ended,"
        '"Nippon Steel agreed to buy U.S. Steel for $14.1 billion; the deal was blocked.",Reuters,2023-12-18,'
        'https://example.com/steel,"Nippon Steel will buy U.S. Steel for $14.1 billion."',
    ]
)
ENTITIES = "name,kind,aliases\nHonda-Nissan holding company,company,holding company|joint holding company\n"


@pytest.fixture
async def service(store: FactStore) -> FactService:
    service = FactService(store)
    await service.start()
    await service.import_file(ENTITIES, "entities.csv", "curator", BASE)
    await service.import_file(NEXT_CHAPTER, "facts.csv", "curator", BASE)
    return service


async def test_each_row_gets_its_own_relation_and_value_kind(service: FactService) -> None:
    """9,000 jobs is a quantity, the listing a date, the CEO a person, the deal money; nothing is refused."""
    facts = {r.fact.predicate: r.fact for r in await service.store.records() if r.changed_by == "curator"}
    assert isinstance(facts["job_cuts"].value, QuantityValue) and facts["job_cuts"].value.unit == "jobs"
    listing = next(f for p, f in facts.items() if "listing" in p)
    assert listing.value.kind == "date"
    assert isinstance(facts["chief_executive"].value, PersonValue)
    assert isinstance(facts["acquisition"].value, MoneyValue) and facts["acquisition"].status is Status.ENDED


@pytest.mark.parametrize(
    ("question", "expected", "not_expected"),
    [
        ("when will the holding company be listed", "August 2026", "34%"),
        ("did honda and nissan sign an MoU", "memorandum of understanding", "34%"),
        ("where do honda and nissan talks stand", "memorandum of understanding", "34%"),
        ("who runs nissan", "Makoto Uchida", "Mibe"),
        ("nissan ceo", "Makoto Uchida", "Mibe"),
        ("nissan job cuts", "9,000 jobs", "34%"),
        ("how many jobs will nissan cut", "9,000 jobs", "34%"),
        ("how much did nippon steel offer for us steel", "$14.1 billion", "34%"),
    ],
    ids=["listing", "mou", "talks-stand", "who-runs", "ceo", "job-cuts", "how-many-jobs", "money"],
)
async def test_the_failures_under_why_are_answered(
    service: FactService, question: str, expected: str, not_expected: str
) -> None:
    """Each question the old matcher got wrong is answered with the new fact, never a neighbour."""
    answer = service.answerer().ask(question)
    assert answer.answered, answer.answer
    assert expected in answer.answer and not_expected not in answer.answer


async def test_the_newest_stage_answers_and_says_what_it_replaced(service: FactService) -> None:
    """The December 2024 MoU answers; the answer says it replaced the March 2024 letter of intent."""
    answer = service.answerer().ask("did honda and nissan sign an MoU")
    assert "memorandum of understanding" in answer.answer
    assert "Previously: letter of intent signed, March 2024" in answer.answer


async def test_a_question_naming_a_time_answers_from_then(service: FactService) -> None:
    """'As of March 2024' is before the MoU: the letter of intent answers."""
    answer = service.answerer().ask("where did honda and nissan talks stand as of March 2024")
    assert "letter of intent" in answer.answer and "memorandum" not in answer.answer.split("\n")[0]


async def test_an_ended_deal_answers_ended_with_its_date(service: FactService) -> None:
    """An ended fact is still the newest: the answer shows it ended, with its date."""
    answer = service.answerer().ask("nippon steel us steel deal")
    assert answer.answered and "ended" in answer.answer and "18 December 2023" in answer.answer


async def test_an_unknown_relation_is_created_and_reported(store: FactStore) -> None:
    """A relation nobody has becomes a new relation named by its first cue, reported, and answerable."""
    service = FactService(store)
    await service.start()
    sheet = HEADER + (
        'Nissan,plant closures,,3,plants,2024-11-07,,"Nissan will close three plants.",Reuters,2024-11-07,,'
        '"Nissan will close three plants."\n'
    )
    report = await service.import_file(sheet, "closures.csv", "curator", BASE)
    assert report.added and not report.changed
    created = {r.id for r in await store.relations()}
    assert any("plant" in r for r in created)
    assert "3 plants" in service.answerer().ask("how many plants is nissan closing").answer


async def test_importing_the_same_sheet_twice_changes_nothing(service: FactService) -> None:
    """Ids come from what a row is about, so a second import of the same file is a no-op."""
    report = await service.import_file(NEXT_CHAPTER, "facts.csv", "curator", BASE)
    assert not report.added and not report.changed and len(report.unchanged) == 5


@pytest.mark.parametrize(
    ("row", "names"),
    [
        ("Nissan,job cuts,,4,1 million,jobs,2024,,x y,R,,,quote here", "more cells than columns"),
        ('Nissan,job cuts,,"4,1",jobs,2024,,x y,R,,,quote here', "decimal comma"),
        ("Nissan,job cuts,,9000,jobs,2024-13,,x y,R,,,quote here", "as_of"),
        ("Nissan,job cuts,,9000,jobs,2024,maybe,x y,R,,,quote here", "status"),
        ("Nissan,job cuts,,9000,jobs,2024,,,R,,,quote here", "statement"),
        ("Nissan,stake in,Renault,140,%,2024,,x y,R,,,quote here", "share of a whole, from 0% to 100%, not 140%"),
    ],
    ids=["extra-cell", "decimal-comma", "bad-date", "bad-status", "no-statement", "stake-over-100"],
)
async def test_a_bad_row_refuses_the_whole_sheet_naming_it(store: FactStore, row: str, names: str) -> None:
    """One bad row among good ones: the file is refused, naming the row and field; nothing is written."""
    service = FactService(store)
    good = 'Nissan,job cuts,,9000,jobs,2024-11-07,,"Nissan cuts jobs.",Reuters,,,"Nissan will cut 9,000 jobs."'
    before = len(await store.records())
    with pytest.raises(PackError) as info:
        await service.import_file(HEADER + good + "\n" + row + "\n", "bad.csv", "curator", BASE)
    message = str(info.value)
    assert names in message and ("row 3" in message or "line 3" in message)
    assert len(await store.records()) == before


async def test_unquoted_yaml_dates_import(service: FactService) -> None:
    """A YAML pack with `as_of: 2024-12-23` (a date to YAML) imports as the date written."""
    pack = """
id: chapter-two
title: The next chapter
facts:
  - id: nissan-job-cuts-yaml
    subject: nissan
    predicate: job_cuts
    value: {kind: quantity, amount: 9000, unit: jobs}
    statement: Nissan plans to cut 9,000 jobs.
    as_of: 2024-11-07
    sources:
      - publisher: Reuters
        published: 2024-11-07
        quote: Nissan will cut 9,000 jobs.
"""
    report = await service.import_file(pack, "chapter.yaml", "curator", BASE)
    assert report.added == ["nissan-job-cuts-yaml"]
    assert (await service.store.record("nissan-job-cuts-yaml")).fact.as_of == "2024-11-07"


async def test_the_golden_share_is_not_a_stake(store: FactStore) -> None:
    """'What is the golden share?' answers the golden-share fact, never Mitsubishi's 34% stake ("share")."""
    service = FactService(store)
    await service.start()
    sheet = HEADER + (
        "United States government,golden share in,U.S. Steel,one golden share,,2025-06-18,,"
        '"The US government holds a golden share in U.S. Steel, with a veto over key decisions.",Reuters,'
        '2025-06-18,,"The government will hold a golden share."\n'
    )
    await service.import_file(sheet, "golden.csv", "curator", BASE)
    answer = service.answerer().ask("What is the golden share?")
    assert "34%" not in answer.answer
    assert answer.answered and "golden share" in answer.answer


async def test_a_decline_offers_questions_never_ids(service: FactService) -> None:
    """Asking just a name lists questions a user can press, not fact ids."""
    answer = service.answerer().ask("nissan")
    assert not answer.answered
    bullets = [line for line in answer.answer.splitlines() if line.startswith("• ")]
    assert bullets and all(" " in b[2:] and "-fy" not in b for b in bullets)
    assert not any(b[2:] in service.answerer().index.facts for b in bullets)


async def test_an_entity_kind_is_read_as_curators_write_it(store: FactStore) -> None:
    """ "Organisation" (British spelling, a capital) is an organization; a kind nobody has names the row."""
    service = FactService(store)
    await service.start()
    sheet = "name,kind,aliases\nKestrel Board,Organisation,Kestrel\n"
    report = await service.import_file(sheet, "entities.csv", "curator", BASE)
    assert report.entities_created == ["Kestrel Board"]
    kinds = {e.name: e.kind.value for e in await store.entities()}
    assert kinds["Kestrel Board"] == "organization"
    with pytest.raises(PackError) as info:
        await service.import_file("name,kind,aliases\nWren Guild,guild,Wren\n", "entities.csv", "curator", BASE)
    assert "row 2: kind: 'guild'" in str(info.value)
