"""An event named in the question is the time asked ("北京冬季五輪で日本の金メダル" is the count at
Beijing 2022, not at the Games since); a person's surname alone names the one person who has it;
"golds" are gold medals, and a fact that only mentions golds in passing is no answer; 総数 asks for
the total; a katakana word is found only as a whole word; a half of a fiscal year and 通期 are
periods; a share price is a reading of its date; a day asked is not what was stated after it."""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import PERIOD_HEADER, service_fixture

GAMES = [
    ("2018-02-25", "PyeongChang 2018", "4", "13", "superseded"),
    ("2022-02-20", "Beijing 2022", "3", "18", "superseded"),
    ("2026-02-22", "Milano Cortina 2026", "5", "24", "current"),
]
ROWS = [
    row
    for as_of, games, golds, medals, status in GAMES
    for row in (
        f"Japan,winter Olympic gold medals,,{golds},gold medals,{as_of},{status},"
        f'"Japan won {golds} gold medals at {games}.",Wire,{as_of},https://example.com/g{as_of},'
        f'"{golds} gold medals.",{games}',
        f"Japan,winter Olympic medals,,{medals},medals,{as_of},{status},"
        f'"Japan won {medals} medals in total at {games}.",Wire,{as_of},https://example.com/m{as_of},'
        f'"{medals} medals.",{games}',
    )
] + [
    "Japan,speed skating medals,Milano Cortina 2026 Winter Olympics,6,medals,2026-02-22,current,"
    '"Japan won 6 speed skating medals, 2 of them gold, at Milano Cortina 2026.",Wire,2026-02-22,'
    "https://example.com/s,six medals.,Milano Cortina 2026",
    "Japan,winter gold-medal ranking,,12th,,2022-02-20,current,"
    '"Japan ranked 12th on golds at Beijing 2022.",Wire,2022-02-20,https://example.com/r,12th on golds.,Beijing 2022',
    "Miho Takagi,career Olympic medals,,7,medals,2022-02-17,superseded,"
    '"After Beijing 2022 Miho Takagi had 7 Olympic medals.",Wire,2022-02-17,https://example.com/t1,'
    "seven medals.,Beijing 2022",
    "Miho Takagi,career Olympic medals,,8,medals,2026-02-09,superseded,"
    '"Takagi\'s 1000m bronze on 9 February 2026 took her career tally to 8.",Wire,2026-02-09,'
    "https://example.com/t2,eight medals.,Milano Cortina 2026",
    "Miho Takagi,career Olympic medals,,10,medals,2026-02-17,current,"
    '"Takagi\'s team pursuit bronze on 17 February 2026 gave her a 10th Olympic medal.",Wire,2026-02-17,'
    "https://example.com/t3,ten medals.,Milano Cortina 2026",
    "Hifumi Abe,Olympic gold medals,,2,gold medals,2024-07-28,current,"
    '"Hifumi Abe won his second Olympic gold at Paris 2024.",Wire,2024-07-28,https://example.com/h,second gold.,',
    "Uta Abe,Olympic gold medals,,1,gold medals,2021-07-25,current,"
    '"Uta Abe won Olympic gold at Tokyo 2020.",Wire,2021-07-25,https://example.com/u,won gold.,',
    "Kestrel Retail,first-half operating profit,,220.3 billion,JPY,2023-02,superseded,"
    '"Kestrel\'s operating profit for the first half of fiscal 2023 was ¥220.3 billion.",Wire,2023-04-13,'
    "https://example.com/k1,¥220.3 billion.,first half of fiscal 2023 (September 2022 to February 2023)",
    "Kestrel Retail,first-half operating profit,,257.0 billion,JPY,2024-02,current,"
    '"Kestrel\'s operating profit for the first half of fiscal 2024 was ¥257 billion.",Wire,2024-04-11,'
    "https://example.com/k2,¥257 billion.,first half of fiscal 2024 (September 2023 to February 2024)",
    "Kestrel Retail,operating profit,,381 billion,JPY,2023-08,superseded,"
    '"Kestrel\'s operating profit for fiscal 2023 was ¥381 billion.",Wire,2023-10-12,https://example.com/k3,'
    "¥381 billion.,fiscal 2023 (year to August 2023)",
    "Kestrel Retail,first-quarter operating profit,,210.9 billion,JPY,2025-11,current,"
    '"Kestrel\'s operating profit for the first quarter of fiscal 2026 was ¥210.9 billion.",Wire,2026-01-08,'
    "https://example.com/k6,¥210.9 billion.,Q1 fiscal 2026 (September to November 2025)",
    "Kestrel Retail,operating profit,,564.2 billion,JPY,2025-08,current,"
    '"Kestrel\'s operating profit for fiscal 2025 was ¥564.2 billion.",Wire,2025-10-09,https://example.com/k7,'
    "¥564.2 billion.,fiscal 2025 (year to August 2025)",
    "Kestrel Retail,annual revenue,,402.8 billion,USD,2025-12,current,"
    '"Kestrel\'s revenue for 2025 was $402.8 billion.",Wire,2026-02-04,https://example.com/k4,$402.8 billion.,2025',
    "Kestrel Retail,quarterly revenue,,113.8 billion,USD,2025-12,current,"
    '"Kestrel\'s revenue for the fourth quarter of 2025 was $113.8 billion.",Wire,2026-02-04,'
    "https://example.com/k5,$113.8 billion.,fourth quarter of 2025",
    "Kestrel Retail,global search market share,,89.66%,%,2025-04,current,"
    '"Kestrel\'s global search share was 89.66% in April 2025.",Wire,2025-05-01,https://example.com/gs,89.66%.,',
    "Kestrel Retail,US search market share,,86.73%,%,2025-04,current,"
    '"Kestrel\'s US search share was 86.73% in April 2025.",Wire,2025-05-01,https://example.com/us,86.73%.,',
    "Kestrel Retail,all-time high share price,,412.50,USD,2025-11-03,current,"
    '"Kestrel stock hit an all-time high of $412.50 on 3 November 2025.",Wire,2025-11-03,https://example.com/h,'
    "$412.50.,",
    "Kestrel Retail,share price,,158.70,USD,2024-08-05,superseded,"
    '"Kestrel stock fell to $158.70 on 5 August 2024.",Wire,2024-08-05,https://example.com/p1,$158.70.,',
    "Kestrel Retail,share price,,334.04,USD,2026-01-12,current,"
    '"Kestrel stock closed at $334.04 on 12 January 2026.",Wire,2026-01-12,https://example.com/p2,$334.04.,',
]
ENTITIES = (
    "name,kind,aliases\nJapan,place,日本\nMiho Takagi,person,高木美帆\nHifumi Abe,person,阿部一二三\n"
    "Uta Abe,person,阿部詩\nKestrel Retail,company,Kestrel|ケストレル\n"
    "Beijing 2022 Winter Olympics,event,Beijing 2022|北京冬季五輪|北京五輪\n"
    "PyeongChang 2018 Winter Olympics,event,PyeongChang 2018|平昌五輪\n"
    "Milano Cortina 2026 Winter Olympics,event,Milano Cortina 2026|Milan Cortina|ミラノ五輪\n"
    "Paris 2024 Olympics,event,Paris 2024|パリ五輪|パリオリンピック\n"
)


service = service_fixture("events.sqlite3", ENTITIES, ROWS, PERIOD_HEADER)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # The Games named are the time asked: their count, though a later Games' is the newest.
        ("北京冬季五輪で日本の金メダルは何個？", "3"),
        ("平昌五輪での日本のメダル総数は？", "13"),
        # "golds" are gold medals; the speed skating medals that include 2 golds are no answer.
        ("how many golds did japan bag at milan cortina", "5 gold medals"),
        ("milan cortina japan gold count", "5 gold medals"),
        # 総数 asks for the total, not the speed skating medals the Games' own fact counts.
        ("ミラノ五輪で日本が獲得したメダルの総数は？", "24"),
        # A surname alone names the one person with it; the day asked is not what was stated after it.
        ("takagi career olympic medal count after her 1000m bronze on feb 9 2026", "8 medals"),
        ("takagi career olympic medals now", "10 medals"),
        # Halves of a fiscal year, by name; 通期 is the year's figure, not the quarter's.
        ("kestrel h1 op profit fy23", "¥220 billion"),
        ("kestrel first half operating profit fiscal 2024", "¥257 billion"),
        ("ケストレルの最新の通期売上高は？", "4028億ドル"),
        # A quarter asked without its year is no fiscal year's figure.
        ("kestrel q1 operating profit, latest quarter", "¥211 billion"),
        ("kestrel operating profit", "¥564 billion"),
        ("japan gold medal rank at beijing 2022", "12th"),
        # "global" is read as "worldwide" in a question and in a fact alike.
        ("kestrel global search share latest", "89.66%"),
        # "all time high" is read as "record" in the question and in the relation's name alike.
        ("kestrel share price all time high?", "$412.5"),
    ],
)
async def test_events_names_and_periods(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # Two people are called Abe: the surname alone names neither.
        "how many olympic golds does abe have",
        # "Total" and "gold" are opposite sides of a medal table: the gold-medal ranking is no answer.
        "japan rank by total medals at beijing 2022",
        # A share price is a reading of its day: August's is no answer for December.
        "kestrel share price in dec 2024?",
        # "リオ" is not inside "パリオリンピック": no Rio Games are on file.
        "リオ五輪で日本の金メダルは何個？",
    ],
)
async def test_no_neighbour_for_names_and_readings(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer
