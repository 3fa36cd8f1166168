"""Two names written side by side name their deal ("when did the regulator sign off on acme beta"); a
union's member count imports as the built-in members relation's figure; a role the store marks ended
is no answer for "now"; "the first round" is not the final round's votes; a day's count ("opening-day
visitors") does not stand for a later month. A fiscal quarter written with its months ("Q1 FY2025
(Apr-Jun 2024)") is those months, not calendar 2025's first quarter; a word of a name the question
wrote another way ("minimum" of the "Minimum Basic Agreement", asked as "mba") is said by no fact."""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import PERIOD_HEADER, service_fixture

ROWS = [
    "Acme,acquisition price,Beta Games,$12 billion,USD,2024-01-10,current,"
    '"Acme agreed to buy Beta Games for $12 billion.",Wire,2024-01-10,https://example.com/1,"$12 billion."',
    "Fair Trade Office,approval of the deal,Acme,2024-06-03,,2024-06-03,current,"
    '"The Fair Trade Office announced its approval of the deal on 3 June 2024.",Wire,2024-06-03,'
    'https://example.com/2,"approved the deal."',
    "Acme,revenue,,$40 billion,USD,2023,current,"
    '"Acme\'s revenue was $40 billion in 2023.",Wire,2024-02-01,https://example.com/3,"$40 billion."',
    'Stage Guild,members,,"160,000",members,2023-07-13,current,'
    '"The Stage Guild has about 160,000 members.",Wire,2023-07-13,https://example.com/4,"160,000 members."',
    "Stage Guild,president,,Dana Royce,,2021-09-02,current,"
    '"Dana Royce became president of the Stage Guild in September 2021.",Wire,2021-09-02,'
    'https://example.com/5,"Dana Royce."',
    "Trade Council,chairman,,Ken Oda,,2021-06,ended,"
    '"Ken Oda, chairman of the Trade Council from 2021, had left the post by October 2025.",Wire,2025-10,'
    'https://example.com/6,"former chairman."',
    "Fairtown,final round votes,,92,votes,2018-11-23,current,"
    '"Fairtown won the final round of the host vote with 92 votes.",Wire,2018-11-23,https://example.com/7,'
    '"92 votes."',
    'Fair 2025,opening-day visitors,,"124,339",visitors,2025-04-13,current,'
    '"124,339 people visited the fair on its opening day, 13 April 2025.",Wire,2025-04-14,'
    'https://example.com/8,"124,339."',
    "Fair 2025,cumulative visitors,,10.08 million,visitors,2025-07-12,superseded,"
    '"The fair had drawn 10.08 million visitors by 12 July 2025.",Wire,2025-07-13,https://example.com/9,'
    '"10.08 million."',
    "Fair 2025,cumulative visitors,,25.6 million,visitors,2025-10-13,current,"
    '"The fair drew 25.6 million visitors in all by its close on 13 October 2025.",Wire,2025-10-14,'
    'https://example.com/10,"25.6 million."',
]
ENTITIES = (
    "name,kind,aliases\nAcme,company,\nBeta Games,company,Beta\nFair Trade Office,government,FTO\n"
    "Stage Guild,organization,\nTrade Council,organization,通商評議会\nFairtown,place,\n"
    "Fair 2025,event,the fair\n"
)


service = service_fixture("pairs.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # "acme beta" names the deal: the approval of Acme's deal accounts for Beta Games.
        ("when did the fto sign off on acme beta", "3 June 2024"),
        # A count of members is the built-in members relation's figure.
        ("how many members does the stage guild have", "160,000"),
        # An ended role still answers for a time it held.
        ("who was the trade council chairman in 2023", "Ken Oda"),
        ("how many votes did fairtown get in the final round", "92"),
        ("fair opening day visitors", "124,339"),
    ],
)
async def test_pairs_counts_and_roles_then(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # Acme's revenue does not speak of the deal: "beta" is not accounted for by it.
        "acme beta revenue",
        # The chairman's term has ended: the store knows no one for now.
        "who is the trade council chairman now",
        "通商評議会の今の会長は誰？",
        # The first round's votes are not the final round's.
        "how many votes did fairtown get in the first round",
        # No cumulative count before July; the opening day's count is that day's, not May's.
        "how many people had visited the fair by the end of may 2025",
    ],
)
async def test_neighbours_of_pairs_endings_rounds_and_days_are_no_answer(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer


QUARTERS = [
    "Limb Holdings,quarterly revenue,,$928 million,USD,2024-03-31,superseded,"
    '"Limb\'s revenue for the January-March 2024 quarter was $928 million.",Wire,2024-05-08,'
    'https://example.com/q4,"$928 million.",Q4 FY2024 (Jan-Mar 2024)',
    "Limb Holdings,quarterly revenue,,$939 million,USD,2024-06-30,current,"
    '"Limb\'s revenue for the April-June 2024 quarter was $939 million.",Wire,2024-07-31,'
    'https://example.com/q1,"$939 million.",Q1 FY2025 (Apr-Jun 2024)',
    "Guild 2023 MBA,first-year minimum pay rise,,5%,%,2023-09-25,current,"
    '"The 2023 guild contract raised minimums 5% in its first year.",Wire,2023-09-26,https://example.com/m1,'
    '"5%.",',
    "Guild 2023 MBA,foreign streaming residual increase,,76%,%,2023-09-25,current,"
    '"Under the 2023 guild deal the foreign streaming residual rises 76%.",Wire,2023-09-26,'
    'https://example.com/m2,"76%.",',
    "Limb Holdings,quarterly licence revenue,,$380 million,USD,2024-06-30,current,"
    '"Limb\'s licence revenue for the April-June 2024 quarter was $380 million.",Wire,2024-07-31,'
    'https://example.com/l1,"$380 million.",Q1 FY2025 (Apr-Jun 2024)',
    "Harbor Group,net income,,¥1.15 trillion,JPY,2025-03-31,current,"
    '"Harbor Group earned ¥1.15 trillion in the fiscal year to March 2025.",Wire,2025-05-13,'
    'https://example.com/h1,"¥1.15 trillion.",fiscal year to March 2025',
    "Harbor Group,nine-month net income,,¥3.17 trillion,JPY,2025-12-31,current,"
    '"Harbor Group earned ¥3.17 trillion in April-December 2025.",Wire,2026-02-12,'
    'https://example.com/h2,"¥3.17 trillion.",April-December 2025',
    "Oak Chips,quarterly revenue,,$12.8 billion,USD,2024-06-29,current,"
    '"Oak\'s revenue in the second quarter of 2024 was $12.8 billion.",Wire,2024-08-01,'
    'https://example.com/oak,"$12.8 billion.",',
    'Crest Capital,offer price,Tokai Electric,"5,000 yen",JPY,2021-04-06,current,'
    '"Crest Capital indicated it would pay about 5,000 yen per Tokai Electric share.",Wire,2021-04-07,'
    'https://example.com/o,"5,000 yen.",',
]
QUARTER_ENTITIES = (
    "name,kind,aliases\nLimb Holdings,company,Limb|リム\nHarbor Group,company,ハーバーグループ\nOak Chips,company,Oak\n"
    "Guild 2023 MBA,product,2023 Minimum Basic Agreement|2023 MBA\n"
    "Crest Capital,company,CREST|クレスト\nTokai Electric,company,東海電機\n"
)


periods = service_fixture("periods.sqlite3", QUARTER_ENTITIES, QUARTERS, PERIOD_HEADER)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("limb revenue for the apr-jun 2024 quarter", "$939 million"),
        ("limb revenue jan-mar 2024", "$928 million"),
        # 通期 asks for the fiscal year's figure, not the newer nine months'.
        ("ハーバーグループの直近の通期純利益はいくら?", "1兆1500億円"),
        # "sales" names revenue, the head of "quarterly revenue".
        ("what were oak's sales in the april-june quarter of 2024", "$12.8 billion"),
        # 提示 is an offer: "the price Crest offered".
        ("クレストの提示した買い取り価格は1株いくら？", "5,000"),
        # "minimum" is a word of the contract's name, written "mba": the minimum pay rise says it, the
        # residual increase (76%) does not.
        ("guild minimum raise in year one of the 2023 mba?", "5%"),
    ],
)
async def test_fiscal_quarters_by_their_months(periods: FactService, question: str, expected: str) -> None:
    answer = periods.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # "Q1 FY2025 (Apr-Jun 2024)" is not calendar 2025's first quarter.
        "limb revenue for the jan-mar 2025 quarter?",
        # "minimum" is a word of the contract's name, written "mba": it is not said by the residual increase.
        "guild minimum residual increase in the 2023 mba?",
    ],
)
async def test_quarter_names_and_name_words_are_no_answer(periods: FactService, question: str) -> None:
    answer = periods.answerer().ask(question)
    assert not answer.answered, answer.answer


async def test_latest_of_two_figures_of_one_date_is_not_guessed(periods: FactService) -> None:
    """The latest quarter's revenue and its licence revenue share a date: "the latest" does not choose
    between them (before, the licence revenue answered as the quarter's sales)."""
    answer = periods.answerer().ask("リムの直近四半期の売上高はいくら?")
    headline = answer.answer.split("\n")[0]
    assert not answer.answered or ("$380 million" not in headline and "3億8000万ドル" not in headline), answer.answer
