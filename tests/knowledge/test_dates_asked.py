"""Times asked the way people write them: a week named by a day of it, a day without its year, a day
after an event, units written against their numbers, and abbreviations of "year on year"."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from knowledge import timeline
from knowledge.reading import normalise
from knowledge.service import FactService
from tests.knowledge.sheets import HEADER, curated

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
ENTITIES = (
    "name,kind,aliases\nUnited Kingdom,government,UK|Britain\nBank of England,organization,BoE\n"
    "Cement,product,\nRishi Sunak,person,Sunak\nJoe Biden,person,Biden\nTwitter Blue,product,X Premium\n"
    "Energy Price Guarantee,event,EPG\n"
)


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[FactService]:
    async with curated(tmp_path / "dates.sqlite3", ENTITIES, HEADER + "\n".join(ROWS) + "\n") as service:
        yield service


def span(text: str) -> tuple[str, str] | None:
    found = timeline.asked_time(normalise(text).split())
    return (found.start, found.end) if found else None


def test_a_week_is_read_from_the_day_it_starts_or_ends() -> None:
    assert span("the week of march 3 2025") == ("2025-03-03", "2025-03-09")
    assert span("in the week ending aug 10 2025") == ("2025-08-04", "2025-08-10")
    assert span("2025年6月15日までの週") == ("2025-06-09", "2025-06-15")
    assert span("2025年9月1〜7日の週") == ("2025-09-01", "2025-09-07")
    assert span("march 3 2025") == ("2025-03-03", "2025-03-03")


async def test_a_weeks_figure_is_the_one_reported_for_that_week(service: FactService) -> None:
    """The week of 6 June 2022 is the week to 12 June: 182.3p, not March's 158.2p."""
    answer = service.answerer().ask("avg uk petrol price the week of june 6 2022")
    assert answer.answered and "182.3" in answer.answer, answer.answer


async def test_a_day_without_its_year_is_placed_in_the_year_the_facts_are_nearest(service: FactService) -> None:
    """ "the week to july 17" is 2022's (a figure for that very week), not 2021's or the newest."""
    answer = service.answerer().ask("uk petrol price in the week to july 17")
    assert answer.answered and "191.4" in answer.answer.split("\n")[0], answer.answer


async def test_after_a_day_asks_for_what_stood_from_the_next(service: FactService) -> None:
    answer = service.answerer().ask("boe bank rate after the feb 1 2023 hike")
    assert answer.answered and "4%" in answer.answer.split("\n")[0], answer.answer


async def test_a_unit_written_against_its_number_is_read(service: FactService) -> None:
    answer = service.answerer().ask("25kg bag of cement avg price?")
    assert answer.answered and "6.50" in answer.answer, answer.answer


async def test_yoy_is_year_on_year(service: FactService) -> None:
    answer = service.answerer().ask("uk cpi yoy march 2023")
    assert answer.answered and "10.1%" in answer.answer, answer.answer


async def test_two_names_single_timeline_must_still_explain_the_other_words(service: FactService) -> None:
    """Sunak and Biden have one timeline together, a phone call: talk of petrol is not in it."""
    answer = service.answerer().ask("when did sunak and biden discuss petrol")
    assert not answer.answered, answer.answer
    call = service.answerer().ask("sunak biden")
    assert call.answered and "7 February 2023" in call.answer


async def test_a_months_figure_does_not_stand_for_a_later_month(service: FactService) -> None:
    """March's registrations are March's: June's are not on file."""
    june = service.answerer().ask("uk new car registrations in june 2023")
    assert not june.answered, june.answer
    march = service.answerer().ask("uk new car registrations in march 2023")
    assert march.answered and "287,825" in march.answer


async def test_y_slash_y_is_year_on_year(service: FactService) -> None:
    answer = service.answerer().ask("uk cpi march 2023 y/y")
    assert answer.answered and "10.1%" in answer.answer, answer.answer


async def test_a_plus_after_a_word_is_read(service: FactService) -> None:
    """ "Premium+" is a tier of its own: X Premium's price is not its price."""
    plain = service.answerer().ask("x premium price per month")
    assert plain.answered and "$8" in plain.answer, plain.answer
    plus = service.answerer().ask("x premium+ price per month")
    assert not plus.answered, plus.answer


async def test_an_ended_fact_does_not_stand_years_later(service: FactService) -> None:
    """The £2,500 guarantee ended at a time not stored: it is no answer for 2026, but is for its own winter."""
    later = service.answerer().ask("epg typical household bill limit in october 2026")
    assert not later.answered, later.answer
    then = service.answerer().ask("epg typical household bill limit in november 2022")
    assert then.answered and "2,500" in then.answer


async def test_things_counted_are_not_answered_in_a_unit_of_measure(service: FactService) -> None:
    """ "How many households" is not 2,700 kWh; how much electricity a household uses is."""
    count = service.answerer().ask("how many uk households use electricity")
    assert not count.answered, count.answer
    use = service.answerer().ask("how much electricity does a typical uk household use")
    assert use.answered and "2,700" in use.answer, use.answer
