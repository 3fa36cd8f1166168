"""What a question's words name must be what the answer is, in English and Japanese: a sibling of the
relation asked ("operating profit forecast" beside a net profit forecast) is no answer; a Japanese cue
("目標", "売上収益", "終値") is a word the answer must explain, as an English content word is; a name's
own words ("WHO", "Kite TV") ask nothing; a count noun ("従業員数は") asks for a count. Nine of the
answers and declines here failed before these rules; the rest guard what they must not break.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import headline, service_fixture

ROWS = [
    # An airline's net profit forecast (no operating one, no revenue one), and its operating profit.
    "Gull Air,net profit forecast,,¥58.2 billion,JPY,2025-04-28,current,"
    '"In April 2025 Gull Air forecast net profit of ¥58.2 billion for the year to March 2026.",Wire,'
    '2025-04-28,https://example.com/1,"58.2 billion"',
    "Gull Air,operating profit,,¥86.9 billion,JPY,2025-03-31,current,"
    '"Gull Air\'s operating profit was ¥86.9 billion in the year to March 2025.",Wire,2025-05-10,'
    'https://example.com/2,"86.9 billion"',
    # A plan's target date.
    "Gull Air,new route start target,,2027-04,,2025-11-21,current,"
    '"Gull Air\'s November 2025 plan targets April 2027 for its first transpacific route.",Wire,2025-11-21,'
    'https://example.com/10,"April 2027"',
    # A utility's compensation: an estimate of what it will cost, and what it had paid since.
    "Kite Power,compensation cost estimate,,¥9.2 trillion,JPY,2023-12,current,"
    '"At the end of 2023 the government raised expected compensation costs to ¥9.2 trillion.",Wire,2023-12-22,'
    'https://example.com/11,"9.2 trillion"',
    "Kite Power,compensation paid,,¥8.7 billion,JPY,2024-05,current,"
    '"By May 2024 Kite Power had paid ¥8.7 billion in compensation.",Wire,2024-05-30,'
    'https://example.com/12,"8.7 billion"',
    # A carrier's revenue per user, with no target on file.
    "Kite Mobile,ARPU,,¥2021,JPY,2025-06-30,current,"
    '"Kite Mobile\'s ARPU was ¥2,021 in the April-June 2025 quarter.",Wire,2025-08-08,https://example.com/3,'
    '"2,021"',
    # A broadcaster's sponsors, a percentage its name's words do not make a rating.
    "Kite TV,sponsor recovery rate,,93%,%,2026-01-26,current,"
    "\"Kite TV's number of sponsors had recovered to 93% of the previous year's level.\",Wire,2026-01-26,"
    'https://example.com/4,"93%"',
    # An agency that declared an emergency, and who heads it.
    "World Health Organization,emergency declaration date,,2024-08-14,,2024-08-14,current,"
    '"WHO declared the outbreak a public health emergency of international concern on 14 August 2024.",'
    'Wire,2024-08-14,https://example.com/5,"14 August 2024"',
    "World Health Organization,director general,,Tedros Adhanom Ghebreyesus,,2025-09-05,current,"
    '"Tedros Adhanom Ghebreyesus was WHO director-general when the emergency was declared and ended.",Wire,'
    '2025-09-05,https://example.com/6,"Tedros"',
    # A bank's listing day, with no closing price on file.
    "Hale Bank,listing date,,2025-09-29,,2025-09-29,current,"
    '"Hale Bank listed on the Tokyo Stock Exchange on 29 September 2025.",Wire,2025-09-29,'
    'https://example.com/7,"29 September"',
    # A country's annual inflation (no core inflation on file).
    "Vale Republic,annual inflation,,117.8%,%,2024-12,current,"
    '"Annual inflation for 2024 was 117.8%.",Wire,2025-01-14,https://example.com/9,"117.8%"',
    # A union's stance on a deal, in a sentence about a mill's employees.
    "Steel Union,position on deal,,opposed,,2024-10-24,current,"
    '"The Steel Union, which represents Mill Co employees, opposed the takeover.",Wire,2024-10-24,'
    'https://example.com/8,"opposed"',
]
ENTITIES = (
    "name,kind,aliases\nGull Air,company,Gull|ガルエア\nKite Mobile,company,カイトモバイル\n"
    "Kite TV,company,カイトテレビ\nWorld Health Organization,organisation,WHO|世界保健機関\n"
    "Hale Bank,company,ヘイル銀行\nSteel Union,organisation,鉄鋼労組\nMill Co,company,ミル社\n"
    "Vale Republic,place,Vale\nKite Power,company,\n"
)

service = service_fixture("kinds_of_a_figure.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("gull net profit forecast", "58.2 billion"),
        ("gull earnings forecast", "58.2 billion"),
        ("ガルエアの純利益予想は？", "582億"),
        ("ガルエアの営業利益は？", "869億"),
        ("カイトモバイルのARPUは？", "2,021"),
        # The agency's name is no "who": the day it declared, not who headed it.
        ("WHOが緊急事態を宣言したのはいつ？", "2024"),
        ("who is the WHO director general", "Tedros"),
        ("vale inflation in 2024", "117.8%"),
        ("how much compensation has kite power paid", "8.7 billion"),
        # A plan is asked by its target ("target" and "planned" are one group).
        ("when does gull plan to start its new route", "2027"),
    ],
)
async def test_the_figure_named_answers(service: FactService, question: str, expected: str) -> None:
    assert expected in headline(service, question)


@pytest.mark.parametrize(
    "question",
    [
        # A sibling of the net profit forecast, in English and Japanese.
        "gull operating profit forecast for the year to march 2026",
        "ガルエアの営業利益予想は？",
        # A metric the forecast is not.
        "ガルエアの売上収益予想は？",
        # A target, not what was made.
        "カイトモバイルのARPU目標は？",
        # An audience rating, not the sponsors' return ("TV" is the broadcaster's name).
        "カイトテレビの視聴率は？",
        # A closing price, not the day it listed.
        "ヘイル銀行の上場初日の終値は？",
        # A count of employees, not the union's stance.
        "ミル社の従業員数は？",
        # Another kind of inflation: "core" and "annual" qualify it apart.
        "vale core inflation in 2024",
        # What was paid, not what it is estimated to cost (nothing paid is on file before May 2024).
        "how much compensation had kite power paid by the end of 2023",
    ],
)
async def test_a_neighbouring_kind_is_no_answer(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer
