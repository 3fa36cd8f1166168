"""A Japanese word that means an English phrase (打率: "batting average") finds the fact whose
relation's name holds that phrase; "XでのY" asks about Y at X; "the original deadline" is a timeline's
first figure; "737-9s" are the 737-9 the fact names; a clipped word ("reorg") stands for the word
it clips."""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

SEASONS = [
    ("2022", "14", ".262", "superseded"),
    ("2023", "20", ".285", "superseded"),
    ("2024", "21", ".283", "current"),
]
ROWS = [
    row
    for year, homers, average, status in SEASONS
    for row in (
        f"Seiya Suzuki,home runs (season),Chicago Cubs,{homers},home runs,{year}-10-01,{status},"
        f'"Suzuki hit {homers} home runs in {year}.",Wire,{year}-10-02,https://example.com/h{year},"{homers} homers."',
        f"Seiya Suzuki,batting average (season),Chicago Cubs,{average},,{year}-10-01,{status},"
        f'"Suzuki batted {average} in {year}.",Wire,{year}-10-02,https://example.com/a{year},"{average}."',
    )
] + [
    "Seiya Suzuki,uniform number,Chicago Cubs,27,,2022-03-18,current,"
    '"Suzuki wears number 27 for the Cubs.",Wire,2022-03-18,https://example.com/u,"No. 27."',
    "Seiya Suzuki,contract value,Chicago Cubs,85 million,USD,2022-03-18,current,"
    '"Suzuki signed a five-year, $85 million contract with the Cubs.",Wire,2022-03-18,https://example.com/c,"$85m."',
    "Harbour Link,completion deadline,,2027-06-30,,2021-05-01,superseded,"
    '"The original contract set 30 June 2027 as the deadline for opening the Harbour Link.",Wire,2021-05-01,'
    'https://example.com/d1,"30 June 2027."',
    "Harbour Link,completion deadline,,2028-12-31,,2023-09-01,superseded,"
    '"The deadline for the Harbour Link moved to 31 December 2028.",Wire,2023-09-01,https://example.com/d2,"2028."',
    "Harbour Link,completion deadline,,2029-09-30,,2025-02-01,current,"
    '"The Harbour Link deadline was pushed back again to 30 September 2029.",Wire,2025-02-01,'
    'https://example.com/d3,"2029."',
    "Harbour Link,budget,,4.1 billion,USD,2021-05-01,current,"
    '"The Harbour Link was budgeted at $4.1 billion.",Wire,2021-05-01,https://example.com/b,"$4.1 billion."',
    "Federal Aviation Administration,planes grounded,Boeing,171,planes,2024-01-06,current,"
    '"The FAA grounded 171 Boeing 737 MAX 9 planes after the door plug blew out.",Wire,2024-01-06,'
    'https://example.com/g,"171 planes."',
    "Kaito Mori,goals in 2024-25 season,River City,38,goals,2025-05-26,superseded,"
    '"By the end of the league season Mori had 38 goals in his debut River City campaign.",Wire,2025-05-26,'
    'https://example.com/m1,"38 goals."',
    "Kaito Mori,goals in 2024-25 season,River City,41,goals,2025-10-31,current,"
    '"Mori finished his debut River City season with 41 goals in all competitions.",Wire,2025-10-31,'
    'https://example.com/m2,"41 goals."',
    "Ren Aoki,goals in 2025 calendar year,River City,30,goals,2025-09-01,superseded,"
    '"As of 1 September 2025 Aoki had scored 30 goals for River City in calendar year 2025.",Wire,2025-09-01,'
    'https://example.com/m3,"30 goals."',
    "Ren Aoki,goals in 2025 calendar year,River City,47,goals,2025-12-20,current,"
    '"Aoki reached 47 River City goals in calendar year 2025 on 20 December.",Wire,2025-12-21,'
    'https://example.com/m4,"47 goals."',
    "Lumen Exchange,reorganization plan effective date,,2025-01-03,,2025-01-03,current,"
    '"Lumen Exchange\'s reorganization plan took effect on 3 January 2025.",Wire,2025-01-03,'
    'https://example.com/r,"3 January 2025."',
]
ENTITIES = (
    "name,kind,aliases\nSeiya Suzuki,person,Suzuki|鈴木誠也|鈴木\nChicago Cubs,company,Cubs|カブス\n"
    "Harbour Link,product,harbour tunnel|ハーバーリンク\nFederal Aviation Administration,government,FAA\n"
    "Boeing,company,ボーイング\n"
    "Lumen Exchange,company,Lumen\n"
    "Kaito Mori,person,Mori\nRen Aoki,person,Aoki\nRiver City,company,\n"
)


service = service_fixture("phrases.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 本塁打 and 打率 mean English phrases: the relation whose name holds every word of one answers.
        ("2023年の鈴木の本塁打は？", "20 home runs"),
        ("鈴木誠也の打率は？", ".283"),
        ("2022年の鈴木の打率", ".262"),
        # "カブスでの鈴木": Suzuki at the Cubs, so Suzuki's own number (not a fact of the Cubs about him).
        ("カブスでの鈴木の背番号は？", "27"),
        # "Original" and 当初 ask for the first figure of the timeline; "now" for the newest.
        ("what was the original deadline for the harbour link", "30 June 2027"),
        ("harbour link deadline initially?", "30 June 2027"),
        ("ハーバーリンクの当初の期限は？", "2027年6月30日"),
        ("harbour link deadline now", "30 September 2029"),
        # A timeline of one fact has no first figure apart from its only one.
        ("original budget of the harbour link", "$4.1 billion"),
        # "737-9s" and "max 9s" are the planes the fact names as "737 MAX 9" (numbers, not words).
        ("how many planes did the faa ground, all max 9s?", "171"),
        # "First season" names a season, not the timeline's first figure: the season's final count answers.
        ("how many goals did mori score in his first season at river city?", "41 goals"),
        # A day without its year beside the one year asked is a day of that year.
        ("aoki river city goals in 2025 as of 1 september", "30 goals"),
        ("aoki river city goals in 2025", "47 goals"),
        # "reorg" clips "reorganization".
        ("when did the lumen reorg plan go effective", "3 January 2025"),
    ],
)
async def test_phrases_first_figures_and_clipped_words(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # A phrase explains only the facts holding all of its words: no stolen bases are stored, and
        # home runs or the batting average are no answer.
        "鈴木の盗塁数は？",
        "how many bases did suzuki steal",
        # A running count read on 1 September is no count for 1 October.
        "aoki river city goals in 2025 as of 1 october",
        # "Original" asks the first figure of what is asked, not of another timeline.
        "original harbour link opening date for the second tunnel",
    ],
)
async def test_a_phrase_never_answers_a_neighbour(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer


async def test_an_original_figure_says_what_replaced_it(service: FactService) -> None:
    answer = service.answerer().ask("what was the original deadline for the harbour link")
    assert "Since then: 31 December 2028" in answer.answer, answer.answer
