"""Times asked the way people write them: a week named by a day of it, a day without its year, a day
after an event, a count since a year, units written against their numbers, and abbreviations of "year
on year"."""

from __future__ import annotations

import pytest

from knowledge import timeline
from knowledge.reading import normalise
from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "United Kingdom,average petrol price per litre,,135.1,GBP pence,2021-07-18,superseded,"
    '"In the week to 18 July 2021 petrol averaged 135.1p a litre.",Wire,2021-07-19,https://example.com/p1,"135.1p."',
    "United Kingdom,average petrol price per litre,,158.2,GBP pence,2022-03-06,superseded,"
    '"In the week to 6 March 2022 petrol averaged 158.2p a litre.",Wire,2022-03-07,https://example.com/p2,"158.2p."',
    "United Kingdom,average petrol price per litre,,182.3,GBP pence,2022-06-12,superseded,"
    '"In the week to 12 June 2022 petrol averaged 182.3p a litre.",Wire,2022-06-13,https://example.com/p3,"182.3p."',
    "United Kingdom,average petrol price per litre,,191.4,GBP pence,2022-07-17,superseded,"
    '"In the week to 17 July 2022 petrol averaged 191.4p a litre.",Wire,2022-07-18,https://example.com/p4,"191.4p."',
    "United Kingdom,average petrol price per litre,,147.6,GBP pence,2023-03-05,current,"
    '"In the week to 5 March 2023 petrol averaged 147.6p a litre.",Wire,2023-03-06,https://example.com/p5,"147.6p."',
    "United Kingdom,CPI change year on year,,10.1,%,2023-03,current,"
    '"Consumer prices rose 10.1% in the year to March 2023.",Wire,2023-04-19,https://example.com/cpi,"10.1%."',
    "Bank of England,bank rate,,3.5,%,2022-12-15,superseded,"
    '"On 15 December 2022 the Bank of England raised Bank Rate to 3.5%.",Wire,2022-12-15,https://example.com/r1,"3.5%."',
    "Bank of England,bank rate,,4,%,2023-02-02,current,"
    '"On 2 February 2023 the Bank of England raised Bank Rate to 4%.",Wire,2023-02-02,https://example.com/r2,"4%."',
    "Cement,average price per 25 kg bag,,6.5,GBP,2023-03-01,current,"
    '"A 25 kg bag of cement cost £6.50 on average in March 2023.",Wire,2023-03-01,https://example.com/c,"£6.50."',
    "Rishi Sunak,phone call with Joe Biden,Joe Biden,2023-02-07,,2023-02-07,current,"
    '"Sunak and Biden spoke by phone on 7 February 2023.",Wire,2023-02-07,https://example.com/call,"The two spoke."',
    "United Kingdom,monthly new car registrations,,131994,cars,2023-01,superseded,"
    '"131,994 new cars were registered in January 2023.",Wire,2023-02-06,https://example.com/cars1,"131,994."',
    "United Kingdom,monthly new car registrations,,287825,cars,2023-03,current,"
    '"287,825 new cars were registered in March 2023.",Wire,2023-04-05,https://example.com/cars3,"287,825."',
    "Twitter Blue,monthly price,,8,USD,2022-11-01,current,"
    '"Twitter Blue costs $8 a month.",Wire,2022-11-01,https://example.com/blue,"$8 a month."',
    "Energy Price Guarantee,typical household bill limit,,2500,GBP,2022-10-01,ended,"
    '"Under the Energy Price Guarantee a typical household paid no more than £2,500 a year from October 2022.",'
    'Wire,2022-10-01,https://example.com/epg,"£2,500."',
    "United Kingdom,typical household electricity use,,2700,kWh per year,2023-10-01,current,"
    '"A typical household uses 2,700 kWh of electricity a year.",Wire,2023-10-01,https://example.com/tdcv,"2,700 kWh."',
]
ROWS += [
    "Novo Nordisk,revenue,,DKK 177.0 billion,,2022,superseded,"
    '"Novo Nordisk\'s sales were DKK 177.0 billion in FY2022.",Wire,2023-02-01,https://example.com/n22,"DKK 177.0bn."',
    "Novo Nordisk,revenue,,DKK 232.3 billion,,2023,current,"
    '"Novo Nordisk\'s sales were DKK 232.3 billion in FY2023.",Wire,2024-01-31,https://example.com/n23,"DKK 232.3bn."',
    "Toyota,revenue,,¥45.1 trillion,,2024-05-08,current,"
    '"Toyota\'s revenue was ¥45.1 trillion in the year to March 2024.",Wire,2024-05-08,https://example.com/t24,"¥45.1tn."',
    "Kestrel AI,net loss,,$2.1 billion,USD,2025-06,current,"
    '"Kestrel AI posted a net loss of $2.1 billion in the first half of 2025.",Wire,2025-08-01,https://example.com/k,"$2.1bn."',
    "United Kingdom,birds culled,,1.2 million,birds,2022-11-30,superseded,"
    '"By the end of November 2022 bird flu had led to 1.2 million UK birds being culled.",Wire,2022-12-01,'
    'https://example.com/b1,"1.2 million."',
    "United Kingdom,birds culled,,3.4 million,birds,2025-02-28,current,"
    '"By February 2025 3.4 million UK birds had been culled since the outbreak began in 2022.",Wire,2025-03-01,'
    'https://example.com/b2,"3.4 million."',
]
ENTITIES = (
    "name,kind,aliases\nUnited Kingdom,government,UK|Britain\nBank of England,organization,BoE\n"
    "Novo Nordisk,company,Novo|ノボ\nToyota,company,\nKestrel AI,company,ケストレル\n"
    "Cement,product,\nRishi Sunak,person,Sunak\nJoe Biden,person,Biden\nTwitter Blue,product,X Premium\n"
    "Energy Price Guarantee,event,EPG\n"
)


service = service_fixture("dates.sqlite3", ENTITIES, ROWS)


def span(text: str) -> tuple[str, str] | None:
    found = timeline.asked_time(normalise(text).split())
    return (found.start, found.end) if found else None


def test_a_week_is_read_from_the_day_it_starts_or_ends() -> None:
    assert span("the week of march 3 2025") == ("2025-03-03", "2025-03-09")
    assert span("in the week ending aug 10 2025") == ("2025-08-04", "2025-08-10")
    assert span("2025年6月15日までの週") == ("2025-06-09", "2025-06-15")
    assert span("2025年9月1〜7日の週") == ("2025-09-01", "2025-09-07")
    assert span("march 3 2025") == ("2025-03-03", "2025-03-03")
    assert span("2025年の夏") == ("2025-06-01", "2025-08-31")
    assert span("2024年の下半期") == ("2024-07-01", "2024-12-31")
    assert span("2024年秋頃") == ("2024-09-01", "2024-11-30")
    # 春闘 (the spring wage talks) is a word of its own, not spring: the year is asked.
    assert span("2025年春闘の賃上げ率") == ("2025-01-01", "2025-12-31")


def test_months_from_one_to_another_in_japanese_are_that_stretch() -> None:
    # A quarter, a half or nine months written by their months: not the whole year, nor a fiscal year.
    assert span("UBSの2023年4～6月期の純利益は？") == ("2023-04-01", "2023-06-30")
    assert span("アームの2023年10〜12月期の売上高") == ("2023-10-01", "2023-12-31")
    assert span("任天堂の2025年4～12月期の売上高") == ("2025-04-01", "2025-12-31")
    assert span("24年7~9月期") == ("2024-07-01", "2024-09-30")
    assert span("2024年11月～1月") == ("2024-11-01", "2025-01-31")
    # A fiscal year written by its end month stays one.
    assert span("2023年3月期の最終赤字") == ("2022-04-01", "2023-03-31")


def test_a_quarter_or_half_of_a_year_in_japanese_is_that_part_by_its_name() -> None:
    # Read as the part's name (a figure whose period says "Q3 2025" answers by it), not the whole year.
    for text, months, name in [
        ("VWの2025年第3四半期の営業損益は？", ("2025-07-01", "2025-09-30"), (2025, 3)),
        ("2025年上半期の純損失", ("2025-01-01", "2025-06-30"), (2025, 5)),
        ("24年下期の売上高", ("2024-07-01", "2024-12-31"), (2024, 6)),
    ]:
        found = timeline.asked_time(normalise(text).split())
        assert found is not None and (found.start, found.end) == months and found.fiscal_name == name, text
    # A year alone is still the calendar year, not a fiscal year's name.
    found = timeline.asked_time(normalise("2025年の売上高").split())
    assert found is not None and found.fiscal_name is None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # The week of 6 June 2022 is the week to 12 June: 182.3p, not March's 158.2p.
        ("avg uk petrol price the week of june 6 2022", "182.3"),
        # "the week to july 17" is 2022's (a figure for that very week), not 2021's or the newest.
        ("uk petrol price in the week to july 17", "191.4"),
        # After the 1 February meeting: what stood from the next day, the 4% of 2 February.
        ("boe bank rate after the feb 1 2023 hike", "4%"),
        # "25kg" is 25 kg.
        ("25kg bag of cement avg price?", "£6.5"),
        # "yoy" and "y/y" are year on year.
        ("uk cpi yoy march 2023", "10.1%"),
        ("uk cpi march 2023 y/y", "10.1%"),
        # Sunak and Biden have one timeline together: naming them alone asks for it.
        ("sunak biden", "7 February 2023"),
        ("uk new car registrations in march 2023", "287,825"),
        ("x premium price per month", "$8"),
        # The £2,500 guarantee is the answer for its own winter.
        ("epg typical household bill limit in november 2022", "2,500"),
        ("how much electricity does a typical uk household use", "2,700"),
        # Of all that is on file about the UK, one figure is dated June 2022: the name and the time ask it.
        ("uk in june 2022", "182.3"),
        ("novo revenue in 2022", "177"),
        # The year to March 2024 is fiscal 2023 to many.
        ("toyota revenue in 2023", "45.1"),
        # The half of the year a Japanese date names is the time asked, not a word left unexplained.
        ("2025年上半期のケストレルの純損失は？", "21億ドル"),
        # "since 2022" counts from then to now: the newest count, not the one of 2022.
        ("how many birds culled in the uk since 2022 because of bird flu", "3.4 million"),
        ("uk birds culled in 2022", "1.2 million"),
        # "First" as an adverb: when the rate first stood at 4%.
        ("when did the boe first raise bank rate to 4%", "4%"),
        # A verb right before the time says only what happened then: the rate decided then answers.
        ("what bank rate did the boe announce in february 2023", "4%"),
        ("boe bank rate as announced in dec 2022", "3.5%"),
        # "How expensive" and "how cheap" ask what something costs.
        ("how expensive is a 25 kg bag of cement", "£6.5"),
        ("how cheap is x premium per month", "$8"),
    ],
)
async def test_a_time_or_word_written_as_people_do_is_read(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # The one timeline Sunak and Biden share, a phone call, holds no talk of petrol.
        "when did sunak and biden discuss petrol",
        # March's registrations are March's: June's are not on file.
        "uk new car registrations in june 2023",
        # "Premium+" is a tier of its own: X Premium's price is not its price.
        "x premium+ price per month",
        # The £2,500 guarantee ended at a time not stored: it is no answer for 2026.
        "epg typical household bill limit in october 2026",
        # "How many households" is not 2,700 kWh.
        "how many uk households use electricity",
        # Three figures about the UK are dated March 2023: which is asked is not said.
        "uk in march 2023",
        # FY2022 is named by its own year: it is no answer for 2021.
        "novo revenue in 2021",
        # The first half of 2023 is not FY2023 as a whole.
        "ノボの2023年上半期の売上高は？",
        # With no time after it, "announced" is a word no fact of the rate says.
        "boe bank rate as announced",
        # "The first" culls are not the running count (whose date says when it was counted).
        "when were the first birds culled in the uk",
    ],
)
async def test_a_neighbouring_time_or_figure_is_not_the_answer(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer
