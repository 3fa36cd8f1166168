"""Figures as curators' sheets write them: a guidance range ("16-24%", "$63 billion to $63.5 billion",
"580億～610億ドル") is one value with a top, not its first number; a loss is a negative amount."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.figures import FigureError, value_data
from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        ("16-24%", "", {"kind": "percent", "amount": 16.0, "upper": 24.0}),
        ("8～11%", "", {"kind": "percent", "amount": 8.0, "upper": 11.0}),
        ("about 16–24%", "", {"kind": "percent", "amount": 16.0, "upper": 24.0, "qualifier": "about"}),
        ("-5 to 3%", "", {"kind": "percent", "amount": -5.0, "upper": 3.0}),
        ("$63 billion to $63.5 billion", "", {"kind": "money", "amount": 63e9, "currency": "USD", "upper": 63.5e9}),
        ("$63-63.5 billion", "", {"kind": "money", "amount": 63e9, "currency": "USD", "upper": 63.5e9}),
        ("$500 million to $1 billion", "", {"kind": "money", "amount": 5e8, "currency": "USD", "upper": 1e9}),
        ("580億～610億ドル", "", {"kind": "money", "amount": 58e9, "currency": "USD", "upper": 61e9}),
        ("30 to 32", "USD", {"kind": "money", "amount": 30.0, "currency": "USD", "upper": 32.0}),
        ("8,000-9,000", "jobs", {"kind": "quantity", "amount": 8000.0, "unit": "jobs", "upper": 9000.0}),
        ("-1146億円", "JPY", {"kind": "money", "amount": -114.6e9, "currency": "JPY"}),
        ("▲48億円", "", {"kind": "money", "amount": -4.8e9, "currency": "JPY"}),
        ("-5%", "", {"kind": "percent", "amount": -5.0}),
        ("2024-12", "", {"kind": "date", "date": "2024-12"}),
        # A vote or a score is no range: its top is not above its bottom.
        ("3-1", "", {"kind": "text", "text": "3-1"}),
    ],
)
def test_a_range_or_a_loss_is_read_whole(cell: str, unit: str, expected: dict[str, Any]) -> None:
    assert value_data(None, cell, unit or None) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("24 to 16%", "top is not above its bottom"),
        ("$5 billion to 6%", "mixes units"),
    ],
)
def test_a_range_that_cannot_be_one_says_why(cell: str, message: str) -> None:
    with pytest.raises(FigureError, match=message):
        value_data(None, cell)


ROWS = [
    "Novo Nordisk,2025 sales growth guidance,,16-24%,,2025-02-05,superseded,"
    '"In February 2025 Novo Nordisk expected 2025 sales growth of 16-24%.",Wire,2025-02-05,https://example.com/g1,"16-24%."',
    "Novo Nordisk,2025 sales growth guidance,,8–11%,,2025-11-05,current,"
    '"On 5 November 2025 Novo Nordisk narrowed its 2025 sales growth outlook to 8-11%.",Wire,2025-11-05,'
    'https://example.com/g2,"8-11%."',
    "Eli Lilly,2025 revenue guidance,,$63 billion to $63.5 billion,,2025-10-30,current,"
    '"Eli Lilly raised its 2025 revenue forecast to $63 billion to $63.5 billion.",Wire,2025-10-30,'
    'https://example.com/l,"$63-63.5bn."',
    "Toshiba,net income,,-1146億円,JPY,2020-05-13,superseded,"
    '"Toshiba posted a net loss of 114.6 billion yen in the year to March 2020.",Wire,2020-05-13,'
    'https://example.com/t1,"A net loss of 114.6 billion yen."',
    "Toshiba,net income,,1139億円,JPY,2021-05-14,current,"
    '"Toshiba returned to a net profit of 113.9 billion yen in the year to March 2021.",Wire,2021-05-14,'
    'https://example.com/t2,"A net profit of 113.9 billion yen."',
]
ENTITIES = (
    "name,kind,aliases\nNovo Nordisk,company,Novo|ノボ\nEli Lilly,company,Lilly|イーライリリー\nToshiba,company,東芝\n"
)


service = service_fixture("ranges.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("novo 2025 sales growth guidance", "8–11%"),
        ("what was novo's sales growth guidance in feb 2025", "16–24%"),
        ("lilly revenue guidance", "$63 billion to $63.5 billion"),
        ("ノボの売上成長見通しは？", "8%～11%"),
        ("toshiba net income in the year to march 2020", "-¥115 billion"),
        ("東芝の純利益は？", "1139億円"),
        # "直近" (latest) and "通期" (full year) say when, inside the run of kanji they are written in.
        ("東芝の直近の通期の純利益は？", "1139億円"),
        # A net income below zero is the net loss asked.
        ("toshiba net loss in the year to march 2020", "-¥115 billion"),
        ("2020年3月期の東芝の純損益は？", "-1146億円"),
    ],
)
async def test_a_range_or_a_loss_is_answered_whole(service: FactService, question: str, shown: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and shown in answer.answer.split("\n")[0], answer.answer


async def test_a_profit_is_no_loss(service: FactService) -> None:
    """A net income above zero does not answer for a loss."""
    answer = service.answerer().ask("toshiba net loss in the year to march 2021")
    assert not answer.answered, answer.answer
