"""English meanings of common Japanese words, from JMdict (data/vocabulary/jmdict-en.tsv.gz).

A question in Japanese about facts written in English is read through the curated glossary first
(data/vocabulary/glossary.yaml, which curators extend); a word it lacks ("経費", "表明", "メダル") is
looked up here, so that the coverage guard and the candidates' scoring find its meaning among a fact's
English words. The table keeps JMdict's common words and the first three senses of each, as the
stems the matcher reads (built by scripts/build_dictionary.py; about 40,000 words, 0.6 MB).

Measured and left out: the whole of JMdict (239,000 words, 3 MB) answered no more questions of the
stories right and 3 more wrong; a gloss's words read one by one rather than as a phrase answered 8
more right and 2 more wrong ("総裁": "director general" is no "general election").
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

FILE = "jmdict-en.tsv.gz"


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    data = resources.files("knowledge").joinpath("data", "vocabulary", FILE).read_bytes()
    table: dict[str, str] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, found = line.partition("\t")
            table[word] = found
    return table


@lru_cache(maxsize=4096)
def meanings(word: str) -> frozenset[str]:
    """A Japanese word's English meanings, each as the stems of its words ("総裁": "presid", "governor",
    "parti leader", …); empty for a word the dictionary lacks. A meaning of several words holds only
    where all of them are said ("director general" is no "general election")."""
    found = _table().get(word)
    return frozenset(found.split(";")) if found else frozenset()


@lru_cache(maxsize=1)
def english_stems() -> frozenset[str]:
    """Every stem the dictionary's English meanings use: a second opinion that a word is real English
    ("owed" is; "forcast", which some word lists keep as a spelling, is not)."""
    return frozenset(word for found in _table().values() for meaning in found.split(";") for word in meaning.split())


def is_word(word: str) -> bool:
    """Is this one of the dictionary's common words?"""
    return word in _table()


def load() -> None:
    """Read the table now (about 50 ms), not on the first question that needs it."""
    _table()
