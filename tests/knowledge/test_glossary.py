"""Questions asked in Japanese about facts a curator wrote in English: the glossary's words find and
explain them; a date written before the words does not swallow them."""

from __future__ import annotations

from knowledge.service import FactService
from knowledge.vocabulary import grammar
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Egypt,average wheat price per tonne,,11500,EGP,2024-03,superseded,"
    '"In March 2024 wheat cost 11,500 pounds a tonne on average.",Wire,2024-04-02,https://example.com/b1,"11,500."',
    "Egypt,average wheat price per tonne,,12800,EGP,2024-06,current,"
    '"In June 2024 wheat cost 12,800 pounds a tonne on average.",Wire,2024-07-02,https://example.com/b2,"12,800."',
    "Egypt,wheat imports,,12.5e6,tonnes,2023,current,"
    '"Egypt imported 12.5 million tonnes of wheat in 2023.",Wire,2024-01-15,https://example.com/w,"12.5m t."',
    "Egypt,prime minister,,Mostafa Madbouly,,2018-06-07,current,"
    '"Mostafa Madbouly has been prime minister of Egypt since June 2018.",Wire,2018-06-07,'
    'https://example.com/pm,"Prime Minister Madbouly."',
    "KKR,Fuji Soft deal value,Fuji Soft,600e9,JPY,2024-09-19,current,"
    '"KKR agreed to buy Fuji Soft for about ¥600 billion.",Wire,2024-09-19,https://example.com/fs,"¥600bn."',
]
ENTITIES = "name,kind,aliases\nEgypt,government,エジプト\nKKR,company,\nFuji Soft,company,富士ソフト\n"


service = service_fixture("glossary.sqlite3", ENTITIES, ROWS)


def test_every_glossary_group_is_words_of_both_languages() -> None:
    """The glossary is read as related groups of English and Japanese words."""
    from knowledge.reading import is_cjk

    groups = [g for g in grammar().related if any(is_cjk(w) for w in g) and any(w.isascii() for w in g)]
    assert len(groups) > 300


async def test_a_japanese_word_finds_the_english_fact_that_means_it(service: FactService) -> None:
    """「小麦」 is wheat, 「輸入」 imports: Egypt's wheat imports answer, not the wheat price."""
    answer = service.answerer().ask("エジプトの小麦の輸入量は？")
    assert answer.answered and "1250万" in answer.answer, answer.answer


async def test_words_after_a_japanese_date_are_still_asked(service: FactService) -> None:
    """「2024年3月の小麦の平均価格」: the month is the time asked, wheat and average are what is asked."""
    answer = service.answerer().ask("2024年3月のエジプトの小麦の平均価格は？")
    assert answer.answered and "1.15万" in answer.answer.split("\n")[0], answer.answer
    other = service.answerer().ask("2024年3月のエジプトのコメの平均価格は？")
    assert not other.answered, other.answer


async def test_a_japanese_role_word_names_an_english_relation(service: FactService) -> None:
    answer = service.answerer().ask("エジプトの首相は誰？")
    assert answer.answered and "Mostafa Madbouly" in answer.answer, answer.answer


async def test_a_relation_named_for_the_thing_sold_answers_its_sale(service: FactService) -> None:
    """「富士ソフトはKKRにいくらで売れた」: Fuji Soft is the topic, KKR the buyer; KKR's "Fuji Soft deal
    value" is that sale, not the other way round."""
    answer = service.answerer().ask("富士ソフトはKKRにいくらで売れた？")
    assert answer.answered and "6000億" in answer.answer, answer.answer
