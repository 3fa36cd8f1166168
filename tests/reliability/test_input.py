"""Bad input: the matcher never raises, never pings; bad admin input is refused by field, changing nothing."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.answers import Answerer
from knowledge.edits import EditError, apply_edit, new_fact
from knowledge.matcher import FactIndex, Knowledge
from knowledge.packs import MAX_PACK_BYTES, PackError, builtin_packs, parse_pack, read_pack_file
from knowledge.service import FactService
from knowledge.store import FactStore
from knowledge.vocabulary import builtin_relation

PACKS = builtin_packs()
ANSWERER = Answerer(
    FactIndex(
        Knowledge(
            [e for p in PACKS for e in p.entities],
            [b for p in PACKS for b in p.blocs],
            [f for p in PACKS for f in p.facts],
        )
    )
)
LIVE_MASS_MENTION = re.compile(r"@(everyone|here)")
LIVE_MENTION = re.compile(r"<@[!&]?\d+>")

HOSTILE = {
    "empty": "",
    "whitespace": " \t\n ",
    "huge": "honda sales " * 400,
    "zalgo": "h̸̡̢̛̗o̴̧̙͔n̶̞̈́d̷̨̘a̸̧̛ s̶a̷l̶e̷s̴",
    "rtl-zero-width": "\u202ehonda\u200b\u200d sales\u202c \u2066x\u2069",
    "emoji": "🚗🚗🚗 honda 🏎️ sales 👍🏽",
    "mixed-scripts": "ホンダ honda 本田 Хонда هوندا sales",
    "markdown": "**honda** _sales_ ~~x~~ > quote\n```sql\nDROP TABLE facts;\n```",
    "mentions": "@everyone @here <@123> <@!456> <@&789> <#1011> honda ceo",
    "invite": "https://discord.gg/abcdef honda sales discord.gg/xyz",
    "sql": "honda'; DROP TABLE facts; -- OR 1=1 /* */",
    "control": "honda\x00\x07\x1b[31m sales",
    "surrogate-like": "honda \udcff sales",
    "only-punctuation": "?!?!...,,,;;;",
    "long-word": "x" * 5000,
}


def check(answer_text: str) -> None:
    assert not LIVE_MASS_MENTION.search(answer_text), "a mass mention survived"
    assert not LIVE_MENTION.search(answer_text), "a user or role mention survived"


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_questions_never_raise_or_ping(text: str) -> None:
    """Each hostile question gets an answer or a decline, never an exception or a live mention."""
    answer = ANSWERER.ask(text)
    check(answer.answer)
    assert len(answer.answer) < 6000


@given(st.text(max_size=3000))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_is_safe(text: str) -> None:
    """For any Unicode text, asking never raises, and answers never carry a live mention."""
    check(ANSWERER.ask(text).answer)


@given(
    st.lists(st.sampled_from(["honda", "@everyone", "<@1>", "sales", "日産", "vs", "\u200b", "ceo", "?"]), max_size=60)
)
@settings(max_examples=300, deadline=None)
def test_word_salad_is_safe(words: list[str]) -> None:
    """Any mix of known names, keywords and mention syntax is answered safely."""
    check(ANSWERER.ask(" ".join(words)).answer)


def test_matching_reads_a_bounded_prefix() -> None:
    """Work per question is bounded: a 100,000-character message is refused before any matching."""
    answer = ANSWERER.ask("honda " * 20_000)
    assert not answer.answered and "too long" in answer.answer


# -- admin input ------------------------------------------------------------------------------------

FACT = ANSWERER.index.facts["honda-sales-fy2023"]


@pytest.mark.parametrize(
    ("field", "value", "names"),
    [
        ("value", "nan", "value"),
        ("value", "inf", "value"),
        ("value", "-1", "value.amount"),
        ("value", "1e16", "value.amount"),
        ("value", "", "value"),
        ("unit", "", "unit"),
        ("unit", "u" * 201, "unit"),
        ("statement", "", "statement"),
        ("statement", "s" * 1001, "statement"),
        ("as_of", "2024-13", "as_of"),
        ("as_of", "2024-02-30", "as_of"),
        ("status", "maybe", "status"),
        ("rank", "best", "rank"),
        ("qualifier", "roughly", "qualifier"),
        ("object", "Not An Id!", "object"),
        ("quote", "", "quote"),
        ("publisher", "", "publisher"),
        ("url", "javascript:alert(1)", "url"),
        ("phrasings", "|".join(["q" * 5] * 51), "phrasings"),
    ],
)
def test_every_edit_field_past_its_limit_is_refused_by_name(field: str, value: str, names: str) -> None:
    """Each field past its limits, of the wrong type, or NaN/inf is refused naming the field."""
    with pytest.raises(EditError) as info:
        apply_edit(FACT, field, value, builtin_relation(FACT.predicate))
    assert names in str(info.value)


@pytest.mark.parametrize(
    ("changes", "names"),
    [
        ({"predicate": "stake_in", "value": "140%", "obj": "nissan"}, "value: a 'stake in' fact is a share of a whole"),
        ({"predicate": "partnership_stage", "value": "engaged"}, "value"),
        ({"predicate": "rumour"}, "relation"),
        ({"fact_id": "Bad Id"}, "id"),
        ({"quote": "q"}, "quote"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"source": "x" * 250}, "publisher"),
    ],
    ids=["stake-over-100", "unknown-stage", "unknown-predicate", "bad-id", "short-quote", "bad-date", "long-publisher"],
)
def test_bad_new_facts_are_refused_by_name(changes: dict[str, str], names: str) -> None:
    """The add form's fields are validated the same way."""
    fields = {"fact_id": "new-fact", "subject": "honda", "predicate": "sales_volume", "value": "5", "statement": "x y",
              "source": "Wire", "quote": "a real quote"} | changes  # fmt: skip
    relation = builtin_relation(fields.pop("predicate"))
    with pytest.raises(EditError) as info:
        new_fact(relation=relation, **fields)
    assert names in str(info.value)


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return list(db.iterdump())


GOOD = {"id": "new-fact", "subject": "honda", "predicate": "goal", "value": {"kind": "text", "text": "win"},
        "statement": "Honda wants to win.", "sources": [{"publisher": "Wire", "quote": "to win it all"}]}  # fmt: skip
BAD_FILES = {
    "bad-yaml": ("pack.yaml", b"id: [unclosed\nfacts: {"),
    "bad-json": ("pack.json", b'{"id": "p", "facts": [}'),
    "not-utf8": ("pack.yaml", "id: p\ntitle: caf\u00e9".encode("latin-1")),
    "utf16": ("pack.yaml", "id: p\ntitle: t".encode("utf-16")),
    "alias-bomb": ("pack.yaml", b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c,*c,*c]\n'),
    "not-a-mapping": ("pack.yaml", b"- just\n- a list\n"),
    "duplicate-ids": ("pack.json", json.dumps({"id": "p", "title": "t", "facts": [GOOD, GOOD]}).encode()),
    "dangling-subject": (
        "pack.json",
        json.dumps({"id": "p", "title": "t", "facts": [GOOD | {"subject": "nobody"}]}).encode(),
    ),
    "one-bad-row": (
        "pack.json",
        json.dumps(
            {
                "id": "p",
                "title": "t",
                "facts": [
                    GOOD,
                    GOOD
                    | {
                        "id": "bad-row",
                        "predicate": "stake_in",
                        "object": "nissan",
                        "value": {"kind": "percent", "amount": 140},
                    },
                ],
            }
        ).encode(),
    ),
    "wrong-types": ("pack.json", json.dumps({"id": "p", "title": "t", "facts": [GOOD | {"sources": "Wire"}]}).encode()),
    "deep-nesting": ("pack.json", b"[" * 100_000 + b"]" * 100_000),
}
EXPECTED = {
    "bad-yaml": "not valid YAML", "bad-json": "not valid JSON", "not-utf8": "not UTF-8", "utf16": "not UTF-8",
    "alias-bomb": "anchors", "not-a-mapping": "expected a mapping",
    "duplicate-ids": "facts[1] (new-fact): duplicate id",
    "dangling-subject": "unknown entity or bloc 'nobody'",
    "one-bad-row": "facts[1] (bad-row).value: a 'stake in' fact is a share of a whole",
    "wrong-types": "facts[0] (new-fact).sources", "deep-nesting": "not valid JSON",
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
async def test_bad_import_files_change_nothing(store: FactStore, db_path: Path, tmp_path: Path, case: str) -> None:
    """Malformed, oversized, mis-encoded and hostile files are refused with a reason; the database is unchanged."""
    name, data = BAD_FILES[case]
    path = tmp_path / name
    path.write_bytes(data)
    before = dump(db_path)
    service = FactService(store)
    with pytest.raises(PackError) as info:
        await service.import_pack(read_pack_file(path), "test", "")
    assert EXPECTED[case] in str(info.value)
    assert dump(db_path) == before


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    """A file over the limit (a zip-bomb-sized upload) is refused from its size, unread."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(MAX_PACK_BYTES + 1)  # sparse: no disk used
    with pytest.raises(PackError, match="over the"):
        read_pack_file(path)


def test_yaml_anchors_are_refused() -> None:
    """A knowledge file never needs anchors; refusing them stops exponential expansion."""
    with pytest.raises(PackError, match="anchors"):
        parse_pack("id: p\ntitle: &t T\nfacts: []\n", "p.yaml")
