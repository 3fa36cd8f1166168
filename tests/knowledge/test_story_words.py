"""Which relation answers, in the story's own words.

The vocabulary knows "funding round" and "jobs" (as job cuts); a curator's sheet says "funding raised"
and "jobs promised". Asked for the round's size, the relation that says "round" in its fact is the
same thing in the story's words, not a neighbour. One that says none of the cue's words still is:
asked for the chairman with only a chief executive on file, or for a market value with only the round
on file, the bot declines.

Of relations that fit a question alike, the one whose name it says whole answers (vehicle sales, not
battery-electric or overseas sales, for "car sales"); and a fact that cannot give the kind of answer
asked (a share gain, for "what date") is no rival to one that can.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Lumen AI,funding raised,,$2 billion,USD,2025-03-31,current,"
    '"Lumen AI raised $2 billion in the round led by Crest Capital, announced on 31 March 2025.",Wire,2025-03-31,'
    'https://example.com/1,"$2 billion"',
    "Harbor Campus,jobs promised,,"
    '12000,jobs,2025-01-21,current,"The governor said Harbor Campus would create 12,000 local jobs.",Wire,2025-01-21,'
    'https://example.com/2,"12,000"',
    "Kite Motors,annual vehicle sales,,3.02 million,vehicles,2023-12-31,current,"
    '"Kite Motors sold 3.02 million vehicles in 2023.",Wire,2024-01-02,https://example.com/4,"3.02 million"',
    "Kite Motors,annual bev sales,,1.57 million,vehicles,2023-12-31,current,"
    '"Kite Motors sold 1.57 million battery-electric vehicles in 2023.",Wire,2024-01-02,https://example.com/5,'
    '"1.57 million"',
    "Kite Motors,overseas sales,,242765,vehicles,2023-12-31,current,"
    '"Kite Motors sold 242,765 vehicles outside its home market in 2023.",Wire,2024-01-02,https://example.com/6,"242,765"',
    "Kite Motors,nasdaq listing date,Nasdaq,2023-09-14,,2023-09-14,current,"
    '"Kite Motors began trading on Nasdaq on 14 September 2023.",Wire,2023-09-14,https://example.com/7,"began trading"',
    "Kite Motors,first-day share gain,Nasdaq,25%,%,2023-09-14,current,"
    '"Kite Motors shares rose 25% on their first day of trading.",Wire,2023-09-14,https://example.com/8,"rose 25%"',
    "Kite Motors,first-day opening price,Nasdaq,$56.10,USD,2023-09-14,current,"
    '"Kite Motors shares opened at $56.10 on their first day of trading.",Wire,2023-09-14,https://example.com/9,'
    '"opened at $56.10"',
    "Kite Motors,closing share price,Nasdaq,$63.59,USD,2023-09-14,current,"
    '"Kite Motors closed its first day of trading at $63.59.",Wire,2023-09-14,https://example.com/10,"$63.59"',
    "Harbor Campus,opening day visitors,,48000,visitors,2025-04-13,current,"
    '"About 48,000 came to Harbor Campus on its opening day, 13 April 2025.",Wire,2025-04-14,https://example.com/11,'
    '"48,000"',
    "Lumen AI,board size,,7,seats,2025-12-18,current,"
    '"Lumen AI has a seven-member board.",Wire,2025-12-18,https://example.com/13,"seven-member board"',
    "Crest Capital,board seats,Lumen AI,1,seats,2025-12-18,current,"
    '"Crest Capital appoints one of the seven directors of Lumen AI.",Wire,2025-12-18,https://example.com/14,'
    '"one of the seven directors"',
    "Lumen AI,chief executive,,Sam Ortiz,,2019-02-01,superseded,"
    '"Sam Ortiz became Lumen AI\'s chief executive in February 2019.",Wire,2019-02-01,https://example.com/12,'
    '"Sam Ortiz"',
    "Lumen AI,chief executive,,Dana Reyes,,2024-05-01,current,"
    '"Dana Reyes has been Lumen AI\'s chief executive since May 2024.",Wire,2024-05-01,https://example.com/3,'
    '"Dana Reyes"',
]
ROWS += [
    "Japanese box office,all-time No.1 film,Night Train,Night Train,,2001-11-10,superseded,"
    '"Night Train became Japan\'s all-time box office No. 1 in November 2001.",Wire,2001-11-12,https://example.com/15,'
    '"No. 1"',
    "Japanese box office,all-time No.1 film,Silver Wind,Silver Wind,,2014-06-01,superseded,"
    '"Silver Wind became Japan\'s all-time box office No. 1 in June 2014.",Wire,2014-06-02,https://example.com/16,'
    '"No. 1"',
    "Japanese box office,all-time No.1 film,Star Harbor: Last Light,Star Harbor: Last Light,,2020-12-27,current,"
    '"Last Light has been Japan\'s all-time box office No. 1 since 27 December 2020.",Wire,2020-12-28,'
    'https://example.com/17,"No. 1"',
]
ROWS += [
    "Harbor Space Agency,president,,Kenji Mori,,2025-04-01,current,"
    '"Kenji Mori was reappointed president of the Harbor Space Agency from 1 April 2025.",Wire,2025-04-01,'
    'https://example.com/18,"reappointed"',
    "Harbor Lander,rocks observed,,10,rocks,2024-08-26,current,"
    '"Harbor Lander\'s camera observed 10 rocks.",Wire,2024-08-26,https://example.com/19,"10 rocks"',
    "Harbor Lander,distance from target,,55,metres,2024-01-25,current,"
    '"Harbor Lander touched down about 55 metres from its target.",Wire,2024-01-25,https://example.com/20,"55 metres"',
    "Harbor Rocket,launch failures,,2,failures,2025-12-22,current,"
    '"Flight 8\'s failure was Harbor Rocket\'s second launch failure.",Wire,2025-12-22,https://example.com/21,"second"',
    "Harbor Rocket F3,payload,Harbor Sat 4,Harbor Sat 4,,2024-07-01,current,"
    '"Harbor Rocket F3 put the Harbor Sat 4 Earth observation satellite into orbit.",Wire,2024-07-01,'
    'https://example.com/22,"into orbit"',
    "Kite Motors,revenue forecast,,76.5 billion,JPY,2025-05-15,current,"
    '"Kite Motors plans sales of 76.5 billion yen in the fiscal year to March 2026.",Wire,2025-05-15,'
    'https://example.com/24,"76.5 billion"',
    "Kite Motors,US revenue forecast,,40 billion,JPY,2025-05-15,current,"
    '"Kite Motors expects 40 billion yen of US sales in the year to March 2026.",Wire,2025-05-15,'
    'https://example.com/25,"40 billion"',
    "Kite Motors,Japan revenue forecast,,24 billion,JPY,2025-05-15,current,"
    '"Kite Motors expects 24 billion yen of sales in Japan in the year to March 2026.",Wire,2025-05-15,'
    'https://example.com/26,"24 billion"',
    "Harbor Navigation,satellites in operation,,4,satellites,2025-02-02,current,"
    '"The Harbor Navigation system was operating with four satellites.",Wire,2025-02-02,https://example.com/23,"four"',
]
ENTITIES = (
    "name,kind,aliases\nLumen AI,company,ルーメンAI\nHarbor Campus,event,ハーバーキャンパス\nDana Reyes,person,\n"
    "Harbor Space Agency,organization,HSA|ハーバー宇宙機関\nHarbor Lander,product,\nHarbor Rocket,product,\n"
    "Harbor Rocket F3,event,\nHarbor Sat 4,product,\nHarbor Navigation,product,\n"
    "Sam Ortiz,person,\nJapanese box office,market,\nNight Train,product,\nSilver Wind,product,\n"
    "Star Harbor: Last Light,product,Last Light\n"
)

service = service_fixture("story_words.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("latest lumen ai funding round size?", "$2 billion"),
        ("how many jobs did they say harbor campus would create", "12,000"),
        # Of its vehicle, battery-electric and overseas sales, which fit alike, the one whose name the
        # question says all of: "car" and "台数" are the glossary's words for vehicles.
        ("kite motors car sales 2023", "3.02 million"),
        ("カイト自動車の2023年の販売台数は？", "302万"),
        # Both facts fit "start trading on the nasdaq" by their words; only one can say a date.
        ("what date did kite motors start trading on the nasdaq", "14 September 2023"),
        # "money" and "people" only say what kind of figure is asked: a sum of money, a count of people.
        ("how much money did lumen ai raise", "$2 billion"),
        ("how many ppl came to harbor campus on opening day", "48,000"),
        # "does lumen ai have": its own board, not Crest's seats on it.
        ("how many board seats does lumen ai have", "7 seats"),
        # An agency's 理事長 is its president; to look at is to observe; how far is a distance.
        ("HSAの理事長は誰？", "Kenji Mori"),
        ("how many rocks did harbor lander look at", "10"),
        ("how far from its target did harbor lander land", "55"),
        # "How many times" only asks for a count; a payload is what a flight carries; "sats" are satellites.
        ("how many times has harbor rocket failed so far", "2"),
        ("what did harbor rocket f3 carry", "Harbor Sat 4"),
        ("how many harbor navigation sats were operating", "4"),
        # "us" opening a question is the United States, as "the us" is; the company-wide forecast is
        # no answer for it.
        ("us kite motors revenue forecast", "40 billion"),
        ("kite motors revenue forecast", "76.5 billion"),
    ],
)
async def test_a_relation_saying_the_cues_word_answers(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "who is lumen ai's chairman",
        "lumen ai market value?",
        "how many jobs will harbor campus cut",
        # Vehicles are not people.
        "how many people did kite motors sell in 2023",
        # No name of the three is said whole: which sales are asked is not said.
        "kite motors sales in 2023",
        # 副 makes the role a deputy's: the president is no answer.
        "HSAの副理事長は誰？",
    ],
)
async def test_a_relation_saying_none_of_them_is_a_neighbour(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("who was lumen ai's ceo in 2024", "Dana Reyes"),
        # A name after "before" or "after" places the answer on its timeline: the one beside hers.
        ("who ran lumen ai before dana reyes", "Sam Ortiz"),
        ("who was lumen ai's ceo after sam ortiz", "Dana Reyes"),
        ("japanese box office all-time no. 1 film before silver wind", "Night Train"),
    ],
)
async def test_a_name_placed_before_or_after_answers_with_the_one_beside_it(
    service: FactService, question: str, expected: str
) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    ("question", "named"),
    [
        # Nobody before him is on file: his own fact is no answer.
        ("who ran lumen ai before sam ortiz", "Sam Ortiz"),
        ("who ran lumen ai after dana reyes", "Dana Reyes"),
        # The words after "before" name the film the fact names, though no alias is said whole.
        ("japanese box office all-time no. 1 film before star harbor took it", "Star Harbor"),
    ],
)
async def test_a_name_placed_before_or_after_is_not_its_own_answer(
    service: FactService, question: str, named: str
) -> None:
    answer = service.answerer().ask(question)
    assert named not in answer.answer.split("\n")[0], answer.answer
