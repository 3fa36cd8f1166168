"""What a Japanese counter counts ("何社" companies, "何本" commercials), 「いつ」 asking a date and never a
count, 「売上」 asking revenue, a fiscal quarter written "fiscal Q2 2025", and everyday words of a tour and
the press ("tix", "presser", "axed").
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import PERIOD_HEADER, service_fixture

ROWS = [
    "Lark TV,replacement ads,,more than 350 commercials,commercials,2025-01-25,current,"
    '"More than 350 of Lark TV\'s commercials were replaced by public service ads.",Wire,2025-01-25,'
    'https://example.com/1,"more than 350"',
    "Lark TV,advertisers pulling ads,,75 companies,companies,2025-01-23,current,"
    '"About 75 companies had pulled their ads from Lark TV.",Wire,2025-01-23,https://example.com/2,"75 companies"',
    "Lark TV,president,,Ken Mori,,2025-01-27,current,"
    '"Ken Mori was Lark TV\'s president at its 27 January press conference.",Wire,2025-01-27,'
    'https://example.com/3,"Ken Mori"',
    "Lark TV,revenue,,¥548.2 billion,JPY,2025-03-31,current,"
    '"Lark TV\'s revenue for the year to March 2025 was ¥548.2 billion.",Wire,2025-05-16,https://example.com/7,"548.2"',
    "Wren Tour,maximum draft,,44 feet,feet,2024-07-25,current,"
    '"The Wren Tour\'s barge may load to a draft of 44 feet.",Wire,2024-07-25,https://example.com/11,"44 feet"',
    "Wren Tour,number of shows,,149 shows,shows,2024-12-09,current,"
    '"The Wren Tour played 149 shows.",Wire,2024-12-09,https://example.com/4,"149 shows"',
    "Wren Tour,tickets sold,,10.1 million tickets,tickets,2024-12-09,current,"
    '"The Wren Tour sold 10.1 million tickets.",Wire,2024-12-09,https://example.com/5,"10.1 million"',
    "Wren Tour,shows cancelled,,3 shows,shows,2024-08-07,current,"
    '"Three Vienna shows of the Wren Tour were cancelled after a terror plot.",Wire,2024-08-08,'
    'https://example.com/6,"Three Vienna shows"',
]
ENTITIES = "name,kind,aliases\nLark TV,company,Lark|ラークテレビ\nWren Tour,event,Wren|レンツアー\n"

service = service_fixture("counters_and_when.sqlite3", ENTITIES, ROWS)

QUARTERS = [
    "Lark TV,quarterly revenue,,$9.5 billion,USD,2025-07-29,current,"
    '"Lark TV\'s revenue was $9.5 billion in fiscal Q3 2025.",Wire,2025-07-29,https://example.com/8,"9.5",'
    "fiscal Q3 2025 (quarter to 29 June 2025)",
    "Lark TV,quarterly revenue,,$8.8 billion,USD,2025-04-29,superseded,"
    '"Lark TV\'s revenue was $8.8 billion in fiscal Q2 2025.",Wire,2025-04-29,https://example.com/9,"8.8",'
    "fiscal Q2 2025 (quarter to 30 March 2025)",
    "Lark TV,quarterly revenue,,$9.4 billion,USD,2025-01-28,superseded,"
    '"Lark TV\'s revenue was $9.4 billion in fiscal Q1 2025.",Wire,2025-01-28,https://example.com/10,"9.4",'
    "fiscal Q1 2025 (quarter to 29 December 2024)",
]
quarters = service_fixture("fiscal_quarters.sqlite3", ENTITIES, QUARTERS, PERIOD_HEADER)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ラークテレビのCM差し止めは何社？", "75"),
        ("ラークテレビで差し替えられたCMは何本？", "350"),
        ("how many tix did the wren tour sell", "10.1 million"),
        ("who was lark tv president at the jan 27 presser", "Ken Mori"),
        ("how many wren shows got axed", "3 shows"),
        ("ラークテレビの売上は？", "5482億円"),
        (
            "wren tour max draft now?",
            "44 feet",
        ),  # "max" is the "maximum" of the relation's name  # 売上 is sales in money, as 売上高 is
    ],
)
async def test_a_count_is_of_what_the_question_counts(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize("question", ["lark tv revenue q2 fy25", "lark tv revenue fiscal q2 2025"])
async def test_a_fiscal_quarter_written_fiscal_q2_2025_is_that_quarter(quarters: FactService, question: str) -> None:
    # The statements write "fiscal Q2 2025", as companies' releases do: the quarter asked, whenever the
    # company's fiscal year starts, not the newest.
    answer = quarters.answerer().ask(question)
    assert answer.answered and "$8.8 billion" in answer.answer.split("\n")[0], answer.answer


async def test_when_in_japanese_is_never_a_count(service: FactService) -> None:
    # 「最終公演」 is said by the number of shows, but 「いつ」 asks a date the store does not hold.
    answer = service.answerer().ask("レンツアーの最終公演はいつ？")
    assert not answer.answered, answer.answer


PLUS = [
    "Heron FC,valuation,Forbes,$1.32 billion,USD,2026-02-01,current,"
    '"Forbes valued Heron FC at $1.32 billion, ahead of Ibis FC.",Wire,2026-02-01,https://example.com/20,"1.32"',
    "Mizuho Bank,stake in,Lark Card,14.99%,%,2025-04-01,current,"
    '"Mizuho Bank bought 14.99% of Lark Card from Lark TV.",Wire,2025-04-01,https://example.com/21,"14.99%"',
    "Wren Tour,contract length,Lark TV,2.5 years,years,2023-07-15,current,"
    '"The Wren Tour signed a 2.5-year broadcast deal with Lark TV.",Wire,2023-07-15,https://example.com/22,"2.5-year"',
    "Lark Pass,monthly price,,$14.99,USD,2024-02-01,current,"
    '"Lark Pass costs $14.99 a month.",Wire,2024-02-01,https://example.com/23,"$14.99 a month"',
]
PLUS_ENTITIES = (
    "name,kind,aliases\nHeron FC,company,Heron\nIbis FC,company,Ibis|Ibis Football Club\n"
    "Forbes,publication,Forbes magazine\nMizuho Bank,company,Mizuho|みずほ\nLark Card,company,ラークカード\n"
    "Lark TV,company,Lark\nWren Tour,event,Wren|レンツアー\nLark Pass,product,ラークパス\n"
)
plus = service_fixture("counters_plus.sqlite3", PLUS_ENTITIES, PLUS)


@pytest.mark.parametrize(
    "question",
    [
        "forbes value of ibis fc latest",  # Forbes measured Heron FC's; Ibis FC is only named beside it
        "ラークカード株の売却額はいくら？",  # an amount: the price of the stake sold, not the 14.99%
        "レンツアーの契約っていつまで？",  # until when: not how long
        "lark pass price for the full season",  # a whole season's price: not a month's
    ],
)
async def test_a_neighbour_of_what_is_asked_is_declined(plus: FactService, question: str) -> None:
    answer = plus.answerer().ask(question)
    assert not answer.answered, answer.answer


async def test_the_neighbours_answer_what_they_are(plus: FactService) -> None:
    for question, expected in (("heron fc forbes valuation", "1.32"), ("lark pass monthly price", "$14.99")):
        answer = plus.answerer().ask(question)
        assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer
