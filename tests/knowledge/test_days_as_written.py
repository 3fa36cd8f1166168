"""Days as people write them in a running story: "jan 14th", "the 11th of jan", "fri jan 17", "by wed
jan 8", "sunday night"; a fire that "broke out", acres "torched", 焼失面積 for the area burned."""

from __future__ import annotations

import pytest

from knowledge import timeline
from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("jan 14th 2025", "2025-01-14"),
        ("the 11th of jan 2025", "2025-01-11"),
        ("11th of january 2025", "2025-01-11"),
        ("14th jan 2025", "2025-01-14"),
    ],
)
def test_a_day_written_as_an_ordinal_is_that_day(question: str, day: str) -> None:
    span = timeline.asked_time(tuple(question.split()))
    assert span is not None and (span.start, span.end) == (day, day)


def test_an_ordinal_without_a_month_is_no_day() -> None:
    # "the 3rd quarter" and "his 2nd term" are places in a series, not days.
    assert timeline.asked_time(("the", "3rd", "term")) is None


ACRES = [
    ("2025-01-08", "15,832", "superseded"),
    ("2025-01-14", "23,713", "superseded"),
    ("2025-01-31", "23,448", "current"),
]
CONTAINMENT = [
    ("2025-01-11", "11%", "superseded"),
    ("2025-01-17", "31%", "superseded"),
    ("2025-01-31", "100%", "current"),
]
ROWS = (
    [
        f'Ridge Fire,acres burned,,"{n}",acres,{day},{status},"The Ridge Fire had burned {n} acres on {day}.",'
        f'Wire,{day},https://example.com/a{day},"{n} acres."'
        for day, n, status in ACRES
    ]
    + [
        f'Ridge Fire,containment,,{n},%,{day},{status},"The Ridge Fire was {n} contained on {day}.",'
        f'Wire,{day},https://example.com/c{day},"{n} contained."'
        for day, n, status in CONTAINMENT
    ]
    + [
        "Ridge Fire,start date,,2025-01-07,,2025-01-07,current,"
        '"The Ridge Fire started on 7 January 2025.",Wire,2025-01-07,https://example.com/s,"started."',
    ]
)
ENTITIES = "name,kind,aliases\nRidge Fire,event,リッジ火災\n"

service = service_fixture("fire.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ridge fire acreage back on jan 14th", "23,713"),
        ("how contained was the ridge fire on the 11th of jan", "11%"),
        ("ridge fire containment fri jan 17?", "31%"),
        ("how many acres had the ridge fire torched by wed jan 8", "15,832"),
        ("what date did the ridge fire break out", "7 January 2025"),
        ("リッジ火災の焼失面積は？", "23,448"),
    ],
)
async def test_days_and_fire_words(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer
