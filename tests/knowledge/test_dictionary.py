"""A question in Japanese about facts written in English is read through a dictionary of common words
(knowledge.dictionary, from JMdict) where the curated glossary has no entry: "表明" (to announce),
"負担" (to shoulder), "招致" (a bid) are found in the facts' English. A meaning of several words holds
only where all of them are said: "総裁" (president, "party leader", "director general") is no "general
election"."""

from __future__ import annotations

import pytest

from knowledge.dictionary import meanings
from knowledge.reading import common_words_in, stem
from knowledge.service import FactService
from knowledge.vocabulary import grammar
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Mia Sato,retirement announced,,2026-03-04,,2026-03-04,current,"
    '"Mia Sato announced on 4 March 2026 that she would retire after the season.",Wire,2026-03-04,'
    'https://example.com/1,"will retire."',
    "Harbor City,share of games cost,Harbor Games,¥59.7 billion,JPY,2022-06-21,current,"
    '"Harbor City shouldered ¥59.7 billion of the Harbor Games costs.",Wire,2022-06-21,'
    'https://example.com/2,"¥59.7 billion."',
    "Harbor City,host city bid budget,Harbor Games,¥7.5 billion,JPY,2013-09-07,current,"
    '"Harbor City\'s bid to host the Harbor Games was budgeted at ¥7.5 billion.",Wire,2013-09-07,'
    'https://example.com/3,"¥7.5 billion."',
    "Blue Party,lower house seats,,316,seats,2026-02-08,current,"
    '"The Blue Party won 316 seats in the February 2026 general election.",Wire,2026-02-09,'
    'https://example.com/4,"316 seats."',
]
ENTITIES = (
    "name,kind,aliases\nMia Sato,person,佐藤美亜\nHarbor City,government,ハーバー市\n"
    "Harbor Games,event,ハーバー大会\nBlue Party,organization,青党\n"
)

service = service_fixture("dictionary.sqlite3", ENTITIES, ROWS)


def test_the_words_asked_are_not_the_glossarys() -> None:
    """Each word these tests rely on the dictionary for is one the curated glossary lacks."""
    glossary = {word for group in grammar().related for word in group}
    assert not {"表明", "負担", "招致"} & glossary


def test_meanings_are_read_as_stems() -> None:
    assert stem("announced") in meanings("表明")
    # A meaning of two words is one entry, not two: "general" alone is no meaning of "総裁".
    assert f"{stem('party')} {stem('leader')}" in meanings("総裁")
    assert stem("general") not in meanings("総裁")
    assert meanings("未知語ではない何か") == frozenset()


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("佐藤美亜が引退を表明したのはいつ？", "2026年3月4日"),
        ("ハーバー市は大会経費をいくら負担した？", "597億円"),
        ("ハーバー市の招致予算は？", "75億円"),
    ],
)
async def test_a_word_the_glossary_lacks_is_read_by_its_meaning(
    service: FactService, question: str, expected: str
) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # "総裁" means "party leader" or "director general": one word of either is not the meaning.
        "青党の総裁は？",
        # No fact says what Mia Sato is paid: a word with meanings is still a word to account for.
        "佐藤美亜の年俸は？",
    ],
)
async def test_a_meaning_not_said_is_no_answer(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer


@pytest.mark.parametrize(
    ("run", "words"),
    [
        # A compound the glossary lacks is read as the common words it is made of.
        ("排除措置", ["排除", "措置"]),
        # A counter or a question word after them only says what is asked.
        ("最大何", ["最大"]),
        ("今誰", []),
        # What is not all common words may be a name: it stays whole.
        ("高木美帆", ["高木美帆"]),
        # Katakana is a loanword or a name, never cut at the words inside it.
        ("ソフトバンク", ["ソフトバンク"]),
    ],
)
def test_an_unknown_run_is_read_as_the_common_words_it_is_made_of(run: str, words: list[str]) -> None:
    assert common_words_in(run) == words
