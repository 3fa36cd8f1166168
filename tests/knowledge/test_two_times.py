"""Two times set against each other ("inflation 2024 vs 2023", "2023年と2024年を比べると", "now vs
2023"): the figure of each, oldest first, or no answer at all when one of them is not on file; two
times only joined may be one figure's ("the crashes of 2018 and 2019"). Month-on-month is the monthly
figure. The four comparisons answered here failed before; the rest guard what the rules must not break.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Vale Republic,annual inflation,,211.4%,%,2023-12,superseded,"
    '"Annual inflation for 2023 was 211.4%.",Wire,2024-01-11,https://example.com/1,"211.4%"',
    "Vale Republic,annual inflation,,117.8%,%,2024-12,current,"
    '"Annual inflation for 2024 was 117.8%.",Wire,2025-01-14,https://example.com/2,"117.8%"',
    "Vale Republic,monthly inflation,,2.4%,%,2024-11,current,"
    '"Consumer prices rose 2.4% in November 2024 from October.",Wire,2024-12-12,https://example.com/3,"2.4%"',
    "Kite Air,crash deaths in 2018 and 2019,,346 people,people,2019-03-10,current,"
    '"The two Kite Air crashes of 2018 and 2019 killed 346 people.",Wire,2019-03-11,https://example.com/4,"346"',
]
ENTITIES = "name,kind,aliases\nVale Republic,place,Vale|ヴェイル\nKite Air,company,\n"

service = service_fixture("two_times.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    "question",
    [
        "vale annual inflation 2024 vs 2023, how much lower",
        "ヴェイルの2023年と2024年の年間インフレ率を比べると？",
        # The present against a time: the newest figure is the one now.
        "vale annual inflation now vs 2023",
        "ヴェイルの年間インフレ率、今と2023年を比べると？",
    ],
)
async def test_each_time_is_answered_oldest_first(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered, answer.answer
    first = answer.answer.split("\n")[0]
    assert "211.4%" in first and "117.8%" in first
    assert first.index("211.4%") < first.index("117.8%")  # 2023 before 2024
    assert len(answer.facts) == 2


async def test_one_time_off_file_is_no_answer(service: FactService) -> None:
    # Nothing is on file for 2015: the 2024 figure alone would not answer the comparison.
    answer = service.answerer().ask("vale annual inflation 2015 vs 2024")
    assert not answer.answered, answer.answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how many people died in the kite air crashes in 2018 and 2019", "346"),
        ("m/m inflation in vale nov 2024", "2.4%"),
        ("vale month on month inflation in november 2024", "2.4%"),
    ],
)
async def test_one_figure_answers(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered, answer.answer
    assert expected in answer.answer.split("\n")[0]
