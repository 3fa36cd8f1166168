"""A question placed before or after something that happened: undated ("the fee before they doubled
it"), the knowledge dates it by the facts that say so; dated further off ("before they upgraded it in
oct 2023"), the clause says what stood before the time named; and with no name asked, another story's
only fact of a cued relation is no answer when a fact explains the question better.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import headline, service_fixture

ROWS = [
    # A port's fee, doubled; a bank's headcount reported with its layoffs.
    "Tarn Port,berth fee,,¥2000,JPY,2024-07-01,superseded,"
    '"Tarn Port charged a ¥2,000 berth fee from July 2024.",Wire,2024-07-01,https://example.com/1,"¥2,000"',
    "Tarn Port,berth fee,,¥4000,JPY,2025-07-01,current,"
    '"Tarn Port doubled its berth fee to ¥4,000 in July 2025.",Wire,2025-07-01,https://example.com/2,"¥4,000"',
    "Lark Bank,employees,,78400 employees,employees,2025-09-10,current,"
    '"Lark Bank had about 78,400 employees when it announced the job cuts in September 2025.",Wire,2025-09-10,'
    'https://example.com/3,"78,400"',
    "Lark Bank,job cuts,,9000 jobs,jobs,2025-09-10,current,"
    '"Lark Bank announced 9,000 layoffs in September 2025.",Wire,2025-09-10,https://example.com/4,"9,000"',
    # An airline's forecast, raised; a chipmaker's price on the day of its split.
    "Gull Air,net profit forecast,,¥55 billion,JPY,2023-05-02,superseded,"
    '"In May 2023 Gull Air forecast net profit of ¥55 billion.",Wire,2023-05-02,https://example.com/5,"55 billion"',
    "Gull Air,net profit forecast,,¥80 billion,JPY,2023-10-31,current,"
    '"In October 2023 Gull Air raised its net profit forecast to ¥80 billion.",Wire,2023-10-31,'
    'https://example.com/6,"80 billion"',
    "Vale Chips,share price,,$822.79,USD,2024-03-01,superseded,"
    '"Vale Chips shares rose to $822.79 on 1 March 2024 (pre-split).",Wire,2024-03-01,https://example.com/7,'
    '"822.79"',
    "Vale Chips,share price,,$949.50,USD,2024-05-22,current,"
    '"Vale Chips shares closed at $949.50 on 22 May 2024, the day it announced its split.",Wire,2024-05-22,'
    'https://example.com/8,"949.50"',
    # A market value said to stand before results; a party's seats, and its result "fewer than before".
    "Pike Holdings,market value,,$117 billion,USD,2024-02-08,superseded,"
    '"After a jump on 8 February 2024 Pike\'s market value reached $117 billion.",Wire,2024-02-08,'
    'https://example.com/9,"117 billion"',
    "Pike Holdings,market value,,$109 billion,USD,2024-05-08,current,"
    '"Before its May 2024 results Pike\'s market value was $109 billion.",Wire,2024-05-08,'
    'https://example.com/10,"109 billion"',
    "Unity Party,lower house seats,,247 seats,seats,2024-10-09,superseded,"
    '"The Unity Party held 247 seats before the October 2024 general election.",Wire,2024-10-09,'
    'https://example.com/11,"247"',
    "Unity Party,lower house seats,,191 seats,seats,2024-10-27,current,"
    '"The Unity Party won 191 seats in the October 27 2024 general election, 56 fewer than before.",Wire,'
    '2024-10-27,https://example.com/12,"191"',
    # A dock contract's status, asked with no name.
    "Dock Master Contract,contract status,,expired,,2024-09-30,superseded,"
    '"The dock master contract expired on 30 September 2024.",Wire,2024-09-30,https://example.com/13,"expired"',
    "Dock Master Contract,contract status,,ratified,,2025-02-25,current,"
    '"Dock workers ratified the new master contract on 25 February 2025.",Wire,2025-02-25,'
    'https://example.com/14,"ratified"',
]
ENTITIES = (
    "name,kind,aliases\nTarn Port,organisation,Tarn\nLark Bank,company,Lark\nGull Air,company,Gull\n"
    "Vale Chips,company,Vale\nPike Holdings,company,Pike\nUnity Party,organisation,\n"
    "Dock Master Contract,product,\n"
)

service = service_fixture("before_and_after.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Undated: the fact that says the clause's words dates it.
        ("what was the tarn berth fee before they doubled it", "¥2,000"),
        ("tarn berth fee after they doubled it", "¥4,000"),
        # A figure reported when the layoffs were announced, not saying them, stood until then.
        ("lark headcount before the layoffs?", "78,400"),
        # Dated further off than "before the oct 2023 …": the clause ends at the time.
        ("gull's profit forecast before they upgraded it in oct 2023?", "55 billion"),
        ("gull profit forecast after the oct 2023 upgrade", "80 billion"),
        # A break in the sentence: the day named is the figure's own (a guard: the code before passed it).
        ("vale share price before the split, close on may 22 2024?", "949.5"),
        # The one figure of the month says it stood before what happened then.
        ("how much was pike worth right before its may 2024 earnings", "109 billion"),
        # "56 fewer than before" is the result, not what stood before it.
        ("how many seats did the unity party hold before the oct 2024 snap election", "247"),
        # No name: the shipped pack's only partnership stage is not the contract's status.
        ("what was the status of the contract on feb 25 2025", "ratified"),
    ],
)
async def test_what_stood_before_or_after(service: FactService, question: str, expected: str) -> None:
    assert expected in headline(service, question)


@pytest.mark.parametrize(
    "question",
    [
        # Nothing on file says it was privatised: no time to place the fee by.
        "tarn berth fee before they privatised it",
        # Nothing stood before the first fee on file.
        "tarn berth fee before they started charging it",
    ],
)
async def test_an_event_nothing_dates_is_not_guessed(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer
