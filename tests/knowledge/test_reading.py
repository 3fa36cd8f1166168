"""Reading a question (knowledge/reading.py), the first step of answering it, on the shipped pack:
what it finds is what every later step works from, so a misreading here is a wrong or missing
answer for the user."""

from __future__ import annotations

from knowledge.answers import Answerer
from knowledge.reading import Parsed, normalise


def read(answerer: Answerer, question: str) -> Parsed:
    return answerer.index.parse(question)


def targets(parsed: Parsed) -> list[str]:
    return [m.target for m in parsed.mentions]


def test_a_typo_in_a_name_is_read_as_the_name(answerer: Answerer) -> None:
    parsed = read(answerer, "how many cars did nisan sell")
    assert targets(parsed) == ["nissan"]
    assert parsed.mentions[0].score < 100, "a corrected name counts for less than one typed right"
    assert parsed.predicate == "sales_volume"


def test_an_everyday_word_is_not_corrected_into_a_name(answerer: Answerer) -> None:
    assert targets(read(answerer, "who played in the final")) == []


def test_the_longest_name_wins(answerer: Answerer) -> None:
    assert targets(read(answerer, "toyota group sales")) == ["toyota-group"]


def test_japanese_names_and_cues_are_found_inside_unbroken_text(answerer: Answerer) -> None:
    parsed = read(answerer, "ホンダの販売台数は？")
    assert targets(parsed) == ["honda"]
    assert parsed.predicate == "sales_volume"


def test_the_time_asked_is_read_and_not_taken_for_a_cue(answerer: Answerer) -> None:
    parsed = read(answerer, "honda sales in fy2023")
    assert parsed.span is not None
    assert not parsed.cued & parsed.span.tokens


def test_words_the_knowledge_never_uses_are_kept_as_unknown(answerer: Answerer) -> None:
    parsed = read(answerer, "what is honda's zorblax")
    assert "zorblax" in parsed.unknown


def test_mentions_and_links_are_not_read_as_words() -> None:
    assert normalise("<@123> Honda sales? https://example.com/x") == "honda sales"
