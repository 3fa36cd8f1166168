"""A time asked tells apart figures that otherwise fit alike.

"Kestrel's operating margin outlook at the end of September 2024": the margin it reported for a year and
the forecasts it gave fit the words alike, but only the forecasts have a figure from then. "The grant's
instalment in October 2022": the instalment paid that month, not the grant per household announced months
before, which fits the words as well. A figure from the time asked is what is asked; a question whose
time no figure is from is still declined, not answered with the nearest.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Kestrel Motors,operating margin,,7.0%,%,2023-12-31,superseded,"
    '"Kestrel Motors\' operating margin was 7.0% in 2023.",Wire,2024-03-01,https://example.com/1,"7.0%"',
    "Kestrel Motors,operating margin,,2.8%,%,2025-12-31,current,"
    '"Kestrel Motors\' operating margin more than halved to 2.8% in 2025.",Wire,2026-03-10,https://example.com/2,'
    '"2.8%"',
    "Kestrel Motors,operating margin forecast,,7.0-7.5%,%,2024-03-01,superseded,"
    '"In March 2024 Kestrel Motors forecast a 2024 operating margin of 7.0% to 7.5%.",Wire,2024-03-01,'
    'https://example.com/3,"7.0% to 7.5%"',
    "Kestrel Motors,operating margin forecast,,about 5.6%,%,2024-09-27,superseded,"
    '"On 27 September 2024 Kestrel Motors cut its 2024 operating margin forecast to around 5.6%.",Wire,'
    '2024-09-27,https://example.com/4,"around 5.6%"',
    "Kestrel Motors,operating margin forecast,,4-5.5%,%,2026-03-10,current,"
    '"In March 2026 Kestrel Motors forecast a 2026 operating margin of 4% to 5.5%.",Wire,2026-03-10,'
    'https://example.com/5,"4% to 5.5%"',
    "Home Energy Grant,discount per household,,200,GBP,2022-02-03,superseded,"
    "\"In February 2022 the minister announced a £200 discount on every household's energy bill from October "
    '2022.",Wire,2022-02-03,https://example.com/6,"£200"',
    "Home Energy Grant,discount per household,,400,GBP,2022-05-26,ended,"
    '"On 26 May 2022 the discount was doubled to £400, paid from October 2022 to March 2023.",Wire,2022-05-26,'
    'https://example.com/7,"£400"',
    "Home Energy Grant,monthly discount in October and November 2022,,66,GBP,2022-10-01,ended,"
    '"The £400 was paid in six monthly instalments: £66 in October and November 2022.",Wire,2022-10-01,'
    'https://example.com/8,"£66"',
    "Home Energy Grant,monthly discount from December 2022 to March 2023,,67,GBP,2022-12-01,ended,"
    '"The remaining instalments were £67 a month from December 2022 to March 2023.",Wire,2022-12-01,'
    'https://example.com/9,"£67"',
]
ENTITIES = (
    "name,kind,aliases\n"
    "Kestrel Motors,company,Kestrel|ケストレル\n"
    "Home Energy Grant,event,energy grant|energy rebate|エネルギー補助\n"
)

service = service_fixture("time_tells_apart.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # The yearly margins have no figure from September 2024; the forecasts do.
        ("2024年9月末時点のケストレルの営業利益率見通しは？", "5.6%"),
        # The instalment paid in October 2022, not the grant per household.
        ("how much was the energy rebate instalment in oct 2022", "£66"),
    ],
)
async def test_the_figure_from_the_time_asked_answers(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # Nothing is on file for 2021: neither the margins nor the forecasts answer for it.
        "kestrel operating margin outlook for 2021",
        "energy rebate instalment in oct 2021",
    ],
)
async def test_a_time_no_figure_is_from_is_declined(service: FactService, question: str) -> None:
    assert not service.answerer().ask(question).answered
