"""Names with numbers and dates in them, and what a question's own number or verb asks.

A curator names events by their dates ("July 2024 support operations", "29 April 2024 support
operation") and plants by their numbers ("Harbor Fab 1", "Harbor Fab 2"). People write those names
another way ("jul 2024 support operation") and ask about a plant that is not on file ("fab 3"): the
first is the event, the second is no plant of the two, and a site-wide figure is no answer for it.

"How much did they invest" asks for a sum of money: the stake the money bought is a neighbour. And a
month range in a statement's aside ("during the April-May 2024 operations") is no period a standing rate
is a figure for.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "July 2024 support operations,operation spending,,¥5.5 trillion,JPY,2024-07-29,current,"
    '"The treasury spent 5.5 trillion yen on its July 2024 support operations.",Wire,2024-07-29,'
    'https://example.com/1,"5.5 trillion"',
    "29 April 2024 support operation,operation spending,,¥5.9 trillion,JPY,2024-04-29,current,"
    '"The treasury spent 5.9 trillion yen on 29 April 2024.",Wire,2024-05-31,https://example.com/2,"5.9 trillion"',
    "2024 support operations,operation spending,,¥15.3 trillion,JPY,2024-11-08,current,"
    '"The treasury spent 15.3 trillion yen on support operations in 2024.",Wire,2024-11-08,'
    'https://example.com/3,"15.3 trillion"',
    "Harbor Central Bank,policy interest rate,,0-0.1%,%,2024-03-19,superseded,"
    '"On 19 March 2024 Harbor Central Bank set its policy rate at 0% to 0.1%; the rate stood there during '
    'the April-May 2024 operations.",Wire,2024-03-19,https://example.com/4,"0% to 0.1%"',
    "Harbor Central Bank,policy interest rate,,0.25%,%,2024-07-31,superseded,"
    '"On 31 July 2024 Harbor Central Bank raised its policy rate to 0.25%.",Wire,2024-07-31,'
    'https://example.com/5,"0.25%"',
    "Harbor Central Bank,policy interest rate,,0.5%,%,2025-01-24,current,"
    '"On 24 January 2025 Harbor Central Bank raised its policy rate to 0.5%.",Wire,2025-01-24,'
    'https://example.com/6,"0.5%"',
    "Harbor Chips Fab 2,government subsidy,,¥732 billion,JPY,2024-02-24,current,"
    '"The government granted up to 732 billion yen for Harbor Fab 2.",Wire,2024-02-24,https://example.com/7,'
    '"732 billion"',
    "Harbor Chips,government subsidy,,¥1.2 trillion,JPY,2024-02-24,current,"
    '"Counting both Port Ellis fabs, government support for Harbor Chips comes to about 1.2 trillion yen.",Wire,'
    '2024-02-24,https://example.com/8,"1.2 trillion"',
    "Kite Motors,stake,Harbor Chips,2%,%,2024-02-06,current,"
    '"Kite Motors took a stake of about 2% in Harbor Chips.",Wire,2024-02-06,https://example.com/9,'
    '"a stake of about 2%"',
    "Delta Parts,stake,Harbor Chips,5.5%,%,2024-02-06,current,"
    '"Delta Parts holds about 5.5% of Harbor Chips.",Wire,2024-02-06,https://example.com/10,"5.5%"',
    "24 October 2022 support operation,operation spending,,¥729.6 billion,JPY,2022-10-24,current,"
    '"The treasury spent 729.6 billion yen on 24 October 2022.",Wire,2022-10-31,https://example.com/12,'
    '"729.6 billion"',
    "1 May 2024 support operation,trigger level,,157.5,yen per dollar,2024-05-01,current,"
    '"The dollar was around 157.5 yen before the 1 May 2024 operation.",Wire,2024-05-02,https://example.com/13,'
    '"157.5"',
    "1 May 2024 support operation,rebound level,,153,yen per dollar,2024-05-02,current,"
    '"After the 1 May 2024 operation the yen jumped from the 157 level to the 153 level.",Wire,2024-05-02,'
    'https://example.com/14,"153"',
    "Harbor Chips Fab 1,site area,,21.3,hectares,2022-04,current,"
    '"The first fab was built on an industrial park of about 21.3 hectares.",Wire,2022-04-01,https://example.com/15,'
    '"21.3"',
    "Harbor Chips Fab 1,monthly capacity,,55000,wafers a month,2022-02-15,current,"
    '"Harbor Chips raised the first fab\'s planned capacity to 55,000 wafers a month.",Wire,2022-02-15,'
    'https://example.com/16,"55,000"',
    "Harbor Chips Fab 1,construction start,,2022-04-21,,2022-04-21,current,"
    '"Construction of the first Harbor Chips fab began on 21 April 2022.",Wire,2022-04-21,https://example.com/17,'
    '"began on 21 April 2022"',
    "Port Ellis,foreign exchange reserves,,$1.27 trillion,USD,2025-08-31,current,"
    '"Port Ellis\'s foreign exchange reserves were $1.27 trillion at the end of August 2025.",Wire,2025-09-05,'
    'https://example.com/18,"$1.27 trillion"',
    "Delta Parts,investment,Harbor Chips,$350 million,USD,2022-02-15,current,"
    '"Delta Parts invested $350 million in Harbor Chips.",Wire,2022-02-15,https://example.com/11,"$350 million"',
]
ENTITIES = (
    "name,kind,aliases\n"
    "July 2024 support operations,event,July 2024 operation|2024年7月の介入\n"
    "29 April 2024 support operation,event,April 29 2024 operation|2024年4月29日の介入\n"
    "2024 support operations,event,2024 operation|2024 operations|2024年の介入\n"
    "Harbor Central Bank,government,HCB\n"
    "Harbor Chips Fab 1,place,Harbor Fab 1|Fab 1|ハーバー第1工場\n"
    "Harbor Chips Fab 2,place,Harbor Fab 2|Fab 2|ハーバー第2工場\n"
    "Japanese yen,market,yen|dollar yen|円相場\n"
    "1 May 2024 support operation,event,May 1 2024 operation|2024年5月1日の介入\n"
    "24 October 2022 support operation,event,October 24 2022 operation|2022年10月24日の介入\n"
    "Harbor Chips,company,ハーバーチップス\n"
    "Port Ellis,place,ポートエリス\n"
    "Kite Motors,company,カイト自動車\n"
    "Delta Parts,company,デルタ部品\n"
)

service = service_fixture("numbered_names.sqlite3", ENTITIES, ROWS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # The event's name with its last word in the other number, and its month written short.
        ("jul 2024 support operation, how much total", "5.5"),
        ("apr 29 2024 operation spending", "5.9"),
        # "How much" asks for the spending, though "operation" (a word of the name) is said and
        # "spending" is not.
        ("july 2024 support operations, how much", "5.5"),
        # The rate standing then: the March fact's aside names no period it is a figure for.
        ("what was the hcb rate in june 2024", "0–0.1%"),
        ("hcb policy rate in feb 2025", "0.5%"),
        ("harbor fab 2 subsidy?", "732"),
        # "Harbor Chips" is said as part of the plant's name.
        ("harbor chips subsidy for fab 2?", "732"),
        # A total asked "いくら" is the spending; the rate whose statement names the operations in passing
        # is about something else.
        ("2024年の介入、合計でいくら？", "15兆3000億円"),
        ("port ellis fabs subsidy?", "1.2 trillion"),
        ("ハーバー第2工場の補助金はいくら？", "7320億"),
        ("how much did delta parts invest in harbor chips", "$350 million"),
        ("how much of harbor chips does kite motors own", "2%"),
        # "Before" the operation is the level its statement says was before it, not the one after it.
        ("dollar yen before the may 1 2024 operation", "157.5"),
        ("where was the yen after the may 1 2024 operation", "153"),
        # Vocabulary as data: "break ground" is the construction start (着工), "fx" foreign exchange.
        ("when did they break ground on harbor fab 1", "21 April 2022"),
        ("ハーバー第1工場の着工はいつ？", "2022年4月21日"),
        ("port ellis fx reserves latest", "$1.27 trillion"),
    ],
)
async def test_the_name_and_the_figure_asked_answer(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # No third fab is on file: the site-wide subsidy ("both Harbor fabs") is a neighbour.
        "harbor fab 3 subsidy?",
        "port ellis fab 3 subsidy?",
        "ハーバー第3工場の補助金はいくら？",
        "ポートエリス第3工場の補助金はいくら？",
        # The yen's rate after the operation is not on file: a sum spent "in yen" is no fact of the yen.
        "2022年10月24日の介入後の円相場は？",
        # A sum of money is asked; only the stake the money bought is on file.
        "how much did kite motors invest in harbor chips",
        "カイト自動車はハーバーチップスにいくら出資した？",
    ],
)
async def test_a_plant_or_a_sum_not_on_file_is_declined(service: FactService, question: str) -> None:
    answer = service.answerer().ask(question)
    assert not answer.answered, answer.answer


async def test_monthly_output_is_not_what_a_plant_was_built_on(service: FactService) -> None:
    # 月産 is a month's output: the site the fab "was built" on is no answer to it.
    answer = service.answerer().ask("ハーバー第1工場の月産能力は何枚？")
    assert "21.3" not in answer.answer.split("\n")[0], answer.answer
