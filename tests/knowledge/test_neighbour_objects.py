"""A fact about another object than the one asked is a neighbour: never the answer, however well its
relation's words fit (loaded by CSV import, as a curator would)."""

from __future__ import annotations

from knowledge.service import FactService
from knowledge.store import BASE, FactStore

SHEET = (
    "subject,relation,object,value,unit,as_of,status,statement,publisher,published,url,quote\n"
    "Acme Steel,investment in,Riverside Works,1e9,USD,2024-08-28,current,"
    '"Acme Steel promised $1 billion to upgrade the mill at Borealis Metals\' Riverside Works.",Wire,2024-08-28,,'
    '"Acme promises $1 billion for Riverside Works"\n'
    "Acme Steel,investment pledge,Borealis Metals,11e9,USD,2025-06-13,current,"
    '"Acme Steel committed about $11 billion of new investment in Borealis Metals by 2028.",Wire,2025-06-13,,'
    '"Acme committed about $11 billion"\n'
)


async def test_a_question_about_one_object_is_not_answered_with_anothers(store: FactStore) -> None:
    """'investing in Borealis' never gets the Riverside Works figure, which only mentions Borealis;
    asked about Riverside Works, that figure answers."""
    service = FactService(store)
    await service.import_file(SHEET, "sheet.csv", "curator", BASE)
    await service.start()
    asked = service.answerer().ask("how much is acme steel investing in borealis metals")
    assert "$1 billion" not in asked.answer.split("\n")[0]
    assert "Riverside" not in asked.answer.split("\n")[0]
    plant = service.answerer().ask("how much is acme steel investing in riverside works")
    assert plant.answered and "$1 billion" in plant.answer
