"""A question asked in Japanese is answered in Japanese: labels, numbers in 万/億/兆, dates as 2024年3月."""

from __future__ import annotations

import pytest

from knowledge import japanese
from knowledge.answers import Answerer


@pytest.mark.parametrize(
    ("amount", "text"),
    [(4_100_000, "410万"), (800_000, "80万"), (4.7955e12, "4兆7955億"), (1.41e10, "141億"), (1e12, "1兆"), (34, "34")],
    ids=["millions", "hundred-thousands", "trillions", "billions", "one-trillion", "small"],
)
def test_numbers_read_in_japanese_scales(amount: float, text: str) -> None:
    """Figures are written the way Japanese readers count: 万, 億, 兆."""
    assert japanese.number(amount) == text


def test_money_and_dates_in_japanese() -> None:
    """Money takes its currency's name after the number; dates read 2024年3月."""
    assert japanese.money(1e12, "JPY") == "1兆円"
    assert japanese.money(1.41e10, "USD") == "141億ドル"
    assert japanese.date("2024-03") == "2024年3月" and japanese.date("2024-12-23") == "2024年12月23日"


def test_a_japanese_question_gets_a_japanese_answer(answerer: Answerer) -> None:
    """ホンダの販売台数は？ is answered with ホンダ, 販売台数, 410万台 and 2024年3月, the quote as published."""
    answer = answerer.ask("ホンダの販売台数は？")
    assert answer.answered
    first = answer.answer.splitlines()[0]
    assert "ホンダ" in first and "販売台数" in first and "410万台" in first
    assert "2024年3月時点" in answer.answer
    assert "Honda will have sold 4.1 million cars" in answer.answer, "the quote stays in its source's language"


def test_a_japanese_decline_is_in_japanese(answerer: Answerer) -> None:
    """No sourced answer is said in Japanese, with questions the user can ask instead."""
    answer = answerer.ask("日産のCEOは誰？")
    assert not answer.answered
    assert answer.answer.startswith("出典のある回答はありません。")


def test_an_english_question_stays_in_english(answerer: Answerer) -> None:
    """The same fact asked in English reads '4.1 million vehicles', 'As of March 2024'."""
    answer = answerer.ask("honda sales")
    assert "4.1 million vehicles" in answer.answer and "As of March 2024" in answer.answer
