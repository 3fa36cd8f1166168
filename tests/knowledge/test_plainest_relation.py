"""Which of the relations a question's words fit is the one it asks for.

- Of relations that fit alike, the plain one whose name the others' names add to. A curator's sheet
  often holds a figure and its qualified kin: "units sold", "annual units sold" and "first four days
  units sold". "how many have been sold" fits all three by its words; the plain one is what is asked,
  unless the question says what another adds ("annual"), and then it is not.
- A phrase of the vocabulary names its relation: "share price" is not asked by an offer price per
  share, whose name holds the same words in another order.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Kite Console,units sold,,10.36 million,units,2025-09-30,current,"
    '"Kite Console sales reached 10.36 million units by 30 September 2025.",Wire,2025-11-04,'
    'https://example.com/1,"10.36 million"',
    "Kite Console,annual units sold,,5.82 million,units,2025-03-31,current,"
    '"Kite sold 5.82 million consoles in the year to March 2025.",Wire,2025-05-08,https://example.com/2,"5.82 million"',
    "Kite Console,first four days units sold,,3.5 million,units,2025-06-08,current,"
    '"Kite Console sold 3.5 million units in its first four days.",Wire,2025-06-11,https://example.com/3,"3.5 million"',
    "Japan,core cpi,,3.0%,%,2024-12,current,"
    '"Japan\'s core consumer price index rose 3.0% in December 2024.",Wire,2025-01-24,https://example.com/4,"3.0%"',
    "Japan,annual core cpi,,2.5%,%,2024-12-31,current,"
    '"Core consumer prices rose 2.5% in 2024 as a whole.",Wire,2025-01-24,https://example.com/5,"2.5%"',
    "Vela Search,us search market share,,87.4%,%,2024-12,current,"
    '"Vela Search held 87.4% of US search in December 2024.",Wire,2025-01-05,https://example.com/6,"87.4%"',
    "Vela Search,global search market share,,89.7%,%,2024-12,current,"
    '"Vela Search held 89.7% of search worldwide in December 2024.",Wire,2025-01-05,https://example.com/7,"89.7%"',
    "Vela Search,offer price per share,Orbit Bank,0.76,CHF,2023-03-19,current,"
    '"The Vela Search deal valued each Orbit Bank share at 0.76 Swiss francs.",Wire,2023-03-19,'
    'https://example.com/8,"0.76 Swiss francs"',
]
ENTITIES = (
    "name,kind,aliases\nKite Console,product,カイト機\nJapan,place,日本\nVela Search,company,ベラ検索\n"
    "Orbit Bank,company,オービット銀行\n"
)

service = service_fixture("plainest.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how many kite consoles have been sold", "reached 10.36 million"),
        ("kite console sales so far", "reached 10.36 million"),
        ("kite console annual units sold", "5.82 million consoles"),
    ],
)
async def test_the_plain_relation_of_its_kin_answers(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer, answer.answer


async def test_a_word_of_the_kin_said_keeps_the_plain_one_out(service: FactService) -> None:
    # "annual" is what the other adds: the monthly reading is no answer, however plain its name.
    answer = service.answerer().ask("japan annual core inflation 2024")
    assert "3%" not in answer.answer.split("\n")[0] and "3.0%" not in answer.answer.split("\n")[0], answer.answer


async def test_a_grammar_word_of_a_name_is_a_word_of_it(service: FactService) -> None:
    # "US search market share" is not plainer than "global search market share": "US" counts.
    answer = service.answerer().ask("ベラ検索の世界の検索シェアは？")
    assert "87.4%" not in answer.answer.split("\n")[0], answer.answer


async def test_a_phrase_names_its_relation_not_one_with_its_words_reordered(service: FactService) -> None:
    answerer = service.answerer()
    assert not answerer.ask("vela search share price now?").answered
    answer = answerer.ask("vela search offer price per share for orbit bank")
    assert answer.answered and "0.76" in answer.answer, answer.answer


BLOC_ROWS = [
    "Honda,partnership stage,Nissan,ended,,2025-02-13,current,"
    '"Honda and Nissan formally ended their merger talks on 13 February 2025.",Wire,2025-02-13,'
    'https://example.com/b1,"ended their merger talks"',
]
bloc_service = service_fixture("bloc.sqlite3", "name,kind,aliases\nHonda,company,\nNissan,company,\n", BLOC_ROWS)


async def test_a_fact_between_a_blocs_members_is_the_blocs_own(bloc_service: FactService) -> None:
    """The shipped pack reads "Honda Nissan" as its Honda–Nissan bloc, and holds Mitsubishi's talks about
    joining it. Asked where the bloc's talks stand, Honda's talks with Nissan answer, not Mitsubishi's."""
    answer = bloc_service.answerer().ask("where do the honda nissan merger talks stand now")
    assert answer.answered and "ended" in answer.answer.split("\n")[0], answer.answer
