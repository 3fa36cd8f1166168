"""A season written "2024/25" is one period, not its two years; a curator's relation found through the
built-in one its name holds ("net sales growth guidance" through revenue) answers only when its own head
is asked; a Japanese ratio ("賃上げ率") is never a sum of money; what a Japanese counter counts ("何車種")
and the dictionary's meaning of a loanword ("アシスト") say a relation's head; "assists" is no assistant's
role; and everyday words ("est", "adj", "bc", a "record", a "crash").
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import headline, service_fixture

ROWS = [
    # A growers' board's estimates for two seasons, each revised.
    "Kestrel Board,2023/24 deficit estimate,,374000 tonnes,tonnes,2024-02-28,superseded,"
    '"In February 2024 the Kestrel Board put the 2023/24 deficit at 374,000 tonnes.",Wire,2024-02-28,'
    'https://example.com/1,"374,000"',
    "Kestrel Board,2023/24 deficit estimate,,462000 tonnes,tonnes,2024-08-30,superseded,"
    '"In August 2024 the Kestrel Board raised its 2023/24 deficit estimate to 462,000 tonnes.",Wire,2024-08-30,'
    'https://example.com/2,"462,000"',
    "Kestrel Board,2023/24 deficit estimate,,489000 tonnes,tonnes,2025-11-27,current,"
    '"In November 2025 the Kestrel Board put the 2023/24 deficit at 489,000 tonnes.",Wire,2025-11-27,'
    'https://example.com/3,"489,000"',
    "Kestrel Board,2024/25 surplus estimate,,142000 tonnes,tonnes,2025-02-28,superseded,"
    '"In February 2025 the Kestrel Board expected a 2024/25 surplus of 142,000 tonnes.",Wire,2025-02-28,'
    'https://example.com/4,"142,000"',
    "Kestrel Board,2024/25 surplus estimate,,49000 tonnes,tonnes,2025-11-27,current,"
    '"In November 2025 the Kestrel Board cut its 2024/25 surplus estimate to 49,000 tonnes.",Wire,2025-11-27,'
    'https://example.com/5,"49,000"',
    "Kestrel Board,record high,,$12931,USD,2024-12-18,current,"
    '"Kestrel futures set a record high of $12,931 a tonne on 18 December 2024.",Wire,2024-12-18,'
    'https://example.com/6,"12,931"',
    # A food maker's guidance, written with its year, and a season's volume guidance.
    "Pell Foods,2025 net sales growth guidance,,3%,,2025-10-30,current,"
    '"Pell Foods expects 2025 net sales to grow about 3%.",Wire,2025-10-30,https://example.com/7,"about 3%"',
    "Pell Foods,FY2024/25 sales volume decline guidance,,7%,,2025-04-10,current,"
    '"Pell Foods expects its FY2024/25 sales volume to fall about 7%.",Wire,2025-04-10,https://example.com/8,'
    '"fall about 7%"',
    "Pell Foods,2025 adjusted EPS decline guidance,,36%,,2025-10-30,current,"
    '"Pell Foods expects 2025 adjusted EPS to fall 36%.",Wire,2025-10-30,https://example.com/9,"36%"',
    # A union's deal, a carmaker's recall, a striker's season, an agency's aid, a runway collision.
    "Pell Foods,ratification bonus,,$12000,USD,2024-11-04,current,"
    '"Pell Foods paid each union member a $12,000 ratification bonus.",Wire,2024-11-04,https://example.com/10,'
    '"$12,000"',
    "Pell Motors,models recalled,,5 models,models,2024-06-03,current,"
    '"Pell Motors recalled five models.",Wire,2024-06-03,https://example.com/11,"five models"',
    "Ria Costa,league assists,,16 assists,assists,2024-10-19,current,"
    '"Ria Costa made 16 league assists in 2024.",Wire,2024-10-19,https://example.com/12,"16 assists"',
    "Relief Agency,assistance paid to survivors,,$101 million,USD,2025-03-25,current,"
    '"The Relief Agency had paid $101 million in assistance to survivors by 25 March 2025.",Wire,2025-03-25,'
    'https://example.com/13,"$101 million"',
    "Relief Agency,intervention spending,,$5 billion,USD,2024-04-29,current,"
    '"The Relief Agency spent $5 billion on its April 2024 intervention.",Wire,2024-04-29,https://example.com/14,'
    '"$5 billion"',
    "Gull Air,estimated loss from the collision,,¥15 billion,JPY,2024-01-04,current,"
    '"Gull Air put its loss from the runway collision at about ¥15 billion.",Wire,2024-01-04,'
    'https://example.com/15,"15 billion"',
]
ENTITIES = (
    "name,kind,aliases\nKestrel Board,organisation,Kestrel|ケストレル\nPell Foods,company,Pell|ペル\n"
    "Pell Motors,company,ペルモーターズ\nRia Costa,person,Costa|リア・コスタ\nRelief Agency,organisation,"
    "Relief|救済庁\nGull Air,company,Gull|ガル航空\n"
)

service = service_fixture("seasons_and_links.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # The season named is the relation's own: the newest estimate of it, not the one dated then.
        ("kestrel 2023/24 deficit latest estimate?", "489,000"),
        ("kestrel 2024/25 surplus?", "49,000"),
        ("pell volume guidance for fy 2024/25", "7%"),
    ],
)
async def test_a_season_asked_is_the_relations_own(service: FactService, question: str, expected: str) -> None:
    assert expected in headline(service, question)


@pytest.mark.parametrize(
    "question",
    [
        "kestrel 2025/26 surplus forecast?",  # 2025 is in "2024/25", but it is another season
        "pell volume guidance for fy 2025/26",
    ],
)
async def test_another_season_is_not_answered(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer


async def test_a_relation_found_through_a_linked_one_needs_its_own_head(service: FactService) -> None:
    # "revenue" finds the "net sales growth guidance" through its word "sales"; a quarter's revenue is no
    # growth forecast for the year.
    answer = service.answerer().ask("pell q3 2025 revenue?")
    assert not answer.answered, answer.answer
    assert "3%" in headline(service, "pell 2025 sales growth guidance")


async def test_a_japanese_ratio_is_no_sum_of_money(service: FactService) -> None:
    answer = service.answerer().ask("ペルの労組が受け入れた賃上げ率は？")
    assert not answer.answered, answer.answer
    assert "$12,000" in headline(service, "pell ratification bonus")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ペルモーターズのリコールは何車種？", "5 models"),  # 何車種 counts models
        ("リア・コスタの2024年のアシスト数は？", "16"),  # アシスト is "assist", and assists are no assistant
        ("relief money to survivors, latest figure?", "$101 million"),  # "assistance" is no assistant either
        ("relief intervention amount", "$5 billion"),  # an amount of money is the spending
        ("pell adj eps decline guidance for 2025", "36%"),
        ("kestrel record?", "12,931"),  # a record is its record high
        ("how much did the crash cost gull", "15"),  # a crash is a collision
        ("gull loss bc of the collision", "15"),
    ],
)
async def test_words_that_say_the_relation(service: FactService, question: str, expected: str) -> None:
    assert expected in headline(service, question)


DAYS = [
    # Counts of one day's cancellations, given that morning and final the next day.
    "Gull Air,domestic flights cancelled on 3 January 2024,,44 flights,flights,2024-01-03,superseded,"
    '"On the morning of 3 January 2024 Gull Air announced 44 domestic cancellations for that day.",Wire,'
    '2024-01-04,https://example.com/20,"44 domestic cancellations"',
    "Gull Air,domestic flights cancelled on 3 January 2024,,98 flights,flights,2024-01-04,current,"
    '"Gull Air\'s domestic cancellations for 3 January 2024 finally reached 98 flights.",Wire,2024-01-04,'
    'https://example.com/21,"98 flights"',
    "Flight 99,passengers injured,,2 passengers,passengers,2024-01-03,superseded,"
    '"On 3 January 2024 Gull Air reported two injured passengers on Flight 99.",Wire,2024-01-03,'
    'https://example.com/22,"two injured"',
    "Flight 99,passengers injured,,3 passengers,passengers,2024-01-19,superseded,"
    '"On 19 January 2024 Gull Air added a third injured passenger on Flight 99.",Wire,2024-01-19,'
    'https://example.com/23,"third injured"',
    "Flight 99,passengers injured,,4 passengers,passengers,2024-02-02,current,"
    '"On 2 February 2024 Gull Air added a fourth injured passenger on Flight 99.",Wire,2024-02-02,'
    'https://example.com/24,"fourth injured"',
    "Flight 99,passengers affected by cancellations,,150000 people,people,2024-01-05,current,"
    '"The cancellations after Flight 99 had affected 150,000 people by 5 January 2024.",Wire,2024-01-05,'
    'https://example.com/25,"150,000"',
    "Pell Motors,global sales drop,,51%,,2024-01-31,current,"
    '"Pell Motors\' global sales fell 51% in January 2024.",Wire,2024-02-28,https://example.com/26,"fell 51%"',
    "Pell Motors,earliest irregularity,,1989,,2023-12-20,current,"
    '"Pell Motors\' earliest improper test dates from 1989.",Wire,2023-12-20,https://example.com/27,"1989"',
    "Pell Motors,improper cases,,174 cases,cases,2023-12-20,current,"
    '"A panel found 174 improper cases at Pell Motors.",Wire,2023-12-20,https://example.com/28,"174"',
    "Spring Findings,models affected,,38 models,models,2024-06-03,current,"
    '"Pell Motors, Kite Motors and Wren Motors had filed improper data for 38 models in total.",Wire,2024-06-03,'
    'https://example.com/29,"38 models"',
    "Kite Motors,production halt date,,2024-06-06,,2024-06-06,current,"
    '"Kite Motors halted production on 6 June 2024.",Wire,2024-06-06,https://example.com/30,"halted production"',
    "Kite Motors,production halt end date,,2024-07-31,,2024-06-14,current,"
    '"On 14 June 2024 Kite Motors extended its production halt to 31 July 2024.",Wire,2024-06-14,'
    'https://example.com/31,"extended its production halt"',
    "Flight 99,deaths,,5 deaths,deaths,2024-01-02,current,"
    '"Five of the six crew of the other aircraft were killed.",Wire,2024-01-02,https://example.com/32,'
    '"Five of the six"',
    "Spring Findings,Fortune 500 loss,,$5.4 billion,USD,2024-06-10,current,"
    '"The findings cost Fortune 500 companies, Wren Motors among them, $5.4 billion.",Wire,2024-06-10,'
    'https://example.com/33,"$5.4 billion"',
    "Kite Motors,loss from the findings,,$500 million,USD,2024-06-10,current,"
    '"Kite Motors lost $500 million from the findings.",Wire,2024-06-10,https://example.com/34,"$500 million"',
    "Rules Act,gatekeepers designated,,6 gatekeepers,gatekeepers,2023-09-06,superseded,"
    '"On 6 September 2023 six gatekeepers were designated under the Rules Act.",Wire,2023-09-06,'
    'https://example.com/35,"six gatekeepers"',
    "Rules Act,gatekeepers designated,,7 gatekeepers,gatekeepers,2024-05-13,current,"
    '"With a seventh designation on 13 May 2024 the Rules Act has seven gatekeepers.",Wire,2024-05-13,'
    'https://example.com/36,"seven gatekeepers"',
    "Kite Motors,fine,,€500 million,EUR,2024-11-14,current,"
    '"On 14 November 2024 regulators fined Kite Motors €500 million.",Wire,2024-11-14,https://example.com/37,'
    '"fined Kite Motors"',
    "Rules Act,maximum fine,,10%,,2024-05-13,current,"
    '"A gatekeeper that breaks the Rules Act can be fined up to 10% of its worldwide turnover.",Wire,2024-05-13,'
    'https://example.com/38,"up to 10%"',
    "Rules Act,maximum fine for repeated infringements,,20%,,2024-05-13,current,"
    '"For repeated infringements of the Rules Act the maximum fine rises to 20%.",Wire,2024-05-13,'
    'https://example.com/39,"rises to 20%"',
    "Wren Team,gold medals,,20 gold medals,gold medals,2024-08-11,current,"
    '"Wren Team finished the Games with 20 gold medals.",Wire,2024-08-11,https://example.com/40,"20 gold medals"',
    "Wren Team,wrestling gold medals,,8 gold medals,gold medals,2024-08-11,current,"
    '"Wren Team won 8 wrestling golds.",Wire,2024-08-11,https://example.com/41,"8 wrestling golds"',
]
DAY_ENTITIES = (
    "name,kind,aliases\nGull Air,company,Gull|ガル航空\nFlight 99,event,ガル99便\nPell Motors,company,ペルモーターズ\n"
    "Kite Motors,company,カイトモーターズ\nWren Motors,company,\nSpring Findings,event,三社の不正\n"
    "Rules Act,government,Regulation (EU) 2022/1925|ルールズ法\nWren Team,organization,レンチーム\n"
)

days = service_fixture("days_and_counts.sqlite3", DAY_ENTITIES, DAYS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # A day the relation's name holds names it: its final count, not the one given that day.
        ("how many flights did gull end up cancelling on jan 3", "98"),
        ("ガル航空は1月3日に最終的に何便欠航した？", "98"),
        ("gull cancellations for jan 3 as announced that morning", "44"),  # the count that morning
        # "injuries" counts the "passengers injured": the people counted, by what befell them.
        ("flight 99 injuries as of jan 19?", "3 passengers"),
        ("flight 99 injuries latest", "4 passengers"),
        # "till when" asks the day it ends, not the day it began.
        ("as of mid june 2024, till when was kite motors halting production", "31 July 2024"),
        ("flight 99 death toll?", "5 deaths"),  # a toll only says it is counted
        ("how much did kite motors itself lose from the findings", "$500 million"),
        ("how many gatekeepers did the rules act have in 2024", "7 gatekeepers"),
        ("how much was kite motors' fine in 2024", "€500 million"),
        # 違反 is an infringement or a breach, and 獲得 a medal won: the plain figure, not its kin.
        ("ルールズ法違反の制裁金の上限は何％？", "10%"),
        ("レンチームが獲得した金メダルは何個？", "20"),
        # A clause saying what happened then is placed by the time, and no fact need say it.
        ("how many passengers were injured on flight 99 in jan 2024 when the crash happened", "3 passengers"),
    ],
)
async def test_a_day_or_a_kind_the_relation_names(days: FactService, question: str, expected: str) -> None:
    assert expected in headline(days, question)


@pytest.mark.parametrize(
    "question",
    [
        "pell motors global sales drop for the full year 2024",  # January's drop is no year's whole
        "ペルモーターズの不正は何件？",  # a count of cases: never the year they began
        "カイトモーターズの不正は何車種？",  # the three carmakers' 38 models together, not Kite's
        "how many kite motors models were affected",
        "how much did wren motors itself lose from the findings",  # Wren's own loss, not all 500's
        # The year in "Regulation (EU) 2022/1925" is no time the name holds: 2022 is before the first count.
        "how many gatekeepers did the rules act have in 2022",
        "how much was kite motors' fine in 2023",  # imposed in November 2024: no fine of 2023
    ],
)
async def test_a_whole_year_or_a_count_is_not_another_figure(days: FactService, question: str) -> None:
    answer = days.answerer().ask(question)
    first = answer.answer.split("\n")[0]
    assert not any(wrong in first for wrong in ("51%", "1989", "38", "5.4", "gatekeepers", "€500")), answer.answer
    assert "51%" in headline(days, "pell motors global sales drop in january 2024")


async def test_as_of_is_the_time_it_follows(service: FactService) -> None:
    # Two times: "2025年2月時点" is when; the season "2024/25年度" is what the estimate is for.
    assert "14.2万" in headline(service, "2025年2月時点でケストレルは2024/25年度の余剰をどのくらいと見ていた？")
