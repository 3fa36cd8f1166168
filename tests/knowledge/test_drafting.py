"""Figures from text: sentences, figures, candidate facts, recall against a pack, message checks."""

from __future__ import annotations

import pytest

from knowledge import drafting
from knowledge.matcher import FactIndex
from knowledge.models import ValueKind
from knowledge.packs import builtin_packs, document_text
from knowledge.store import FactStore

ALLIANCE = next(p for p in builtin_packs() if p.id == "alliance")
STAKE = "Nikkei Asia says Mitsubishi, which owns 34% of Nissan, also plans to buy the company."
SALES = "Honda will have sold 4.1 million cars, Nissan 3.4 million, and Mitsubishi about 800,000."


@pytest.fixture
async def index(store: FactStore) -> FactIndex:
    return FactIndex(await store.knowledge())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sales in the U.S. rose. Profit fell.", ["Sales in the U.S. rose.", "Profit fell."]),
        ("Nissan Motor Co. sold 3.98 million cars. Done.", ["Nissan Motor Co. sold 3.98 million cars.", "Done."]),
        ("Toyota Motor Corp. said so. Honda agreed!", ["Toyota Motor Corp. said so.", "Honda agreed!"]),
        ("日産は販売した。ホンダも。", ["日産は販売した。", "ホンダも。"]),
        ("# Heading\n\nFirst line\ncontinues here. Second.", ["Heading", "First line continues here.", "Second."]),
    ],
    ids=["initials", "decimal-and-co", "corp", "japanese", "markdown"],
)
def test_sentences_split_sensibly(text: str, expected: list[str]) -> None:
    """Sentences end at full stops, not after initials, company abbreviations or inside decimals."""
    assert drafting.sentences(text) == expected


@pytest.mark.parametrize(
    ("sentence", "text", "kind", "amount", "extra"),
    [
        ("Mitsubishi owns 34% of Nissan.", "34%", ValueKind.PERCENT, 34, None),
        ("Mitsubishi owns 34 per cent of Nissan.", "34 per cent", ValueKind.PERCENT, 34, None),
        ("Nippon Steel paid $14.1 billion.", "$14.1 billion", ValueKind.MONEY, 14.1e9, "USD"),
        ("Renault wrote off €600m.", "€600m", ValueKind.MONEY, 6e8, "EUR"),
        ("Toyota earned ¥1 trillion.", "¥1 trillion", ValueKind.MONEY, 1e12, "JPY"),
        ("トヨタは1兆円を稼いだ。", "1兆円", ValueKind.MONEY, 1e12, "JPY"),
        ("日産は5000億円を失った。", "5000億円", ValueKind.MONEY, 5e11, "JPY"),
        ("日産は1兆2000億円を投じた。", "1兆2000億円", ValueKind.MONEY, 1.2e12, "JPY"),
        ("Nissan will cut 9,000 jobs.", "9,000 jobs", ValueKind.QUANTITY, 9000, "jobs"),
        ("Nissan sold 3.98 million vehicles.", "3.98 million vehicles", ValueKind.QUANTITY, 3.98e6, "vehicles"),
        ("日産は334万台を売った。", "334万台", ValueKind.QUANTITY, 3.34e6, "台"),
    ],
    ids=["percent", "per-cent", "dollars", "euros-m", "yen-sign", "cho-en", "oku-en", "chain", "jobs", "vehicles",
         "man-dai"],
)  # fmt: skip
def test_numbers_are_read_with_currency_scale_and_unit(
    index: FactIndex, sentence: str, text: str, kind: ValueKind, amount: float, extra: str | None
) -> None:
    """Each figure is found as written, with its value, its currency or its unit."""
    (figure,) = [f for f in drafting.figures_in(sentence, index) if f.kind is not ValueKind.DATE]
    assert (figure.text, figure.kind) == (text, kind)
    assert figure.amount == pytest.approx(amount)
    if kind is ValueKind.MONEY:
        assert figure.currency == extra
    elif kind is ValueKind.QUANTITY:
        assert figure.unit == extra


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("The plan was dropped in December 2024.", "2024-12"),
        ("合併は2026年8月に予定された。", "2026-08"),
        ("Talks ended on 18 June 2025.", "2025-06-18"),
    ],
    ids=["month", "japanese", "day"],
)
def test_partial_dates_are_figures_when_alone(index: FactIndex, sentence: str, date: str) -> None:
    """A sentence with only a date gives that date as its figure."""
    (figure,) = drafting.figures_in(sentence, index)
    assert figure.kind is ValueKind.DATE and figure.date == date


@pytest.mark.parametrize(
    ("sentence", "name", "subject"),
    [
        ("Nissan CEO Makoto Uchida said the plan was on track.", "Makoto Uchida", "nissan"),
        ("Nissan named chief executive Ivan Espinosa in March 2025.", "Ivan Espinosa", "nissan"),
    ],
    ids=["ceo", "chief-executive"],
)
def test_people_with_roles(index: FactIndex, sentence: str, name: str, subject: str) -> None:
    """A role cue before a name gives a person figure, tied to the company named before it."""
    (candidate,) = drafting.candidates_in(sentence, index)
    assert candidate.value["name"] == name and candidate.relation == "chief_executive"
    assert candidate.subject == subject


def test_alliance_article_gives_the_stake_and_the_sales(index: FactIndex) -> None:
    """The 34% stake and Honda's 4.1 million sales are found, quoting their sentences verbatim."""
    article = drafting.read_article(document_text("alliance-article"))
    draft = drafting.draft(article, index)
    by_text = {c.figure.text: c for c in draft.candidates}
    stake, honda = by_text["34%"], by_text["4.1 million cars"]
    assert (stake.sentence, stake.subject, stake.relation, stake.object) == (
        STAKE, "mitsubishi-motors", "stake_in", "nissan"
    )  # fmt: skip
    assert stake.value == {"kind": "percent", "amount": 34}
    assert (honda.sentence, honda.subject, honda.relation) == (SALES, "honda", "sales_volume")
    assert honda.value == {"kind": "quantity", "amount": 4_100_000, "unit": "vehicles"}
    assert by_text["3.4 million"].subject == "nissan"  # the unit and the subject follow the list
    assert stake.repeats == "mitsubishi-stake-in-nissan" and honda.repeats == "honda-sales-fy2023"


def test_recall_on_the_alliance_pack(index: FactIndex) -> None:
    """Every numeric fact of the shipped pack is found in its article (measured: 6/6)."""
    draft = drafting.draft(drafting.read_article(document_text("alliance-article")), index)
    report = drafting.recall(ALLIANCE, draft.candidates)
    assert (report.found, report.total) == (6, 6), [m.id for m in report.misses]
    assert report.summary().startswith("recall 6/6 (100%)")


def test_no_cue_leaves_the_relation_blank(index: FactIndex) -> None:
    """A figure no cue word explains gets no relation: the engine never guesses one."""
    (candidate,) = drafting.candidates_in("Honda had 12 of them.", index)
    assert candidate.relation is None and candidate.subject == "honda"
    assert not candidate.importable


def test_a_changed_value_says_what_it_updates(index: FactIndex) -> None:
    """A figure that differs from the stored one says which value it would update."""
    (candidate,) = drafting.candidates_in("Honda sold 4.2 million cars in the fiscal year to March 2025.", index)
    assert candidate.repeats is None
    assert candidate.updates == "updates 4.1 million vehicles (2024-03)"
    assert candidate.as_of == "2025-03"


def test_front_matter_is_read() -> None:
    """Front matter gives the title, publisher, date and url; the body follows it."""
    text = "---\ntitle: Cuts\npublisher: Reuters\ndate: 2024-11-07\nurl: https://example.com/a\n---\nBody text.\n"
    article = drafting.read_article(text)
    assert (article.title, article.publisher, article.published, article.url) == (
        "Cuts", "Reuters", "2024-11-07", "https://example.com/a"
    )  # fmt: skip
    assert article.text.strip() == "Body text."
    assert drafting.read_article(text, publisher="AP").publisher == "AP"


def test_csv_rows_have_the_import_header(index: FactIndex) -> None:
    """The spreadsheet header is exactly the import format's; `notes` adds a trailing note column."""
    draft = drafting.draft(drafting.read_article("Nissan will cut 9,000 jobs."), index)
    header = "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote"
    assert drafting.csv_text(draft, draft.candidates).splitlines()[0] == header
    assert drafting.csv_text(draft, draft.candidates, notes=True).splitlines()[0] == header + ",note"


@pytest.mark.parametrize(
    ("message", "verdicts"),
    [
        ("Nissan sold 3.4 million cars and Honda 5 million", ["match", "differs"]),
        ("Acme Widgets sold 5 million cars", ["unsourced"]),
        ("Honda sold 4.1 million cars; Mitsubishi owns 34% of Nissan", ["match", "match"]),
    ],
    ids=["match-and-differs", "unknown-company", "rounded-and-stake"],
)
def test_check_gives_a_verdict_per_figure(index: FactIndex, message: str, verdicts: list[str]) -> None:
    """Each figure is matched, differs from the stored fact, or is unsourced when nothing ties it to one."""
    assert [c.verdict for c in drafting.check(message, index)] == verdicts


def test_differs_cites_what_the_sources_say(index: FactIndex) -> None:
    """A differing figure carries the stored fact, read out with its publisher and date."""
    (_, honda) = drafting.check("Nissan sold 3.4 million cars and Honda 5 million", index)
    assert drafting.sources_say(honda.facts[0], index) == "sources say 4.1 million vehicles, Nikkei Asia, March 2024"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"a" * (drafting.MAX_ARTICLE_BYTES + 1), "limit"),
    ],
    ids=["empty", "blank", "binary", "latin-1", "huge"],
)
def test_bad_input_is_refused(data: bytes, reason: str) -> None:
    """Binary, empty, non-UTF-8 and over-large input is refused with a reason."""
    with pytest.raises(drafting.DraftError, match=reason):
        drafting.decode(data, "in.txt")
