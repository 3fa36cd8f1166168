"""Questions worded otherwise than the facts: related words, a curator's relation asked with the
built-in vocabulary its name holds, accents, abbreviations, the kind of answer asked. Each loads a
small story by CSV import, as a curator would, and asks as a user does; each has a trap beside it
that must stay declined."""

from __future__ import annotations

import pytest

from knowledge.answers import Answerer
from knowledge.figures import value_data
from knowledge.service import FactService
from knowledge.store import BASE, FactStore
from knowledge.vocabulary import new_relation

HEADER = "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote\n"
ENTITIES = (
    "name,kind,aliases\n"
    "Borealis Air,company,Borealis|ボレアリス航空\n"
    "Cirrus Airways,company,Cirrus|シーラス航空\n"
    "Pilots Guild,organization,Guild\n"
    "Transport Ministry,government,ministry\n"
    "Viktor Gyökeres,person,Gyokeres|Gyökeres|ギョケレス\n"
    "Sporting CP,company,Sporting|スポルティング\n"
    "Lena Ortiz,person,Ortiz\n"
    "Harbor Court,organization,\n"
    "パリ・サンジェルマン,company,PSG|Paris Saint-Germain\n"
)
FACTS = HEADER + "".join(
    row + '"As the wire reported it."\n'
    for row in (
        'Borealis Air,bid for,Cirrus Airways,300e6,USD,2024-07-24,current,"Borealis Air made a $300 million bid '
        'for Cirrus Airways in July 2024.",Wire,2024-07-24,,',
        'Borealis Air,investment pledge,Cirrus Airways,2e9,USD,2024-09-04,current,"Borealis Air committed '
        "$2 billion of new money to Cirrus Airways' fleet by 2030.\",Wire,2024-09-04,,",
        'Cirrus Airways,delisting date,,2025-06-18,,2025-06-18,current,"Cirrus Airways was delisted from the New '
        'York Stock Exchange on 18 June 2025.",Wire,2025-06-18,,',
        'Viktor Gyökeres,presentation attendance,Sporting CP,40000,fans,2023-07-16,current,"About 40,000 fans '
        'filled the Estádio José Alvalade when Gyökeres was unveiled.",Wire,2023-07-16,,',
        'Viktor Gyökeres,contract length,Sporting CP,5,years,2023-07-16,current,"Gyökeres signed a five-year '
        'contract with Sporting.",Wire,2023-07-16,,',
        "Viktor Gyökeres,contract end,Sporting CP,2028-06,,2023-07-16,current,\"Gyökeres's Sporting contract "
        'runs until June 2028.",Wire,2023-07-16,,',
        'Borealis Air,ordered to pay,Pilots Guild,61e6,USD,2025-12-16,current,"On 16 December 2025 Harbor Court '
        'ordered Borealis Air to pay the Pilots Guild 61 million dollars in unpaid salary.",Wire,2025-12-16,,',
        'Borealis Air,government approval,Cirrus Airways,approved,,2025-06-13,current,"On 13 June 2025 the '
        'Transport Ministry cleared Borealis Air to buy Cirrus Airways.",Wire,2025-06-13,,',
        'Cirrus Airways,parent company,Borealis Air,Borealis Air,,2025-07-01,current,"Cirrus Airways is a '
        'subsidiary of Borealis Air.",Wire,2025-07-01,,',
        'Borealis Air,chief executive,,Lena Ortiz,,2024-01-01,current,"Lena Ortiz is chief executive of '
        'Borealis Air.",Wire,2024-01-01,,',
        'Viktor Gyökeres,goals,Sporting CP,97,goals,2025-05-20,current,"Gyökeres scored 97 goals in 102 games '
        'for Sporting.",Wire,2025-05-20,,',
        'Borealis Air,investment pledge,Cirrus Airways,1e9,USD,2024-03-01,superseded,"Borealis Air first pledged '
        "$1 billion for Cirrus Airways' fleet.\",Wire,2024-03-01,,",
        'Borealis Air,investment pledge,Cirrus Airways,3e9,USD,2025-06-01,current,"Borealis Air raised its pledge '
        "for Cirrus Airways' fleet to $3 billion.\",Wire,2025-06-01,,",
        'Borealis Air,closing date,Cirrus Airways,Q4 2024,,2024-03-01,superseded,"Closing of the Cirrus deal was '
        'expected in the fourth quarter of 2024.",Wire,2024-03-01,,',
        'Borealis Air,closing date,Cirrus Airways,Q1 2025,,2024-12-20,superseded,"In December 2024 Borealis Air '
        'moved the expected closing of the Cirrus deal to the first quarter of 2025.",Wire,2024-12-20,,',
        'Borealis Air,closing date,Cirrus Airways,2025-06-30,,2025-06-30,current,"Borealis Air closed its '
        'purchase of Cirrus Airways on 30 June 2025.",Wire,2025-06-30,,',
        'パリ・サンジェルマン,president,,Nasser Al-Khelaifi,,2022-05-21,current,"Nasser Al-Khelaifi is the '
        'president of Paris Saint-Germain.",Wire,2022-05-21,,',
    )
)


async def imported(store: FactStore, entities: str, facts: str) -> Answerer:
    """A story's two sheets imported as a curator would, and the answerer over them."""
    service = FactService(store)
    await service.import_file(entities, "entities.csv", "curator", BASE)
    await service.import_file(facts, "facts.csv", "curator", BASE)
    await service.start()
    return service.answerer()


@pytest.fixture
async def airline(store: FactStore) -> Answerer:
    return await imported(store, ENTITIES, FACTS)


def first_line(answerer: Answerer, question: str) -> str:
    answer = answerer.ask(question)
    return answer.answer.split("\n")[0] if answer.answered else ""


async def test_a_word_the_fact_words_otherwise_is_accounted_for(airline: Answerer) -> None:
    """ "offer" is answered by a bid; a chief executive's salary is answered neither by a court's order to
    pay nor by her appointment."""
    assert "$300 million" in first_line(airline, "how much did borealis offer for cirrus")
    assert not airline.ask("what is lena ortiz's salary").answered


async def test_a_curators_relation_is_asked_with_the_vocabulary_its_name_holds(airline: Answerer) -> None:
    """The name "investment pledge" holds "investment": asked in Japanese with 投資額, or as "invest",
    it answers with the newest pledge."""
    assert "30億" in first_line(airline, "ボレアリス航空のシーラス航空への投資額はいくら")
    assert "$3 billion" in first_line(airline, "how much will borealis invest in cirrus")


async def test_a_japanese_compound_is_read_by_the_words_in_it(airline: Answerer) -> None:
    """The compound 通算ゴール数 (career goal count) holds ゴール, a related word of the fact's "goals"."""
    assert "97" in first_line(airline, "ギョケレスのスポルティングでの通算ゴール数は")


async def test_what_stood_at_a_time_and_what_happened_then(airline: Answerer) -> None:
    """ "What was the pledge in December 2024" is the pledge standing then; "how much did they bid in
    2025" asks for a bid made in 2025, and there was none; "at the end of 2024" is the state then."""
    assert "$2 billion" in first_line(airline, "what was borealis's investment pledge for cirrus in december 2024")
    assert not airline.ask("how much did borealis bid for cirrus in 2025").answered
    assert "Q1 2025" in first_line(airline, "what closing date was expected for cirrus at the end of 2024")


async def test_accents_and_abbreviations_are_read_as_written(airline: Answerer) -> None:
    """ "estadio" is the statement's "Estádio"; "nyse" is its New York Stock Exchange."""
    assert "40,000" in first_line(airline, "how many fans were at the estadio jose alvalade for gyokeres")
    assert "18 June 2025" in airline.ask("when was cirrus delisted from the nyse").answer
    assert not airline.ask("when was cirrus delisted from the lse").answered


async def test_the_kind_of_answer_asked_picks_between_fitting_facts(airline: Answerer) -> None:
    """ "when does it run out" is the contract's end, a date; "how long" is its length."""
    assert "June 2028" in first_line(airline, "when does gyokeres's sporting contract run out")
    assert "5 years" in first_line(airline, "how long is gyokeres's contract with sporting")


async def test_a_case_between_two_parties_is_not_a_comparison(airline: Answerer) -> None:
    """ "borealis v pilots guild" names a case: the court's order answers, no figure both sides have."""
    assert "61 million" in first_line(airline, "what did harbor court rule on borealis v pilots guild")


def test_a_lower_case_word_is_text_not_a_name() -> None:
    """A curator's new relation takes any value: "approved" is text, "Lena Ortiz" a person."""
    relation = new_relation("government approval")
    assert value_data(relation, "approved")["kind"] == "text"
    assert value_data(relation, "Lena Ortiz")["kind"] == "person"
    assert value_data(relation, "内田誠")["kind"] == "person"


async def test_a_when_question_about_an_approval_gives_its_date(airline: Answerer) -> None:
    """The approval's value is what happened; "when" gives the date it happened."""
    answer = airline.ask("when did the ministry approve the borealis cirrus deal")
    assert answer.answered and "13 June 2025" in answer.answer


async def test_who_owns_is_the_parent_or_the_stake_whichever_is_on_file(airline: Answerer) -> None:
    """ "who owns cirrus" is its parent company; a chairman asked of a company with only a chief
    executive on file is still declined."""
    assert "Borealis" in first_line(airline, "who owns cirrus")
    assert not airline.ask("who is the chairman of borealis").answered


async def test_a_japanese_name_with_a_middle_dot_is_one_name(airline: Answerer) -> None:
    """ "パリ・サンジェルマン" is the club however the dot is written (full or half width). A club's 会長 is
    its president, as Japanese reports call him; its vice chairman (副会長) is another role: declined,
    the club's president offered as what is on file."""
    assert "Al-Khelaifi" in first_line(airline, "パリ・サンジェルマンのpresidentは誰")
    assert "Al-Khelaifi" in first_line(airline, "ﾊﾟﾘ･ｻﾝｼﾞｪﾙﾏﾝのpresidentは誰")
    assert "Al-Khelaifi" in first_line(airline, "パリ・サンジェルマンの会長は誰")
    deputy = airline.ask("パリ・サンジェルマンの副会長は誰")
    assert not deputy.answered and "president of Paris Saint-Germain" in deputy.answer, deputy.answer


RESULTS_ENTITIES = (
    "name,kind,aliases\n"
    "Aerion,company,Aerion Corp|エアリオン\n"
    "Skyway,company,\n"
    "Central Bank of Avalon,government,CBA|アバロン中銀\n"
    "Mira Sato,person,Sato\n"
    "Ivo Lind,person,Lind\n"
)
RESULTS = HEADER + "".join(
    row + '"As the wire reported it."\n'
    for row in (
        'Aerion,annual revenue,,66.5e9,USD,2025-01-28,superseded,"Aerion\'s revenue for 2024 was $66.5 billion.",'
        "Wire,2025-01-28,,",
        "Aerion,annual revenue,,89.5e9,USD,2026-01-27,current,\"Aerion's revenue for 2025 was $89.5 billion, its "
        'highest since 2018.",Wire,2026-01-27,,',
        "Aerion,quarterly net loss,,355e6,USD,2024-04-24,superseded,\"Aerion's net loss in the first quarter of 2024 "
        'was $355 million.",Wire,2024-04-24,,',
        "Aerion,quarterly net loss,,1.44e9,USD,2024-07-31,current,\"Aerion's net loss in the second quarter of 2024 "
        'was $1.44 billion.",Wire,2024-07-31,,',
        'Aerion,annual net loss,,11.8e9,USD,2025-01-28,current,"Aerion\'s net loss for 2024 was $11.8 billion.",'
        "Wire,2025-01-28,,",
        'Central Bank of Avalon,10-year yield cap,,1,%,2023-10-31,current,"The Central Bank of Avalon made 1% the '
        'upper bound on the 10-year bond yield.",Wire,2023-10-31,,',
        'Central Bank of Avalon,policy rate,,0.5,%,2025-01-24,superseded,"On 24 January 2025 the Central Bank of '
        'Avalon raised its policy rate to 0.5%.",Wire,2025-01-24,,',
        'Central Bank of Avalon,policy rate,,0.75,%,2025-12-19,current,"On 19 December 2025 the Central Bank of '
        'Avalon raised its policy rate to 0.75%.",Wire,2025-12-19,,',
        'Central Bank of Avalon,governor,,Mira Sato,,2023-04-09,current,"Mira Sato became governor of the Central '
        'Bank of Avalon on 9 April 2023.",Wire,2023-04-09,,',
        'Skyway,annual recurring revenue,,400e6,USD,2022-09-15,current,"When Aerion agreed to buy it, Skyway was on '
        'course for $400 million of annual recurring revenue.",Wire,2022-09-15,,',
        "Skyway,chief financial officer,,Ivo Lind,,2025-07-31,current,\"Ivo Lind is Skyway's chief financial "
        'officer.",Wire,2025-07-31,,',
        'Skyway,employees accepting severance,,52,employees,2024-02-01,current,"About 52 Skyway employees took the '
        'severance offered.",Wire,2024-02-01,,',
        'Aerion,job cuts,,15000,jobs,2024-08-01,current,"Aerion said it would cut about 15,000 jobs.",'
        "Wire,2024-08-01,,",
        'Aerion,workforce reduction,,15,%,2024-08-01,current,"Aerion said it would cut 15% of its workforce.",'
        "Wire,2024-08-01,,",
        "Aerion,foundry operating loss,,5.2e9,USD,2023-01-30,current,\"Aerion's foundry unit lost $5.2 billion "
        '(operating) in 2022.",Wire,2023-01-30,,',
    )
)


@pytest.fixture
async def results(store: FactStore) -> Answerer:
    return await imported(store, RESULTS_ENTITIES, RESULTS)


async def test_quarters_and_years_pick_the_period_asked(results: Answerer) -> None:
    """ "q2 2024" is April-June, "the first quarter of 2024" January-March, "for 2024" the whole year;
    a year with no figure on file ("revenue in 2022") is declined, not answered with 2025's."""
    assert "$1.44 billion" in first_line(results, "aerion q2 2024 net loss")
    assert "$355 million" in first_line(results, "how much did aerion lose in the first quarter of 2024")
    assert "$11.8 billion" in first_line(results, "aerion net loss for 2024")
    assert "$66.5 billion" in first_line(results, "what was aerion's revenue in 2024")
    assert not results.ask("what was aerion's revenue in 2022").answered


async def test_a_relations_own_word_must_be_asked(results: Answerer) -> None:
    """The 10-year yield is not its cap; asked for the cap, the cap answers."""
    assert not results.ask("what's the 10 year yield in avalon right now").answered
    assert "1%" in first_line(results, "what is the cba's 10-year yield cap")


async def test_a_fact_about_another_company_is_not_the_answer(results: Answerer) -> None:
    """Skyway's recurring revenue mentions Aerion; it is not Aerion's revenue in 2022."""
    assert not results.ask("what was aerion's recurring revenue in 2022").answered


async def test_rates_and_leaders_in_everyday_words(results: Answerer) -> None:
    """Borrowing costs are the policy rate, newest first; the boss of a central bank is its governor;
    the boss of a company with only a CFO on file is not the CFO; a head count is not a severance count."""
    assert "0.75%" in first_line(results, "how high are borrowing costs in avalon right now")
    assert "Sato" in first_line(results, "who is the boss at the central bank of avalon")
    assert not results.ask("who's the boss at skyway").answered
    assert not results.ask("how many employees does skyway have").answered
    assert not results.ask("エアリオンの従業員数は？").answered
    assert not results.ask("when is the cba's next meeting").answered


async def test_idioms_and_news_words(results: Answerer) -> None:
    """ "The first three months of 2024" is the first quarter, "the last three" the fourth (none on file,
    and the year's loss is not its answer); "how old" asks an age no fact gives."""
    assert "$355 million" in first_line(results, "aerion net loss in the first three months of 2024")
    assert not results.ask("aerion net loss in the last three months of 2024").answered, "no Q4, nor the year's"
    assert not results.ask("how old was mira sato when she became governor").answered


async def test_a_share_asked_and_the_other_side(results: Answerer) -> None:
    """ "What % of staff" is the workforce share, never the number of jobs; "how many jobs" the number;
    "how much profit" is not answered by a loss; "the april-june quarter of 2024" is that quarter."""
    assert "15%" in first_line(results, "what % of staff was aerion cutting in 2024")
    assert "15,000" in first_line(results, "how many jobs is aerion cutting")
    assert not results.ask("how much profit did aerion make in 2022").answered
    assert "$1.44 billion" in first_line(results, "aerion net loss in the april-june quarter of 2024")
