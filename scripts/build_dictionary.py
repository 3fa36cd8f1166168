"""Build knowledge/data/vocabulary/jmdict-en.tsv.gz: the English meanings of JMdict's common words.

JMdict (the Electronic Dictionary Research and Development Group, CC BY-SA 4.0) is read from the
SQLite database the `jamdict-data` package ships (53 MB compressed, so it is a tool to build with,
never a dependency):

    pip download --no-deps jamdict-data && tar xzf jamdict_data-*.tar.gz
    xz -dk jamdict_data-*/jamdict_data/jamdict.db.xz
    python -m scripts.build_dictionary jamdict_data-*/jamdict_data/jamdict.db

Kept: words with a priority mark (news, ichi, spec, gai or nf: the common ones), written in kanji or
in katakana (loanwords), with the English glosses of their first three senses. A gloss loses its
notes in brackets and its grammar words, and is kept when three words or fewer remain ("director
general", not a definition). Its words are stored as the stems the matcher reads (knowledge.reading
.stem), so no question loads the English lemma table to read them; rebuild after changing the stemmer.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

from knowledge.dictionary import FILE
from knowledge.reading import stem

TARGET = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "vocabulary" / FILE
SENSES = 3
LONGEST = 3
GRAMMAR = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "by", "with", "from", "and", "or", "as", "is", "be",
    "etc", "one's", "someone", "someone's", "something", "oneself", "sth", "it", "its", "that", "this",
    "into", "out", "up", "what", "which", "who", "how",
})  # fmt: skip
"""Words a gloss says only for its grammar ("to bear (a cost)", "a sign of something")."""
COUNTING = frozenset({"number"})
"""Words that, beside others, say only that the rest is counted ("員数": the number of members)."""
HEADER = (
    "# English meanings of JMdict's common Japanese words, one word a line: the word, a tab, its meanings\n"
    "# separated by ';', each the stems of its words. From JMdict by the Electronic Dictionary Research and\n"
    "# Development Group (https://www.edrdg.org/edrdg/licence.html), under CC BY-SA 4.0; this derived\n"
    "# file is under the same licence. Built by scripts/build_dictionary.py.\n"
)
_KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")


def build(database: Path) -> list[str]:
    """The lines of the table, sorted by word."""
    db = sqlite3.connect(database)
    common = {row[0] for row in db.execute("SELECT DISTINCT k.idseq FROM Kanji k JOIN KJP p ON p.kid = k.ID")}
    common |= {row[0] for row in db.execute("SELECT DISTINCT k.idseq FROM Kana k JOIN KNP p ON p.kid = k.ID")}
    forms: dict[int, set[str]] = defaultdict(set)
    for entry, text in db.execute("SELECT idseq, text FROM Kanji"):
        if entry in common:
            forms[entry].add(text)
    for entry, text in db.execute("SELECT idseq, text FROM Kana"):
        if entry in common and _KATAKANA.match(text):
            forms[entry].add(text)
    senses: dict[int, list[int]] = defaultdict(list)
    for sense, entry in db.execute("SELECT ID, idseq FROM Sense ORDER BY ID"):
        if entry in forms:
            senses[entry].append(sense)
    glosses: dict[int, list[str]] = defaultdict(list)
    for sense, text in db.execute("SELECT sid, text FROM SenseGloss WHERE lang IS NULL OR lang = 'eng' ORDER BY rowid"):
        glosses[sense].append(text)
    meanings: dict[str, list[str]] = defaultdict(list)
    for entry, written in forms.items():
        for sense in senses[entry][:SENSES]:
            for gloss in glosses[sense]:
                words = re.findall(r"[a-z][a-z'-]*", re.sub(r"\([^)]*\)", " ", gloss.casefold()))
                kept = [w.strip("'-") for w in words]
                kept = [w for w in kept if len(w) > 1 and w not in GRAMMAR]
                if len(kept) > 1:
                    kept = [w for w in kept if w not in COUNTING]
                if kept and len(kept) <= LONGEST:
                    meaning = " ".join(stem(w) for w in kept)
                    for form in written:
                        if meaning not in meanings[form]:
                            meanings[form].append(meaning)
    return [f"{word}\t{';'.join(found)}" for word, found in sorted(meanings.items()) if found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path, help="jamdict.db from the jamdict-data package")
    args = parser.parse_args()
    lines = build(args.database)
    TARGET.write_bytes(gzip.compress((HEADER + "\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    sys.stdout.write(f"{len(lines)} words written to {TARGET}\n")


if __name__ == "__main__":
    main()
