"""A quarter with its year written short ("q4 24"); "the latest quarter" is no annual figure; a figure
with no date is no answer for a year asked; "gross" names a film's box office, and a box-office figure
dated in the month asked beats a worldwide total standing from before; "the first 3 days" is not the
figure "after 90 days"."""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import PERIOD_HEADER, service_fixture

QUARTERS = [
    ("2023-12-31", "Q4 2023", "484507", "fourth quarter of 2023"),
    ("2024-12-31", "Q4 2024", "495570", "fourth quarter of 2024"),
]
ROWS = [
    f"Voltra,quarterly deliveries,,{n},vehicles,{as_of},{'current' if as_of.startswith('2024') else 'superseded'},"
    f'"Voltra delivered {n} vehicles in the {words}.",Wire,{as_of},https://example.com/q{as_of},'
    f'"{n} vehicles.",{period}'
    for as_of, period, n, words in QUARTERS
] + [
    "Voltra,annual deliveries,,1789226,vehicles,2024-12-31,current,"
    '"Voltra delivered 1,789,226 vehicles in 2024.",Wire,2025-01-02,https://example.com/a,"1,789,226 vehicles.",2024',
    "Voltra,sales volume,,2000000,vehicles,,current,"
    '"Voltra sells about two million vehicles a year.",Wire,,https://example.com/u,"two million vehicles.",',
    "Hearth Train,Japan box office,,204.84億円,JPY,2020-11-08,superseded,"
    '"Hearth Train had grossed 204.84億円 in Japan after 24 days.",Wire,2020-11-09,https://example.com/b1,'
    '"204.84億円.",',
    "Hearth Train,Japan box office,,404.3億円,JPY,2022-02-13,superseded,"
    '"Hearth Train\'s Japan box office stood at 404.3億円 in February 2022.",Wire,2022-02-14,'
    'https://example.com/b2,"404.3億円.",',
    "Hearth Train,Japan box office,,407.5億円,JPY,2025-08-25,current,"
    '"Hearth Train\'s Japan box office reached 407.5億円.",Wire,2025-08-26,https://example.com/b3,"407.5億円.",',
    "Hearth Train,worldwide gross,,517億円,JPY,2021-05-23,current,"
    '"Hearth Train\'s worldwide gross was about 517億円 in May 2021.",Wire,2021-05-24,https://example.com/w,'
    '"517億円.",',
    "One-eyed Lamp,Japan box office,,34.4億円,JPY,2025-04-20,superseded,"
    '"One-eyed Lamp grossed 34.4億円 in Japan in its first 3 days.",Wire,2025-04-21,https://example.com/c1,'
    '"34.4億円.",',
    "One-eyed Lamp,Japan box office,,144億円,JPY,2025-07-16,current,"
    '"One-eyed Lamp had grossed over 144億円 in Japan after 90 days.",Wire,2025-07-17,https://example.com/c2,'
    '"144億円.",',
]
ENTITIES = "name,kind,aliases\nVoltra,company,ヴォルトラ\nHearth Train,product,\nOne-eyed Lamp,product,\n"


service = service_fixture("quarters.sqlite3", ENTITIES, ROWS, PERIOD_HEADER)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how many cars did voltra hand over in q4 23", "484,507"),
        ("voltra deliveries q4 '24", "495,570"),
        # "The latest quarter" is the quarterly figure, not the newer-looking annual one.
        ("voltra deliveries most recent quarter", "495,570"),
        ("voltra deliveries in 2024", "1.79 million"),
        # "Gross" names the box office; the figure dated in February 2022 answers then.
        ("hearth train gross back in feb 2022", "¥40.4 billion"),
        ("one-eyed lamp first 3 days gross?", "¥3.44 billion"),
    ],
)
async def test_short_years_latest_quarters_and_counts(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # The sales figure has no date: it is not known to be 2023's.
        "voltra sales volume in 2023",
        # Three days asked; only the 90-day and 24-day figures of Hearth Train are not it.
        "hearth train first 3 days gross",
    ],
)
async def test_undated_and_other_counts_are_no_answer(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer
