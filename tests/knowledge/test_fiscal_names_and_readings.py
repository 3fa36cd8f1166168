"""A fiscal year or quarter asked by its name ("q3 fy24") is the figure whose period says that name,
wherever the company's year runs; a poll's figure is a reading of its date, not the one standing a
month later; "2025年選挙の公明党の議席" asks about Komeito's seats, not its coalition's; "first hit
$1 trillion" is said by a fact that "first passed $1 trillion"; "phase 2" is not "phase 1"; and 違約金
asks for a takeover's break-up fee."""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import PERIOD_HEADER, service_fixture

QUARTERS = [
    ("2023-04-30", "Q1 fiscal 2024 (quarter to 30 April 2023)", "7.19", "0.90"),
    ("2023-07-30", "Q2 fiscal 2024 (quarter to 30 July 2023)", "13.51", "1.55"),
    ("2023-10-29", "Q3 fiscal 2024 (quarter to 29 October 2023)", "18.12", "2.01"),
    ("2024-01-28", "Q4 fiscal 2024 (quarter to 28 January 2024)", "22.1", "2.40"),
    ("2024-04-28", "Q1 fiscal 2025 (quarter to 28 April 2024)", "26.0", "2.70"),
]
ROWS = [
    row
    for n, (as_of, period, revenue, cloud) in enumerate(QUARTERS)
    for row in (
        f"Vireo Chips,quarterly revenue,,{revenue} billion,USD,{as_of},"
        f"{'current' if n == len(QUARTERS) - 1 else 'superseded'},"
        f'"Vireo\'s revenue was ${revenue} billion in {period.split(" (")[0]}.",Wire,{as_of},'
        f'https://example.com/r{n},"${revenue} billion.",{period}',
        f"Vireo Chips,cloud revenue,,{cloud} billion,USD,{as_of},"
        f"{'current' if n == len(QUARTERS) - 1 else 'superseded'},"
        f'"Vireo\'s cloud revenue was ${cloud} billion in {period.split(" (")[0]}.",Wire,{as_of},'
        f'https://example.com/c{n},"${cloud} billion.",{period}',
    )
] + [
    "Vireo Chips,annual revenue,,60.9 billion,USD,2024-01-28,superseded,"
    '"Vireo\'s fiscal 2024 revenue was $60.9 billion.",Wire,2024-02-21,https://example.com/a1,"$60.9 billion.",'
    "fiscal 2024 (year to 28 January 2024)",
    "Vireo Chips,annual revenue,,130.5 billion,USD,2025-01-26,current,"
    '"Vireo\'s fiscal 2025 revenue was $130.5 billion.",Wire,2025-02-26,https://example.com/a2,"$130.5 billion.",'
    "fiscal 2025 (year to 26 January 2025)",
    "Vireo Chips,date first valued at $1 trillion,,2023-05-30,,2023-05-30,current,"
    '"Vireo first passed a $1 trillion market value on 30 May 2023.",Wire,2023-05-30,https://example.com/t1,'
    '"30 May.",',
    "Vireo Chips,date first valued at $2 trillion,,2024-02-23,,2024-02-23,current,"
    '"Vireo first topped a $2 trillion market value on 23 February 2024.",Wire,2024-02-23,https://example.com/t2,'
    '"23 February.",',
    "Larch Cabinet,approval rating,Daily Poll,71%,%,2025-10-22,superseded,"
    '"The Daily Poll put the Larch Cabinet\'s approval at 71% after it took office.",Wire,2025-10-22,'
    'https://example.com/p1,"71%.",',
    "Larch Cabinet,approval rating,Daily Poll,65%,%,2025-12-15,current,"
    '"The Daily Poll put the Larch Cabinet\'s approval at 65% in December.",Wire,2025-12-15,'
    'https://example.com/p2,"65%.",',
    "Green Party,upper house seats won,2025 upper house election,8,seats,2025-07-20,current,"
    '"The Green Party won 8 seats in the July 2025 upper house election.",Wire,2025-07-21,https://example.com/s1,'
    '"8 seats.",',
    "Ruling bloc,upper house seats won,2025 upper house election,47,seats,2025-07-20,current,"
    '"The Blue Party and the Green Party won 47 seats together in July 2025.",Wire,2025-07-21,'
    'https://example.com/s2,"47 seats.",',
    "Trade Authority,investigation stage,Vireo Chips,phase 1 investigation,,2023-05,superseded,"
    '"In May 2023 the Trade Authority opened a phase 1 investigation into Vireo\'s purchase of Larkspur.",Wire,'
    '2023-05-10,https://example.com/i1,"Phase 1.",',
    "Vireo Chips,break-up fee,Larkspur,2.5 billion,USD,2023-06-01,current,"
    '"Vireo would have to pay Larkspur a $2.5 billion break-up fee if the deal failed.",Wire,2023-06-01,'
    'https://example.com/b,"$2.5 billion.",',
    "Larch Cabinet,annual real wage decline,,0.2%,%,2024,current,"
    '"Larch\'s real wages fell 0.2% in calendar 2024.",Wire,2025-02-05,https://example.com/w,"0.2%.",calendar 2024',
    "Larch Cabinet,real wage decline,,1.4%,%,2024-05,current,"
    '"Larch\'s real wages fell 1.4% year on year in May 2024.",Wire,2024-07-08,https://example.com/m,"1.4%.",',
    "Vireo Chips,deal value,Larkspur,40 billion,USD,2023-06-01,current,"
    '"Vireo agreed to buy Larkspur for $40 billion.",Wire,2023-06-01,https://example.com/d,"$40 billion.",',
    "Larkspur,annual net income,,277.9 million,USD,2024-06-01,superseded,"
    '"Larkspur\'s net income for fiscal 2024 was $277.9 million.",Wire,2024-07-23,https://example.com/n1,'
    '"$277.9 million.",fiscal year to June 2024',
    "Larkspur,annual net income,,1.2 billion,USD,2025-05-31,current,"
    '"Larkspur\'s net income for the fiscal year ended 31 May 2025 was $1.2 billion.",Wire,2025-07-22,'
    'https://example.com/n2,"$1.2 billion.",fiscal year to May 2025',
]
ENTITIES = (
    "name,kind,aliases\nVireo Chips,company,Vireo|ヴィレオ\nLarkspur,company,ラークスパー\n"
    "Larch Cabinet,government,Larch government|Larch|ラーチ\nDaily Poll,publication,\n"
    "Green Party,organization,緑の党\nRuling bloc,organization,与党\n"
    "2025 upper house election,event,2025参院選|参院選\nTrade Authority,government,TA\n"
)


service = service_fixture("fiscal.sqlite3", ENTITIES, ROWS, PERIOD_HEADER)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # The quarter whose period names "Q3 fiscal 2024" (the quarter to October 2023), not a calendar
        # third quarter; and the quarterly figure, not the cloud one or the year's.
        ("q3 fy24 revenue vireo", "$18.1 billion"),
        ("vireo revenue in the third quarter of fiscal 2024", "$18.1 billion"),
        ("vireo q1 fiscal 2025 revenue", "$26 billion"),
        # A year named "fiscal 2024" is that year's figure, not fiscal 2025's (which ends in January 2025).
        ("vireo revenue fy2024", "$60.9 billion"),
        ("vireo cloud revenue q2 fy24", "$1.55 billion"),
        # "First hit $1 trillion" is said by "first passed a $1 trillion market value".
        ("when did vireo first hit a $1 trillion valuation", "30 May 2023"),
        # "公明党の" after the election: the party's own seats.
        ("2025年参院選の緑の党の獲得議席は？", "8 seats"),
        ("ruling bloc seats won in the 2025 upper house election", "47 seats"),
        # 違約金 is the break-up fee asked, not the deal's value.
        ("ヴィレオがラークスパーに払う違約金はいくら？", "25億ドル"),
        ("larch real wage decline in 2024", "0.2%"),
        ("larch real wage decline in may 2024", "1.4%"),
        # Its year to May 2025 is fiscal 2024 to some; the figure whose words say "fiscal 2024" is.
        ("larkspur annual net income for fiscal 2024", "$278 million"),
        ("larkspur annual net income for fiscal 2025", "$1.2 billion"),
    ],
)
async def test_fiscal_names_thresholds_and_parties(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # A poll of December is no answer for a poll in February (none stored then).
        "daily poll larch cabinet approval february 2026",
        # "Phase 2" is not the phase 1 investigation on file.
        "when did the trade authority launch its phase 2 investigation",
        # No $3 trillion date is stored: the $2 trillion one is no answer.
        "when did vireo first hit $3 trillion",
        # A figure its period says is calendar 2024's is not fiscal 2024's, nor is May 2024's.
        "larch real wage decline in fiscal 2024",
        "ラーチの2024年度の実質賃金の減少率は？",
    ],
)
async def test_readings_and_numbers_are_not_neighbours(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer


async def test_a_poll_is_read_in_its_own_month(service: FactService) -> None:
    answer = service.answerer().ask("daily poll larch cabinet approval december 2025")
    assert answer.answered and "65%" in answer.answer.split("\n")[0], answer.answer
