"""A measure asked by its name alone ("how much is the price cap rn", "the price cap in nov 2025")
answers with its headline series, the one curators recorded quarter after quarter; a country's name
alone, or a question asking for a date or a person, does not. And "the deal" frames a question about
a takeover's parties rather than picking one of its facts."""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

CAP = [
    ("2025-01-01", "1738", "superseded"),
    ("2025-04-01", "1849", "superseded"),
    ("2025-07-01", "1720", "superseded"),
    ("2025-10-01", "1755", "superseded"),
    ("2026-01-01", "1758", "current"),
]
ROWS = [
    f"Energy price cap,typical household bill,,{amount},GBP,{as_of},{status},"
    f'"From {as_of} the cap for a typical household was £{amount} a year.",Wire,{as_of},https://example.com/c{i},"£{amount}."'
    for i, (as_of, amount, status) in enumerate(CAP)
] + [
    "Energy price cap,electricity standing charge,,0.5175,GBP,2025-10-01,superseded,"
    '"From 1 October 2025 the capped electricity standing charge was 51.75p a day.",Wire,2025-10-01,'
    'https://example.com/s1,"51.75p a day."',
    "Energy price cap,electricity standing charge,,0.5402,GBP,2026-01-01,current,"
    '"From 1 January 2026 the capped electricity standing charge was 54.02p a day.",Wire,2026-01-01,'
    'https://example.com/s2,"54.02p a day."',
    "Energy price cap,introduced,,2019-01-01,,2019-01-01,current,"
    '"The price cap was introduced on 1 January 2019.",Wire,2019-01-01,https://example.com/i,"Since 1 January 2019."',
    "United Kingdom,CPI change year on year,,3.8,%,2025-10,superseded,"
    '"Consumer prices rose 3.8% in the year to October 2025.",Wire,2025-11-19,https://example.com/u1,"3.8%."',
    "United Kingdom,CPI change year on year,,3.6,%,2025-11,superseded,"
    '"Consumer prices rose 3.6% in the year to November 2025.",Wire,2025-12-17,https://example.com/u2,"3.6%."',
    "United Kingdom,CPI change year on year,,3.4,%,2025-12,superseded,"
    '"Consumer prices rose 3.4% in the year to December 2025.",Wire,2026-01-21,https://example.com/u3,"3.4%."',
    "United Kingdom,CPI change year on year,,3.0,%,2026-01,current,"
    '"Consumer prices rose 3% in the year to January 2026.",Wire,2026-02-18,https://example.com/u4,"3%."',
    "United Kingdom,unemployment rate,,5.1,%,2026-01,current,"
    '"Unemployment was 5.1% in the three months to January 2026.",Wire,2026-03-17,https://example.com/j,"5.1%."',
    "Figma,IPO price,,33,USD,2025-07-30,current,"
    '"Figma priced its IPO at $33 a share, above the raised range.",Wire,2025-07-30,https://example.com/f1,"$33."',
    "Figma,IPO proceeds,,1.2 billion,USD,2025-07-30,current,"
    '"Figma\'s IPO raised $1.2 billion.",Wire,2025-07-30,https://example.com/f2,"$1.2 billion."',
]
ROWS += [
    "Novo Holdings,deal value,Catalent,16.5 billion,USD,2024-02-05,current,"
    '"Novo Holdings agreed to buy Catalent in a $16.5 billion all-cash deal.",Wire,2024-02-05,https://example.com/n1,'
    '"$16.5 billion."',
    "Novo Holdings,price per share,Catalent,63.50,USD,2024-02-05,current,"
    '"Novo Holdings is paying $63.50 in cash for each Catalent share.",Wire,2024-02-05,https://example.com/n2,'
    '"$63.50 a share."',
    "Novo Holdings,purchase price for three Catalent sites,Catalent,11 billion,USD,2024-02-05,current,"
    '"Novo Nordisk is buying three Catalent fill-finish sites for $11 billion.",Wire,2024-02-05,'
    'https://example.com/n3,"$11 billion."',
]
ENTITIES = (
    "name,kind,aliases\nEnergy price cap,event,price cap|energy cap\nUnited Kingdom,place,UK|Britain\nFigma,company,\n"
    "Novo Holdings,company,Novo\nCatalent,company,\n"
)


service = service_fixture("alone.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Its headline figure now, not the newest standing charge (the "price" of "price cap" is its name).
        ("how much is the price cap rn", "£1,758"),
        ("what was the price cap in jul 2025", "£1,720"),
        # No figure is dated November: the level standing then, set in October.
        ("what was the price cap in nov 2025", "£1,755"),
        ("oct 2025 price cap figure?", "£1,755"),
        # A date is asked: not a figure of the headline series.
        ("when did the price cap first come in?", "1 January 2019"),
        # Asked by name, the standing charge is still its own.
        ("price cap standing charge", "£0.54"),
        # The price per share is not worded as "the deal"; the takeover it belongs to is.
        ("catalent per share price in the novo deal?", "$63.5"),
        # Both fit "raise" and "ipo"; the cues name the proceeds, so the price is not a tie with them.
        ("how much did figma raise in the ipo", "$1.2 billion"),
    ],
)
async def test_a_measure_named_alone_gives_its_headline_figure(
    service: FactService, question: str, expected: str
) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


async def test_a_country_named_alone_has_no_headline(service: FactService) -> None:
    """A country has many figures, two of them for January; its name alone does not say which."""
    answer = service.answerer().ask("uk in jan 2026")
    assert not answer.answered, answer.answer
