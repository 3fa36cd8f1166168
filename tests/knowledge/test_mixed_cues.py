"""Cues written in two scripts, and everyday words of the grammar and the glossary.

A question splits "TOB価格" at the script boundary ("tob", "価格"), so a cue mixing Latin letters and
Japanese is read across that boundary, as names mixing scripts are: the Latin tokens just before a
Japanese one, and that token's front. "TOB価格" is the price a share, not "TOB" (the deal) and "価格"
(some price) read apart.

Japanese asks "how big" with 規模 and "how many" with a counter for what is counted (何棟 for
buildings, 何カ所 for places): both are question words, not words a fact must say. Idioms and
everyday Japanese names are data: "stop making" is an end of production, 雇用保障 a job guarantee, 損
a loss.
"""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from knowledge.store import BASE
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Kite Pharma,tender offer price,,20600,JPY,2026-03-02,current,"
    '"On 2 March 2026 the offer for Kite Pharma was raised to 20,600 yen per share.",Wire,2026-03-02,'
    'https://example.com/1,"20,600"',
    "Kite Pharma,total acquisition cost,,¥5.9 trillion,JPY,2026-03-02,current,"
    '"The raised offer lifted the total acquisition cost of Kite Pharma to about ¥5.9 trillion.",Wire,'
    '2026-03-02,https://example.com/2,"5.9 trillion"',
    "Vela Media,deals closed,,14,deals,2025-12-31,current,"
    '"Vela Media closed 14 acquisitions in 2025.",Wire,2026-01-20,https://example.com/3,"closed 14"',
    "Vela Media,revenue,,$3.1 billion,USD,2025-12-31,current,"
    '"Vela Media\'s revenue for 2025 was $3.1 billion.",Wire,2026-01-20,https://example.com/4,"3.1 billion"',
    "Kite Pharma,share buyback,,¥50 billion,JPY,2025-05-13,current,"
    '"Kite Pharma announced a share buyback of up to ¥50 billion.",Wire,2025-05-13,https://example.com/5,"50 billion"',
    "Vela Media,plant closures,,7,plants,2025-05-13,current,"
    '"Vela Media will close seven of its plants.",Wire,2025-05-13,https://example.com/6,"seven of its plants"',
    "Vela Media,end of vehicle production at Dresden,,2025-12-16,,2025-12-16,current,"
    '"Vela Media ended vehicle production in Dresden on 16 December 2025.",Wire,2025-12-16,'
    'https://example.com/7,"ended vehicle production"',
    "Kite Pharma,job guarantee,,2030,,2025-03-17,current,"
    '"Kite Pharma extended its job guarantee for German staff to 2030.",Wire,2025-03-17,'
    'https://example.com/8,"to 2030"',
    "Kite Pharma,investment,Vela Media,¥14 billion,JPY,2024-11-01,current,"
    '"Kite Pharma invested ¥14 billion in Vela Media.",Wire,2024-11-01,https://example.com/9,"14 billion"',
    "Kite Pharma,investment loss,Vela Media,¥12 billion,JPY,2025-03-27,current,"
    '"Kite Pharma lost about ¥12 billion on its Vela Media investment.",Wire,2025-03-27,'
    'https://example.com/10,"12 billion"',
]
ENTITIES = "name,kind,aliases\nKite Pharma,company,カイト製薬\nVela Media,company,ベラメディア\n"

service = service_fixture("mixed.sqlite3", ENTITIES, ROWS)


async def test_a_builtin_cue_in_two_scripts_is_read_whole(service: FactService) -> None:
    answerer = service.answerer()
    for question in ("カイト製薬のTOB価格は？", "カイト製薬のＴＯＢ価格、今いくら？"):
        answer = answerer.ask(question)
        assert answer.answered and "tender offer price" in answer.answer.split("\n")[0], answer.answer


async def test_a_curators_cue_in_two_scripts_is_read_whole(service: FactService) -> None:
    relation = next(r for r in service.answerer().index.relations.values() if r.label == "deals closed")
    assert not service.answerer().ask("ベラメディアのM&A件数は？").answered
    await service.add_cue(relation.id, "M&A件数", "curator", BASE)
    answer = service.answerer().ask("ベラメディアのM&A件数は？")
    assert answer.answered and "14" in answer.answer.split("\n")[0], answer.answer
    # The Latin letters must come right before the Japanese: apart, they are two other words.
    assert not service.answerer().ask("ベラメディアのM&Aの件数と売上高").answered


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 規模 asks how big; 何カ所 how many places: question words, not words a fact must say.
        ("カイト製薬の自社株買いの規模は？", "500億円"),
        ("ベラメディアの工場閉鎖は何カ所？", "7"),
        # "stop making" is an end of production.
        ("when did vela media stop making cars in dresden", "16 December 2025"),
        # 雇用保障 is a job guarantee, as the glossary has it.
        ("カイト製薬の雇用保障は何年まで？", "2030"),
        # 損した: what was lost, not the ¥14 billion put in.
        ("カイト製薬はベラメディアへの投資でいくら損した？", "120億"),
    ],
)
async def test_everyday_words_are_read(service: FactService, question: str, expected: str) -> None:
    answer = service.answerer().ask(question)
    assert answer.answered and expected in answer.answer.split("\n")[0], answer.answer
