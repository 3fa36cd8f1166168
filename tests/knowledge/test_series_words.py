"""Words that pick a place in a series or a place on the map, and how long a one-off figure stands:
"the third distribution" is not the first one's, "layoffs in the us" are not the worldwide total, a
"hengchi 6" is not a Hengchi 5, a funding round's valuation is not the company's valuation two years
on, a share price is its day's, and a balance sheet's total is its date's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import HEADER, curated, service_fixture

ROWS = [
    "FTX,first distribution amount,,1.2 billion,USD,2025-02-18,current,"
    '"FTX\'s first creditor payout wave from 18 February 2025 totalled around $1.2 billion.",Wire,2025-02-18,'
    'https://example.com/d1,"$1.2 billion."',
    "FTX,second distribution amount,,5 billion,USD,2025-05-30,current,"
    '"FTX said it would send over $5 billion to creditors in its second distribution.",Wire,2025-05-30,'
    'https://example.com/d2,"$5 billion."',
    "FTX US,valuation,,8 billion,USD,2022-01-26,current,"
    '"FTX US was valued at $8 billion in its $400 million Series A round in January 2022.",Wire,2022-01-26,'
    'https://example.com/v,"$8 billion."',
    "Novo Nordisk,job cuts,,9000,jobs,2025-09-10,current,"
    '"On 10 September 2025 Novo Nordisk said it would cut about 9,000 of its 78,400 positions.",Wire,2025-09-10,'
    'https://example.com/j,"9,000 jobs."',
    "Nippon Steel,investment pledge,U.S. Steel,2.7 billion,USD,2024-09-04,current,"
    '"Nippon Steel pledged to invest $2.7 billion in U.S. Steel\'s union-represented facilities.",Wire,2024-09-04,'
    'https://example.com/p,"$2.7 billion."',
]
ROWS += [
    "Evergrande,share price,,31.55,HKD,2017-10,superseded,"
    '"Evergrande\'s share price peaked at HK$31.55 in October 2017.",Wire,2017-10,https://example.com/e1,"HK$31.55."',
    "Evergrande,share price,,0.163,HKD,2024-01-29,current,"
    '"Evergrande shares were suspended at HK$0.163 on 29 January 2024.",Wire,2024-01-29,https://example.com/e2,'
    '"HK$0.163."',
    "Evergrande NEV,cumulative Hengchi 5 deliveries,,1300,vehicles,2023-12-31,current,"
    '"By 31 December 2023 Evergrande NEV had delivered about 1,300 cars.",Wire,2024-01,https://example.com/e3,'
    '"About 1,300."',
    "Evergrande,offshore debt covered by restructuring plan,,22.7 billion,USD,2023-03-22,current,"
    '"On 22 March 2023 Evergrande published its plan to restructure $22.7 billion of offshore debt.",Wire,'
    '2023-03-22,https://example.com/e4,"$22.7 billion."',
]
ENTITIES = (
    "name,kind,aliases\nFTX,company,\nFTX US,company,\nNovo Nordisk,company,Novo\nNippon Steel,company,\n"
    "U.S. Steel,company,US Steel\nEvergrande,company,China Evergrande\nEvergrande NEV,company,Hengchi\n"
    "Shohei Ohtani,person,Ohtani|大谷|大谷翔平\nLos Angeles Dodgers,organization,Dodgers|ドジャース\n"
    "Ippei Mizuhara,person,Mizuhara|水原|水原一平\n"
)
ROWS += [
    "Shohei Ohtani,contract value,Los Angeles Dodgers,700 million,USD,2023-12-11,current,"
    '"Ohtani signed a 10-year, $700 million contract with the Dodgers.",Wire,2023-12-11,https://example.com/o1,'
    '"$700 million."',
    "Ippei Mizuhara,interpreter salary,Shohei Ohtani,500000,USD,2024,ended,"
    '"Mizuhara\'s 2024 Dodgers salary was $500,000 (about 78 million yen) before he was fired.",Wire,2024-03,'
    'https://example.com/o2,"$500,000."',
]
ROWS += [
    "Shohei Ohtani,batting average (season),,0.273,,2022,superseded,"
    '"Ohtani batted .273 in 2022.",Wire,2022-10,https://example.com/b1,".273."',
    "Shohei Ohtani,batting average (season),,0.282,,2025,current,"
    '"Ohtani batted .282 in 2025.",Wire,2025-10,https://example.com/b2,".282."',
    "Shohei Ohtani,pitching strikeouts (season),,156,strikeouts,2021,superseded,"
    '"Ohtani struck out 156 batters in 2021.",Wire,2021-10,https://example.com/k1,"156 strikeouts."',
    "Shohei Ohtani,pitching strikeouts (season),,62,strikeouts,2025,current,"
    '"Ohtani struck out 62 batters in 2025.",Wire,2025-10,https://example.com/k2,"62 strikeouts."',
]
LIABILITIES = [
    "Evergrande,total liabilities,,2437.41 billion,CNY,2022-12-31,superseded,"
    '"Evergrande\'s total liabilities were 2,437.41 billion yuan at the end of 2022.",Wire,2023-07-17,'
    'https://example.com/l1,"2,437.41 billion yuan.",as of 31 December 2022',
    "Evergrande,total liabilities,,2388.2 billion,CNY,2023-06-30,current,"
    '"At the end of June 2023 Evergrande\'s total liabilities were 2,388.2 billion yuan.",Wire,2023-08-28,'
    'https://example.com/l2,"2,388.2 billion yuan.",as of 30 June 2023',
]


service = service_fixture("series.sqlite3", ENTITIES, ROWS)


@pytest.fixture
async def sheet(tmp_path: Path) -> AsyncIterator[FactService]:
    """The same story with a balance sheet's figures, each for its date (the sheet's `period` column)."""
    facts = HEADER.replace("quote\n", "quote,period\n") + "\n".join(r + "," for r in ROWS) + "\n"
    facts += "\n".join(LIABILITIES) + "\n"
    async with curated(tmp_path / "sheet.sqlite3", ENTITIES, facts) as started:
        yield started


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("size of the second ftx distribution?", "$5 billion"),
        ("how big was ftx's 1st distribution", "$1.2 billion"),
        ("how many jobs is novo cutting", "9,000"),
        ("ftx us valuation in 2022?", "$8 billion"),
        # A pledge made in September still stands in December.
        ("what was nippon's investment pledge in december 2024", "$2.7 billion"),
        ("evergrande share price in oct 2017", "31.55"),
        ("how many hengchi 5 did they deliver", "1,300"),
        # "(season)" is a note on the relation's name, not a word the question must say; .273 is not 0.27.
        ("ohtani's batting avg back in 2022", "0.273"),
        ("ohtani batting average", "0.282"),
        # "何個" asks how many, like "何人" and "何台"; "結局" (in the end) asks nothing of its own.
        ("2021年の大谷は何個三振を奪った？", "156"),
        ("大谷の奪三振数は結局いくつ？", "62"),
    ],
)
async def test_the_place_asked_is_answered(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # The relations name the first and second: the third is not on file.
        "size of the third ftx distribution?",
        # "the us" is the United States, which no fact about the cuts names.
        "how many of novo's layoffs are in the us",
        # A round's valuation of January 2022 is no answer for 2023.
        "ftx us valuation in 2023?",
        # A share price is its day's: October 2017's peak is not September 2021's.
        "evergrande share price on sept 20 2021",
        # The relation names the Hengchi 5.
        "how many hengchi 6 did they deliver",
    ],
)
async def test_another_place_is_not_answered(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer


async def test_a_balance_sheet_total_is_its_dates(sheet: FactService) -> None:
    """Total liabilities at 30 June 2023 are no answer for the end of 2023, nor is another relation's
    figure that mentions debt; the end of 2022 is answered."""
    answerer = sheet.answerer()
    assert "2.44 trillion" in answerer.ask("evergrande total liabilities at end of 2022").answer.split("\n")[0]
    answer = answerer.ask("evergrande total liabilities at end of 2023")
    assert not answer.answered, answer.answer


async def test_another_partys_fact_sharing_a_word_is_no_answer(service: FactService) -> None:
    """Asked about Ohtani's contract in yen, his interpreter's salary (whose text says "yen") is not it."""
    answer = service.answerer().ask("大谷のドジャースとの契約、日本円だと総額いくら？")
    assert "水原" not in answer.answer.split("\n")[0] and "Mizuhara" not in answer.answer.split("\n")[0]
