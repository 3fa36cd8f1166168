"""What stood before a time, and which fiscal year a name means.

"Seats before the oct 2024 election": the count the election replaced, not its result. "Dividend before
the feb 2023 cut": the one the cut replaced. A timeline with nothing older answers only when its fact
says it is the figure from before ("had 22,000 staff before the layoffs").

"Revenue fy2024" of an authority whose year ends in September is the year to September 2024, never the
year to September 2025 (only a year ending in January to March is, to many, named by the year it
starts). "fy2022/23" is the year that ends in 2023.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import headline, service_fixture

ROWS = [
    "Harbour Authority,revenue,,$4.99 billion,,2024-10-25,superseded,"
    '"Harbour Authority revenue was $4.99 billion in the fiscal year to September 2024.",Wire,2024-10-25,'
    'https://example.com/1,"$4.99 billion"',
    "Harbour Authority,revenue,,$5.7 billion,,2025-10-08,current,"
    '"Harbour Authority revenue rose to $5.7 billion in the fiscal year to September 2025.",Wire,2025-10-08,'
    'https://example.com/2,"$5.7 billion"',
    "Harbour Authority,net profit,,$3.45 billion,,2024-10-25,superseded,"
    '"Harbour Authority net profit was $3.45 billion in the fiscal year to September 2024.",Wire,2024-10-25,'
    'https://example.com/3,"$3.45 billion"',
    "Harbour Authority,net profit,,$4.1 billion,,2025-10-08,current,"
    '"Harbour Authority made a net profit of $4.1 billion in the fiscal year to September 2025.",Wire,'
    '2025-10-08,https://example.com/4,"$4.1 billion"',
    "Harbour Authority,transits,,25911,ships,2023-06-30,superseded,"
    '"25,911 ships used the harbour in the fiscal year to June 2023.",Wire,2023-07-02,https://example.com/5,'
    '"25,911"',
    "Harbour Authority,transits,,20148,ships,2024-06-30,current,"
    '"20,148 ships used the harbour in the fiscal year to June 2024.",Wire,2024-07-02,https://example.com/6,'
    '"20,148"',
    "Green Party,lower house seats,,98,seats,2024-10-09,superseded,"
    '"The Green Party held 98 seats when the lower house was dissolved.",Wire,2024-10-09,https://example.com/7,'
    '"98 seats"',
    "Green Party,lower house seats,,148,seats,2024-10-27,current,"
    '"The Green Party won 148 seats in the October 2024 general election.",Wire,2024-10-28,'
    'https://example.com/8,"148 seats"',
    "Alder Chips,quarterly dividend per share,,0.365,USD,2022,superseded,"
    '"Until February 2023 Alder Chips paid a quarterly dividend of 36.5 cents a share.",Wire,2022-12-01,'
    'https://example.com/9,"36.5 cents"',
    "Alder Chips,quarterly dividend per share,,0.125,USD,2023-02-22,current,"
    '"From February 2023 Alder Chips cut its quarterly dividend to 12.5 cents a share.",Wire,2023-02-22,'
    'https://example.com/10,"12.5 cents"',
    "Alder Games,employees,,22000,employees,2024-01-25,current,"
    '"Alder Games had about 22,000 employees before the January 2024 layoffs.",Wire,2024-01-25,'
    'https://example.com/11,"22,000"',
    "Alder Games,revenue,,$9 billion,,2024-01-25,current,"
    '"Alder Games reported revenue of $9 billion in January 2024.",Wire,2024-01-25,https://example.com/12,'
    '"$9 billion"',
    "Green Party,approval rating,,31%,%,2024-11-20,superseded,"
    '"A poll of 18-20 November 2024 put Green Party approval at 31%.",Wire,2024-11-21,https://example.com/13,"31%"',
    "Green Party,approval rating,,35%,%,2025-11-22,superseded,"
    '"A poll of 20-22 November 2025 put Green Party approval at 35%.",Wire,2025-11-23,https://example.com/14,"35%"',
    "Green Party,approval rating,,40%,%,2026-02-10,current,"
    '"A poll in February 2026 put Green Party approval at 40%.",Wire,2026-02-11,https://example.com/15,"40%"',
    "Harbour Authority,cruise passengers,,25.07 million,passengers,2025-04-25,current,"
    '"Harbour Authority handled a record 25.07 million cruise passengers in fiscal 2024.",Wire,2025-04-25,'
    'https://example.com/17,"2024年度のクルーズ旅客数は2507万人"',
    "Alder Chips,net profit forecast,,¥255 billion,JPY,2025-04-10,superseded,"
    '"In April 2025 Alder Chips forecast net profit of 255 billion yen for the year to February 2026.",Wire,'
    '2025-04-10,https://example.com/18,"255 billion yen"',
    "Alder Chips,net profit forecast,,¥265 billion,JPY,2025-10-09,current,"
    '"On 9 October 2025 Alder Chips raised its net profit forecast for the year to February 2026 to 265 billion '
    'yen.",Wire,2025-10-09,https://example.com/19,"265 billion yen"',
    "Alder Chips,chip deliveries,,348,units,2025-01-14,current,"
    '"Alder Chips delivered 348 units in 2024, about a third fewer than in 2023.",Wire,2025-01-14,'
    'https://example.com/16,"348"',
]
ENTITIES = (
    "name,kind,aliases\n"
    "Harbour Authority,organization,the harbour|ハーバー公社\n"
    "Green Party,organization,greens|緑の党\n"
    "Alder Chips,company,alder\n"
    "Alder Games,company,\n"
)

service = service_fixture("before_and_fiscal_names.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("harbour authority revenue fy2024", "$4.99 billion"),
        ("net profit fy25 for the harbour", "$4.1 billion"),
        ("ハーバー公社の2024年度の売上高は？", "49億9000万ドル"),
        ("ハーバー公社の2023-24年度の売上高は？", "49億9000万ドル"),
        # A year to June named by its two years, and by the year it ends.
        ("harbour transits fy2022/23?", "25,911"),
        ("harbour transits in fiscal 2023", "25,911"),
        ("harbour cruise passengers in fy2024", "25.1 million"),
    ],
)
async def test_a_fiscal_year_ending_after_march_is_named_by_its_end(
    service: FactService, question: str, expected: str
) -> None:
    assert expected in headline(service, question)


@pytest.mark.parametrize(
    "question",
    [
        # No year to September 2023 is on file: the year to September 2024 is fiscal 2024, not 2023.
        "harbour net profit fy2023?",
        # "In fiscal 2024" (the year to March 2025) is not fiscal 2025, whichever way a year is named.
        "harbour cruise passengers in fy2025",
        "ハーバー公社の2023年度の売上高は？",
    ],
)
async def test_the_next_fiscal_year_does_not_answer_for_one_not_on_file(service: FactService, question: str) -> None:
    assert not service.answerer().ask(question).answered


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("greens seat count b4 the 2024 general election", "98 seats"),
        ("how many seats did the green party hold before the oct 2024 election", "98 seats"),
        ("2024年の総選挙の前、緑の党は何議席持ってた？", "98"),
        ("alder dividend before the feb 2023 cut?", "0.365"),
        # Nothing older is on file, and the fact says it is the count from before the layoffs.
        ("how many ppl worked at alder games before the jan 2024 layoffs", "22,000"),
    ],
)
async def test_before_a_time_the_figure_it_replaced_answers(service: FactService, question: str, expected: str) -> None:
    assert expected in headline(service, question)


@pytest.mark.parametrize(
    "question",
    [
        # Nothing older than January 2024's revenue is on file, and it does not say it is from before.
        "alder games revenue before the jan 2024 layoffs",
        "greens seats before 2020",
    ],
)
async def test_before_a_time_with_nothing_older_is_declined(service: FactService, question: str) -> None:
    assert not service.answerer().ask(question).answered


async def test_a_time_asked_without_before_still_answers_with_its_own_figure(service: FactService) -> None:
    assert "148 seats" in headline(service, "greens seats after the oct 2024 election")
    assert "148 seats" in headline(service, "green party seats in october 2024")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # November without its year: the latest November with a poll on file, not February's newer one.
        ("green party approval in november", "35%"),
        ("緑の党の11月の支持率は？", "35%"),
        ("green party approval after the november poll", "35%"),
        ("alder chip deliveries in 2024", "348"),
    ],
)
async def test_a_month_without_its_year_is_the_nearest_one_on_file(
    service: FactService, question: str, expected: str
) -> None:
    assert expected in headline(service, question)


async def test_a_year_a_figure_is_compared_with_is_not_its_own(service: FactService) -> None:
    # "348 units in 2024, a third fewer than in 2023": no figure for 2023 is on file.
    assert not service.answerer().ask("alder chip deliveries in 2023").answered


async def test_the_first_figure_for_a_period_is_its_oldest(service: FactService) -> None:
    assert "255" in headline(service, "alder chips first net profit guidance for the year to feb 2026")
    assert "265" in headline(service, "alder chips net profit forecast for the year to feb 2026")
