"""Questions written another way than the pack: a year as "'22", a Japanese name with a space in it, who
bought whom said with "buying", and a word Japanese questions may leave unexplained ("累計") that still
tells two figures apart. And a market's price is a reading of its day: a day between readings is declined.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "North Crude,price per barrel,,$93.60,USD,2022-10-05,superseded,"
    '"North Crude rose to $93.60 a barrel on 5 October 2022.",Wire,2022-10-05,https://example.com/1,"$93.60"',
    "North Crude,price per barrel,,$78.49,USD,2023-12-21,superseded,"
    '"North Crude fell to $78.49 a barrel on 21 December 2023.",Wire,2023-12-21,https://example.com/2,"$78.49"',
    "North Crude,price per barrel,,$73.72,USD,2024-09-05,current,"
    '"North Crude fell to $73.72 a barrel on 5 September 2024.",Wire,2024-09-05,https://example.com/3,"$73.72"',
    "October 2022 output cut,share of global oil demand,,about 2%,%,2022-10-05,current,"
    '"The 2 million b/d cut equalled about 2% of global oil demand.",Wire,2022-10-05,https://example.com/4,"about 2%"',
    "Gulf Alliance,share of global oil demand,,about 5.7%,%,2024-06-02,current,"
    '"In June 2024 the alliance\'s total cuts equalled about 5.7% of global oil demand.",Wire,2024-06-02,'
    'https://example.com/5,"5.7%"',
    "Gulf Alliance,monthly output increase,,137000,barrels per day,2025-10,superseded,"
    '"The alliance raised output by 137,000 barrels per day for October 2025.",Wire,2025-10-05,'
    'https://example.com/6,"137,000"',
    "Gulf Alliance,monthly output increase,,206000,barrels per day,2026-04,current,"
    '"The alliance agreed an increase of 206,000 barrels per day for April 2026.",Wire,2026-03-01,'
    'https://example.com/7,"206,000"',
    "Gulf Alliance,cumulative output increase,,2900000,barrels per day,2025-11-02,current,"
    '"By November 2025 the alliance had raised its targets by about 2.9 million barrels per day since April '
    '2025.",Wire,2025-11-02,https://example.com/8,"2.9 million"',
    "Star Kart World,units sold,,14000000,units,2025-12-31,current,"
    '"Star Kart World had sold 14 million units by 31 December 2025.",Wire,2026-02-03,https://example.com/9,'
    '"14 million"',
    "Cal Farms,deal value,Lake Foods,$1.2 billion,USD,2025-04-08,current,"
    '"Cal Farms agreed to buy Lake Foods for $1.2 billion.",Wire,2025-04-08,https://example.com/10,"$1.2 billion"',
    "Coin Token,all-time high price,,$84,USD,2021-09,current,"
    '"Coin Token\'s all-time high was about $84, reached in September 2021.",Wire,2022-11-08,'
    'https://example.com/11,"about $84"',
    "North Crude,record high,,$139.13,USD,2022-03-07,current,"
    '"North Crude hit a record $139.13 a barrel on 7 March 2022.",Wire,2022-03-07,https://example.com/12,'
    '"$139.13"',
    "Kite Retail,US stores,,5200,stores,2025-07-17,current,"
    '"Kite Retail runs about 5,200 stores in the US.",Wire,2025-07-17,https://example.com/13,"5,200"',
    "Kite Retail,job cuts,,1200,jobs,2024-11-07,current,"
    '"Kite Retail said in November 2024 that it would cut 1,200 jobs.",Wire,2024-11-07,https://example.com/14,'
    '"1,200"',
    "Kite Retail,spin-off effective date,,2025-10-01,,2025-10-01,current,"
    '"The spin-off of Kite Retail took effect on 1 October 2025, and the dividend in kind was paid to '
    'shareholders.",Wire,2025-10-01,https://example.com/15,"took effect on 1 October 2025"',
    "Kite Retail,first-day opening price,,$85,USD,2025-07-31,current,"
    '"Kite Retail shares opened at $85 on their first day of trading, at their market debut.",Wire,2025-07-31,https://example.com/16,'
    '"opened at $85"',
    "Kite Rocket,launch cost target,,¥5 billion,JPY,2023-03-07,current,"
    '"The agency aims to bring the cost of a Kite Rocket launch down to about 5 billion yen.",Wire,2023-03-07,'
    'https://example.com/17,"5 billion yen"',
    "Lake Foods,stores reopened,,about 400,stores,2024-07-19,current,"
    '"By 5 p.m. about 400 of the closed Lake Foods stores had reopened.",Wire,2024-07-19,'
    'https://example.com/18,"about 400"',
    "Cal Farms,shares bought,,86.9 million,shares,2025-08-18,current,"
    '"Cal Farms is buying about 86.9 million Lake Foods shares.",Wire,2025-08-18,https://example.com/19,"86.9 million"',
    "Cal Farms,offer price,,$23,USD,2025-08-18,current,"
    '"Cal Farms pays $23 for each Lake Foods share it buys.",Wire,2025-08-18,https://example.com/20,"$23"',
    "Kite Rocket,seven-day pass price,,50000,JPY,2023-10-01,current,"
    '"Since 1 October 2023 a seven-day Kite Rocket launch-site pass costs 50,000 yen.",Wire,2023-10-06,'
    'https://example.com/22,"50,000 yen"',
    "Home Energy Cap,typical household electricity use,,2700,kWh per year,2023-10-01,current,"
    '"Since 1 October 2023 the cap\'s typical household uses 2,700 kWh of electricity a year.",Wire,2023-10-01,'
    'https://example.com/21,"2,700 kWh"',
]
ENTITIES = (
    "name,kind,aliases\n"
    "North Crude,market,north crude oil|ノース原油\n"
    "October 2022 output cut,event,October 2022 cut|2022年10月の減産\n"
    "Gulf Alliance,organization,湾岸連合\n"
    "Star Kart World,product,スターカート ワールド\n"
    "Cal Farms,company,\n"
    "Lake Foods,company,\n"
    "Coin Token,product,\n"
    "Kite Retail,company,カイト\n"
    "Kite Rocket,product,\n"
    "Home Energy Cap,event,energy cap|the cap\n"
)

service = service_fixture("asked_another_way.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # "'22" is 2022: the cut's own share, not the alliance's later one.
        ("the oct '22 cut was like what % of global oil demand?", "2%"),
        # The space inside the Japanese name is no word break.
        ("スターカート ワールドは何本売れた？", "1400万"),
        # "Cal Farms buying Lake Foods": Cal Farms is the buyer, as the fact is written.
        ("what's the deal value of cal farms buying lake foods", "$1.2 billion"),
        # "累計" needs no explaining, but of the monthly and the cumulative increase it asks the cumulative.
        ("湾岸連合の累計の増産量って今どれくらい？", "290万"),
        ("north crude price on 21 dec 2023", "$78.49"),
        # "アメリカ" is the US of a relation's name; "発表した" only says what happened at the time asked.
        ("カイトのアメリカの店舗数は？", "5,200"),
        ("2024年11月に発表したカイトの人員削減数は？", "1,200"),
        # Where shares opened is the opening price; what a launch is supposed to cost, the cost target.
        ("where did kite retail shares open on debut", "$85"),
        ("how much is a kite rocket launch supposed to cost", "5 billion"),
        ("how many lake foods stores reopened", "about 400"),
        # A price per share is asked: the $23, not the 86.9 million shares bought.
        ("what did cal farms pay per lake foods share", "$23"),
        ("price of the 7 day kite rocket pass?", "50,000"),
        ("typical household electricity use for the energy cap", "2,700"),
        # "All time high" is the high of the price: the "all-time high price", and a "record high".
        ("coin token all time high?", "$84"),
        ("what was north crude's all time high in march 2022", "$139.13"),
    ],
)
async def test_asked_another_way_answers(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # Three months after one reading and six before the next: no price of that day is on file.
        "north crude price on march 15 2024?",
        # A rate is asked: the date a "dividend in kind" was paid is no dividend per share.
        "kite retail dividend per share?",
        "カイトの1株当たり配当は？",
        # How many stores shut is not how many reopened (grammar `opposites`).
        "lake foods how many stores shut",
        # Gas use is not electricity use (grammar `opposites`).
        "typical household gas use for the energy cap",
        # A pass named "seven-day" is not the 14-day one (grammar `number_words`).
        "price of the 14 day kite rocket pass?",
    ],
)
async def test_a_figure_not_on_file_is_declined(service: FactService, question: str) -> None:
    assert not service.answerer().ask(question).answered
