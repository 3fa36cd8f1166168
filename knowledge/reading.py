"""Reading a question, the first step of answering it: fold the text to comparable words, correct
typos against what the knowledge knows, find the names it mentions, the relation its words cue and
the time it asks about (`Parsed`). `Reader`, a part of `FactIndex`, reads the index's name and cue
tables; finding candidates, picking on a timeline and guarding come after (`knowledge.matcher`,
`knowledge.retrieval`, `knowledge.timeline`).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

import simplemma
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from snowballstemmer import stemmer  # type: ignore[import-untyped]

from knowledge import dictionary, timeline
from knowledge.models import Entity, Stage
from knowledge.timeline import Span
from knowledge.vocabulary import grammar, is_katakana

MAX_MATCH_CHARS = 500
"""Only the start of an over-long message is matched: questions are short, floods are not."""
MAX_TOKENS = 80
MAX_NGRAM = 5
INSERTED_WORD_SCORE = 95.0
"""How sure a name read with one of its own other words inside it is ("kl trade talks")."""
SURNAME_SCORE = 95.0
"""How sure a person's surname alone ("takagi") names them: the one person of the knowledge who has it."""
FUZZY_TOKEN_CUTOFF = 80.0
"""A token this similar (rapidfuzz ratio) to a known name or keyword is read as a typo of it."""
LONG_WORD = 8
"""Words this long may carry two slips; shorter ones one."""
MIN_FUZZY_LEN = 4
"""Shorter tokens are never corrected: 'gm' and 'kia' must be typed right."""
TIE = 1e-6
"""Relations whose cues score within this of the best are tied: the one with a fact about the subject wins."""
REFINE_SHARE = 0.1
"""The share of its weight a Japanese cue adds when it lies inside a longer cue already read, to the
relations that cue scored."""
STRONG_CUE_JA = 0.8
"""A Japanese cue this strong for a relation says what is asked, so an answer must explain it (a weaker
one, "高値" of a share price, only hints at a relation)."""
_STEMMER = stemmer("english")
_STEMS: dict[str, str] = {}
_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b|https?://\S+|discord\.gg/\S+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_DATE_CHARACTERS = "\0" + "0123456789年月日度〜~末初旬時点頃ごろ"
"""What a Japanese date and the words fixing it are written with ("2025年6月15日", "3月末時点")."""
_PLUS = re.compile(r"(?<=[^\W\d_])\+")
"""A plus after a word names a tier ("Premium+", "Disney+"): it reads "plus", not nothing."""
_SHORT_YEAR = re.compile(r"(?<![\w'’])['’](\d{2})\b(?!['’])")
"""A year written with its last two digits ("oct '22", "fy'25")."""
_INITIALS = re.compile(r"\b(?:[^\W\d_]\.)+[^\W\d_]\b\.?")
_NOT_WORD = re.compile(r"(?:[^\w%.,]|(?<!\d)[.,]|[.,](?!\d))+")
"""Everything but letters, digits and %, except a point or comma between digits ("0.5%", "1,000")."""
_SCRIPT_BOUNDARY = re.compile(
    r"(?<=[^\W_\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|%)"
    r"(?=[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])"
    r"|(?<=[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])"
    r"(?=[^\W_\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|%)"
)
"""Where Latin letters or digits meet Japanese ("USスチール", "2024年"): a word break."""
_CJK = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KATAKANA_OR_KANJI = re.compile(r"[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_KATAKANA_OR_KANJI_RUN = re.compile(r"[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{2,}")
_DROP_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc", "Co", "Cs"})
_ASCII_CONTROLS = dict.fromkeys((*range(32), 127))
_LATIN_MARKED = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")
_NAME_SPACE = re.compile(
    r"(?<=[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff])\s+(?=[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff])"
)
_NAME_DOT = re.compile(
    r"(?<=[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff])[\u30fb=＝&](?=[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff])"
)


def normalise(text: str) -> str:
    """Fold a chat message to comparable form: NFKC, no marks or invisibles, lower case, words only."""
    text = text[: MAX_MATCH_CHARS * 2]
    if text.isascii():
        # Most stored text: NFKC, accents and the name dot change nothing; only controls go.
        text = text.translate(_ASCII_CONTROLS)
    else:
        text = unicodedata.normalize("NFKC", text)
        # Latin letters lose their accents ("Bernabéu" is asked as "bernabeu"); kana keep their marks.
        text = _LATIN_MARKED.sub(lambda m: unicodedata.normalize("NFD", m.group(0))[0], text)
        # Combining marks (zalgo), zero-width and bidi controls carry no meaning for matching.
        text = "".join(ch for ch in text if unicodedata.category(ch) not in _DROP_CATEGORIES)
        # The dot or ampersand between the parts of a name ("パリ・サンジェルマン", "セブン&アイ") is not
        # a word break.
        text = _NAME_DOT.sub("", text)
        # Nor is a space between katakana or kanji ("マリオカート ワールド"): Japanese is written without them.
        text = _NAME_SPACE.sub("", text)
    text = _MENTION.sub(" ", text.casefold())
    text = _POSSESSIVE.sub("", text)
    text = _SHORT_YEAR.sub(lambda m: f" {19 if int(m.group(1)) >= 70 else 20}{m.group(1)}", text)
    # "U.S." and "U.S" read as "us", so "U.S. Steel" and "us steel" are one name.
    text = _INITIALS.sub(lambda m: m.group(0).replace(".", ""), text)
    text = spell_plus(text)
    text = _NOT_WORD.sub(" ", text).replace("_", " ")
    text = _glued_units().sub(r"\1 \2", text)  # "5kg" is 5 kg
    if not text.isascii():
        text = _SCRIPT_BOUNDARY.sub(" ", text)
    return " ".join(text.split()[:MAX_TOKENS])[:MAX_MATCH_CHARS]


def spell_plus(text: str) -> str:
    """A "+" ending a word read as " plus" ("Paramount+" is "paramount plus", not "Paramount")."""
    return _PLUS.sub(" plus", text) if "+" in text else text


@lru_cache(maxsize=1)
def _glued_units() -> re.Pattern[str]:
    units = "|".join(sorted((re.escape(u) for u in grammar().glued_units), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"\b(\d+(?:[.,]\d+)?)({units})\b")


@lru_cache(maxsize=1)
def _japanese_ordinals() -> re.Pattern[str]:
    """The grammar's Japanese ordinal forms ("N回目", "第N次") as one pattern, the number its group."""
    forms = []
    for form in sorted(grammar().japanese_ordinals, key=len, reverse=True):
        before, _, after = form.partition("N")
        forms.append(rf"{re.escape(before)} ?(?<![\d.,])(\d{{1,2}})(?![\d.,]) ?{re.escape(after)}")
    return re.compile("|".join(f"(?:{f})" for f in forms) or "(?!)")


def _ordinal_word(match: re.Match[str]) -> str:
    """A Japanese ordinal as the English word for its place ("1回目" -> "first"); past the grammar's
    ordinals it stays as it was."""
    place = int(next(g for g in match.groups() if g is not None))
    ordinals = grammar().ordinals
    if not 1 <= place <= len(ordinals):
        return match.group(0)
    return f" {ordinals[place - 1][0]} "


def stem(token: str) -> str:
    """The English stem of a word ("cuts" -> "cut", "listed" -> "list"); other scripts unchanged."""
    found = _STEMS.get(token)
    if found is None:
        # Lemma first ("held" -> "hold", "took" -> "take": irregular forms a stemmer cannot see), then
        # the stem ("cuts" -> "cut"). simplemma's English table loads on first use (about 0.1 s).
        found = token if is_cjk(token) or not token.isalpha() else str(_STEMMER.stemWord(_american(_lemma(token))))
        if len(_STEMS) < 200_000:
            _STEMS[token] = found
    return found


_BRITISH = (
    (re.compile(r"(?<=[a-z]{3})([iy])s(e|es|ed|ing|er|ers|ation|ations)$"), r"\1z\2"),  # hospitalised
    (re.compile(r"(?<=[a-z]{2})our(s|ed|ing|ite|ites|able)?$"), r"or\1"),  # labour, favourite
    (re.compile(r"(?<=[a-z]{2}[^aeiou])re(s)?$"), r"er\1"),  # centre, metres
    (re.compile(r"(?<=[a-z]{2}[fc])ence(s)?$"), r"ense\1"),  # defence, licence
)
"""British spellings read as American ones, so "hospitalised" meets "hospitalizations" in a fact."""


def _american(word: str) -> str:
    for pattern, replacement in _BRITISH:
        word = pattern.sub(replacement, word)
    return word


def stems_of(words: Iterable[str]) -> dict[str, str]:
    """The stems of these words, worked out now. An index snapshot keeps those of every word the
    index knows, so that a question in known words never loads simplemma's English table (20 MB,
    and 50 MB more while it is read)."""
    return {w: stem(w) for w in words if w.isalpha() and not is_cjk(w)}


def known_stems() -> list[str]:
    """The words this process has stemmed so far, and every word of the grammar's lists."""
    words: list[str] = list(_STEMS)
    stack: list[object] = [grammar().model_dump()]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            words.extend(normalise(item).split())
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
    return words


def learn_stems(table: Mapping[str, str]) -> None:
    """Take stems worked out by another process (`stems_of`)."""
    for word, found in table.items():
        if len(_STEMS) >= 200_000:
            return
        _STEMS.setdefault(word, found)


def _lemma(token: str) -> str:
    return str(simplemma.lemmatize(token, lang="en", low_memory=True)).casefold()


def is_cjk(token: str) -> bool:
    """True when a token holds Japanese or Chinese characters."""
    return bool(_CJK.search(token))


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity or bloc found in a question, with where it was and how sure the match is."""

    target: str
    position: tuple[int, int]  # (token index, character offset inside a CJK token)
    end: tuple[int, int]
    score: float


@dataclass(frozen=True, slots=True)
class Parsed:
    """What the matcher read in a question."""

    text: str
    tokens: tuple[str, ...]
    mentions: tuple[Mention, ...]
    separators: tuple[int, ...]
    predicate: str | None
    predicate_score: float
    stage: Stage | None
    unknown: tuple[str, ...]
    span: Span | None = None
    tied: tuple[str, ...] = ()  # relations the cues score as high as `predicate`
    scores: tuple[tuple[str, float], ...] = ()  # every relation the cues point at, best first
    named: frozenset[int] = frozenset()  # token positions that are names
    cued: frozenset[int] = frozenset()  # token positions that are relation or stage cues
    written: str = ""  # the question as written, its punctuation kept
    cues_ja: tuple[str, ...] = ()  # the Japanese cues read in it, each where it read new characters


class Reader:
    """Reads questions against an index's names and cues (a part of `FactIndex`, which holds them)."""

    _latin_aliases: dict[tuple[str, ...], str]
    _surnames: dict[str, set[str]]
    entities: dict[str, Entity]
    _cjk_aliases: list[tuple[str, str]]
    _mixed_aliases: list[tuple[str, str]]
    _name_tokens: set[str]
    _vocabulary: set[str]
    _fact_vocabulary: dict[str, int]
    _cue_words: set[str]
    _keywords: dict[tuple[str, ...], dict[str, float]]
    _cjk_keywords: list[tuple[str, dict[str, float]]]
    _mixed_keywords: list[tuple[str, str, dict[str, float]]]
    _stage_cues: dict[tuple[str, ...], Stage]
    _cjk_stage_cues: dict[str, Stage]

    @cached_property
    def _correction_buckets(self) -> dict[int, list[str]]:
        """Known names, keywords and words by length: a typo is within a couple of characters' length.
        (`_correct` keeps the words within reach of a length under that length negated.)"""
        keywords = self._cue_words
        buckets: dict[int, list[str]] = defaultdict(list)
        for word in sorted(self._name_tokens | keywords | set(self._fact_vocabulary)):
            if len(word) >= MIN_FUZZY_LEN - 1:
                buckets[len(word)].append(word)
        return dict(buckets)

    def name_words(self, target: str) -> frozenset[str]:
        """The words of an entity's or bloc's name and aliases."""
        raise NotImplementedError

    def known(self, token: str) -> bool:
        """True when a token is a name, keyword, filler or a word used in the knowledge."""
        return (
            token in self._vocabulary or token in self._name_tokens or token in self._fact_vocabulary or token.isdigit()
        )

    def _correct(self, tokens: list[str]) -> list[str]:
        corrected = []
        buckets = self._correction_buckets
        synonyms = grammar().synonyms
        for token in tokens:
            if is_cjk(token) or len(token) < MIN_FUZZY_LEN or self.known(token) or any(c.isdigit() for c in token):
                corrected.append(token)  # a figure ("0.5%") is never a typo of another
                continue
            if token in synonyms:
                corrected.append(token)  # a word the vocabulary reads as another ("dept") is no typo
                continue
            if token.endswith("in") and simplemma.is_known(f"{token}g", lang="en", low_memory=True):
                corrected.append(f"{token}g")  # "runnin", "payin": the "-ing" said without its "g"
                continue
            # ratio >= 80 allows at most a couple of characters' difference in length. The words within
            # reach of a length are gathered once per table, kept in it under the negative length.
            targets = buckets.get(-len(token))
            if targets is None:
                targets = [w for n in range(len(token) - 2, len(token) + 3) for w in buckets.get(n, ())]
                buckets[-len(token)] = targets
            ranked = process.extract(token, targets, scorer=fuzz.ratio, score_cutoff=FUZZY_TOKEN_CUTOFF, limit=8)
            if simplemma.is_known(token, lang="en", low_memory=True):
                # A real word ("played", "wear") is not a typo of another word ("placed", "war"); it
                # may still be a name, or a cue with a letter dropped ("forcast" -> forecast) where
                # the word list keeps a misspelling the dictionary's English does not ("owed" is no
                # "owned").
                real = stem(token) in dictionary.english_stems()
                ranked = [
                    r
                    for r in ranked
                    if r[0] in self._name_tokens or (not real and r[0] in self._cue_words and len(r[0]) > len(token))
                ]
            corrected.append(_best_correction(token, ranked))
        return corrected

    def parse(self, question: str) -> Parsed:
        """Read a question: normalise, correct typos, find names, keywords and leftovers."""
        text = normalise(question)
        if not text.isascii():
            text = _japanese_ordinals().sub(_ordinal_word, text)
        raw_tokens = text.split()
        synonyms = grammar().synonyms
        tokens = [synonyms.get(t, t) for t in self._correct(raw_tokens)]
        tokens, raw_tokens = _read_phrases(tokens, raw_tokens)
        claimed: set[int] = set()
        mentions: list[Mention] = []
        # Names mixing scripts ("USスチール", "SVBファイナンシャル") are split at the script boundary: find
        # them in the joined text and claim the tokens they cover, before a Latin name inside one ("SVB").
        joined, starts = "", []
        for token in tokens:
            starts.append(len(joined))
            joined += token
        for alias, target in sorted(self._mixed_aliases, key=lambda a: -len(a[0])):
            at = joined.find(alias)
            if at < 0:
                continue
            covered = [i for i, s in enumerate(starts) if at <= s < at + len(alias)]
            if not covered or claimed.intersection(covered):
                continue
            begin = (covered[0], 0)
            before = covered[0] - 1
            if before >= 0 and is_cjk(tokens[before]) and starts[before] < at < starts[covered[0]]:
                # The name starts inside the Japanese token before it ("マイクロソフトのオープン" + "ai"):
                # that token keeps what comes before the name, where the name begins.
                tokens[before] = tokens[before][: at - starts[before]] + "\0" * (starts[covered[0]] - at)
                begin = (before, at - starts[before])
            end = covered[-1]
            cut = at + len(alias) - starts[end]
            if is_cjk(tokens[end]) and cut < len(tokens[end]):
                # The name ends inside a Japanese token: keep the rest of it ("の会長は誰").
                tokens[end] = "\0" * cut + tokens[end][cut:]
                covered = covered[:-1]
            mentions.append(Mention(target, begin if covered else (end, 0), (end, cut), 100.0))
            claimed.update(covered)
        # Longest names first, so "toyota group" wins over "toyota".
        for n in range(min(MAX_NGRAM, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                span = range(i, i + n)
                if claimed.intersection(span):
                    continue
                found = self._latin_aliases.get(tuple(tokens[i : i + n]))
                if found is None and n > 1:
                    # "the jul 2024 yen intervention" of "July 2024 yen interventions": a name of several
                    # words asked with a month written another way, or its last word in the other number.
                    # (Not a last word that cues a relation after a name: "fitch rating" asks Fitch's rating.)
                    plural = not (
                        tokens[i + n - 1] in self._cue_words and tuple(tokens[i : i + n - 1]) in self._latin_aliases
                    )
                    found = next(
                        (
                            t
                            for key in _loose_keys(tuple(tokens[i : i + n]), plural)
                            if (t := self._latin_aliases.get(key))
                        ),
                        None,
                    )
                if found is None:
                    continue
                exact = all(tokens[j] == raw_tokens[j] for j in span)
                score = (
                    100.0
                    if exact
                    else min(fuzz.ratio(raw_tokens[j], tokens[j]) for j in span if tokens[j] != raw_tokens[j])
                )
                mentions.append(Mention(found, (i, 0), (i + n - 1, 0), score))
                claimed.update(span)
        # "kl trade talks": a name with a word of the same entity's other names inside it ("KL talks",
        # "Kuala Lumpur trade talks").
        for n in range(min(MAX_NGRAM, len(tokens) - 1), 1, -1):
            for i in range(len(tokens) - n):
                window = range(i, i + n + 1)
                if claimed.intersection(window):
                    continue
                for j in range(i + 1, i + n):
                    found = self._latin_aliases.get((*tokens[i:j], *tokens[j + 1 : i + n + 1]))
                    if found is not None and tokens[j] in self.name_words(found):
                        mentions.append(Mention(found, (i, 0), (i + n, 0), INSERTED_WORD_SCORE))
                        claimed.update(window)
                        break
        # "takagi": a person's surname alone, when no other person of the knowledge has it ("abe" of Hifumi
        # and Uta Abe names no one) and it is no word the grammar knows.
        for i, token in enumerate(tokens):
            people = [t for t in self._surnames.get(token, ()) if t in self.entities]
            if i not in claimed and len(people) == 1 and token not in self._vocabulary and not token.isdigit():
                mentions.append(Mention(people[0], (i, 0), (i, 0), SURNAME_SCORE))
                claimed.add(i)
        leftovers: dict[int, str] = {}
        for i, token in enumerate(tokens):
            if not is_cjk(token):
                continue
            rest = token
            for alias, target in self._cjk_aliases:
                start = rest.find(alias)
                while start >= 0:
                    mentions.append(Mention(target, (i, start), (i, start + len(alias)), 100.0))
                    rest = rest[:start] + "\0" * len(alias) + rest[start + len(alias) :]
                    start = rest.find(alias)
            # A token a name took whole ("スイッチ" of "スイッチ2") leaves nothing over.
            leftovers[i] = "\0" * len(rest) if i in claimed else rest
        mentions.sort(key=lambda m: m.position)

        words = grammar()
        asked = timeline.asked_time(tokens)
        scores: dict[str, float] = defaultdict(float)
        stage: Stage | None = None
        used: set[int] = set(claimed) | set(asked.tokens if asked else ())
        for word, latin, weights in self._mixed_keywords:
            # "tob" + "価格は": the cue's Latin part is the unread tokens just before a Japanese one, and
            # its Japanese part that token's front.
            kana = word[len(latin) :]
            for i, rest in leftovers.items():
                front, said = i, ""
                while front > 0 and len(said) < len(latin) and front - 1 not in used and not is_cjk(tokens[front - 1]):
                    front -= 1
                    said = tokens[front] + said
                if said == latin and rest.startswith(kana):
                    for keyword_predicate, weight in weights.items():
                        scores[keyword_predicate] += weight
                    used.update(range(front, i))
                    leftovers[i] = "\0" * len(kana) + rest[len(kana) :]
        stems = [stem(t) for t in tokens]
        for n in range(min(MAX_NGRAM, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                key = tuple(stems[i : i + n])
                hits = self._keywords.get(key)
                stage_hit = self._stage_cues.get(key)
                if (not hits and not stage_hit) or used.intersection(range(i, i + n)):
                    continue
                if n == 1 and tokens[i] in words.trailing_only and i + n != len(tokens):
                    continue
                for keyword_predicate, weight in (hits or {}).items():
                    scores[keyword_predicate] += weight
                used.update(range(i, i + n))
                stage = stage or stage_hit
        cues_ja: list[str] = []
        for i, rest in leftovers.items():
            # Longest cue first; a cue inside one already read is not read again ("株価" hides "株"),
            # but two that only overlap ("株いくら", "いくらで買収") are both read.
            read: list[set[str] | None] = [set() if ch == "\0" else None for ch in rest]
            for word, weights in self._cjk_keywords:
                if word not in rest:
                    continue  # most cues are not in it: no need to note what is unread before each
                unread = [j for j, seen in enumerate(read) if seen is None]
                shares = _cover(rest, word, weights, read)
                # Kept where it read a word's own characters ("買収" of "いくらで買収", not "した" after it).
                fresh = any(read[j] is not None and _KATAKANA_OR_KANJI.match(rest[j]) for j in unread)
                if fresh and any(share == 1.0 and weights[r] >= STRONG_CUE_JA for r, share in shares.items()):
                    cues_ja.append(word)
                for keyword_predicate, share in shares.items():
                    scores[keyword_predicate] += weights[keyword_predicate] * share
                    stage = stage or self._cjk_stage_cues.get(word)
            for word, cue_stage in self._cjk_stage_cues.items():
                if _cover(rest, word, {"": 1.0}, read):
                    stage = stage or cue_stage
            leftovers[i] = "".join("\0" if seen is not None else ch for ch, seen in zip(rest, read, strict=True))
        if asked is not None:
            for i in asked.tokens:
                if i in leftovers:
                    # "日までの週の米の平均価格は": only the date's own characters are the time asked.
                    rest = leftovers[i]
                    date_part = len(rest) - len(rest.lstrip(_DATE_CHARACTERS))
                    # "2024年夏の", "2025年第3四半期の": the part of the year the date names is the time asked too.
                    date_part += timeline.japanese_part_length(rest[date_part:])
                    leftovers[i] = "\0" * date_part + rest[date_part:]
        predicate = max(scores, key=lambda p: scores[p]) if scores else None
        predicate_score = 100.0 if predicate else 0.0
        tied = tuple(p for p in scores if p != predicate and predicate and scores[p] >= scores[predicate] - TIE)
        time_tokens = frozenset(asked.tokens) if asked else frozenset()
        cue_tokens = frozenset(used - claimed - time_tokens)

        separators = tuple(i for i, t in enumerate(tokens) if t in words.comparison)
        unknown = [
            raw_tokens[i]
            for i, t in enumerate(tokens)
            if i not in used and not is_cjk(t) and not self.known(t) and len(t) >= 2
        ]
        for rest in leftovers.values():
            unknown.extend(_japanese_leftovers(rest))
        return Parsed(
            text=text,
            tokens=tuple(tokens),
            mentions=tuple(mentions),
            separators=separators,
            predicate=predicate,
            predicate_score=predicate_score,
            stage=stage,
            unknown=tuple(unknown),
            span=asked,
            tied=tied,
            scores=tuple(sorted(scores.items(), key=lambda kv: -kv[1])),
            named=frozenset(claimed),
            cued=cue_tokens,
            written=question,
            cues_ja=tuple(dict.fromkeys(cues_ja)),
        )


def _read_phrases(tokens: list[str], raw: list[str]) -> tuple[list[str], list[str]]:
    """Idioms read as the one word they mean ("walk off the job" is "strike"), in both token lists."""
    phrases = _phrase_table()
    if not phrases:
        return tokens, raw
    out, out_raw = [], []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_NGRAM, len(tokens) - i), 1, -1):
            word = phrases.get(tuple(tokens[i : i + n]))
            if word is not None:
                out.extend(word.split())  # "all time high" is "record high": two words
                out_raw.extend(word.split())
                i += n
                break
        else:
            out.append(tokens[i])
            out_raw.append(raw[i])
            i += 1
    return out, out_raw


@lru_cache(maxsize=1)
def _phrase_table() -> dict[tuple[str, ...], str]:
    return {tuple(normalise(k).split()): v for k, v in grammar().phrases.items() if len(normalise(k).split()) > 1}


def _cover(text: str, word: str, weights: dict[str, float], read: list[set[str] | None]) -> dict[str, float]:
    """The relations a cue scores where it occurs in unsegmented text, each with the share of its
    weight that counts. Where it only overlaps a cue already read, the relations that cue did not score
    count in full, and those it did count again only if the new part says something (a kanji: "純" of
    "純利益" after "利益予想"; not the kana of "買収した" after "いくらで買収"). Wholly inside a cue
    already read, it only refines among the relations that cue scored ("純利益" inside "純利益予想" tells
    the net profit forecast from the operating one). Marks what it reads."""
    found: dict[str, float] = {}
    start = text.find(word)
    while start >= 0:
        if _inside_katakana_word(text, word, start) or (start and text[start - 1] in grammar().japanese_prefixes):
            # "トップ" (top) of "ストップ安" (limit down) is no cue; nor is "理事長" of "副理事長" (a deputy).
            start = text.find(word, start + 1)
            continue
        span = range(start, start + len(word))
        before = set().union(*(read[j] or set() for j in span))
        if all(read[j] is not None for j in span):
            for relation_id in set(weights) & before:
                found.setdefault(relation_id, REFINE_SHARE)
        else:
            fresh = "".join(text[j] for j in span if read[j] is None)
            again = bool(_KATAKANA_OR_KANJI.search(fresh))
            for relation_id in weights:
                if again or relation_id not in before:
                    found[relation_id] = 1.0
            for j in span:
                read[j] = (read[j] or set()) | set(weights)
        start = text.find(word, start + 1)
    return found


def _inside_katakana_word(text: str, word: str, start: int) -> bool:
    """Is the word at `start` the inside of a longer katakana word: katakana against katakana at an end?"""
    end = start + len(word)
    return (start > 0 and is_katakana(word[0]) and is_katakana(text[start - 1])) or (
        end < len(text) and is_katakana(word[-1]) and is_katakana(text[end])
    )


def _collapses_to(candidate: str, token: str) -> bool:
    """True when the token is the candidate with one doubled letter typed once ("nisan" for "nissan")."""
    return any(
        candidate[i] == candidate[i + 1] and candidate[:i] + candidate[i + 1 :] == token
        for i in range(len(candidate) - 1)
    )


def _plausible_typo(candidate: str, token: str) -> bool:
    """A typo keeps the first letter and is one slip (two in a long word): a missing, extra, wrong or
    swapped letter. "nisan", "toyta", "renualt" are typos; "charging" is not "sharing"."""
    if candidate[0] != token[0]:
        return False
    return OSA.distance(candidate, token) <= (1 if len(token) < LONG_WORD else 2)


def _loose_keys(words: tuple[str, ...], plural: bool = True) -> Iterator[tuple[str, ...]]:
    """The ways a name of several words may be written that a question wrote otherwise: each month in
    its other spellings ("apr", "april"), and the last word in the other number ("intervention",
    "interventions"); the words as written are not among them."""
    months = grammar().months
    spellings = [
        [w, *(m for m, number in months.items() if number == months[w] and m != w)] if w in months else [w]
        for w in words
    ]
    last = words[-1]
    if plural and len(last) > 3 and last not in months and not last.isdigit():
        spellings[-1].append(last[:-1] if last.endswith("s") else f"{last}s")
    yield from itertools.islice(itertools.product(*spellings), 1, 64)


def _best_correction(token: str, ranked: list[tuple[str, float, int]]) -> str:
    """The best-scoring known word; among near ties, the one a dropped doubled letter explains."""
    ranked = [r for r in ranked if _plausible_typo(r[0], token)]
    if not ranked:
        return token
    best = ranked[0][1]
    tied = [word for word, score, _ in ranked if score >= best - 0.5]
    return next((w for w in tied if _collapses_to(w, token)), tied[0])


def _japanese_leftovers(rest: str) -> list[str]:
    """Katakana or kanji words left once names, keywords and grammar are removed: unknown names, or
    words of the related groups ("支払", "ゴール"), cut out of the unsegmented run they are in."""
    for word in _run_fillers():
        if len(word) > 1:
            rest = rest.replace(word, "\0")
    filler = _run_filler_set()
    found: list[str] = []
    # Known words written with kana endings ("命じ" of "命じられた") first, wherever they are.
    for word in _kana_ending_lexicon():
        if word in rest:
            found.append(word)
            rest = rest.replace(word, "\0")
    prefixes = grammar().japanese_prefixes
    known = japanese_words()
    for run in _KATAKANA_OR_KANJI_RUN.findall(rest):
        if run in filler:
            continue
        # One kanji is a word when the vocabulary has it ("米"); otherwise a counter or a stray character.
        found.extend(w for w in _split_known(run) if (len(w) > 1 or w in prefixes or w in known) and w not in filler)
    return found


@lru_cache(maxsize=1)
def _run_fillers() -> tuple[str, ...]:
    """Words a Japanese run drops, longest first: the grammar's fillers, and the words that say when, not
    what ("直近", "通期", "現在", "当初"), which the time, present and original words read."""
    words = grammar()
    timing = {w for w in (*words.present_words, *words.original_words, *words.time_words) if is_cjk(w) and len(w) > 1}
    return tuple(sorted({*words.japanese_filler, *timing}, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _run_filler_set() -> frozenset[str]:
    return frozenset(_run_fillers())


@lru_cache(maxsize=1)
def japanese_lexicon() -> tuple[str, ...]:
    """The Japanese words of the related groups, longest first."""
    words = {w for group in grammar().related for w in group if is_cjk(w)}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def japanese_words() -> frozenset[str]:
    """The Japanese words of the related groups."""
    return frozenset(japanese_lexicon())


@lru_cache(maxsize=1)
def _kana_ending_lexicon() -> tuple[str, ...]:
    """The known Japanese words not written wholly in katakana or kanji ("命じ", "払う"), longest first:
    a run of katakana and kanji never holds them, so they are looked for in the whole text."""
    return tuple(w for w in japanese_lexicon() if w.isalnum() and not _KATAKANA_OR_KANJI_RUN.fullmatch(w))


def _split_known(run: str) -> list[str]:
    """A run cut at the known words in it ("通算ゴール数" -> "ゴール"); a counter right after a known
    word ("数" of "ゴール数") only says what is counted and goes."""
    lexicon = japanese_lexicon()
    counters = grammar().japanese_counters
    out: list[str] = []
    unknown = ""
    i = 0
    while i < len(run):
        word = next((w for w in lexicon if run.startswith(w, i)), None)
        if word is None:
            unknown += run[i]
            i += 1
            continue
        if unknown:
            out.extend(common_words_in(unknown))
            unknown = ""
        out.append(word)
        i += len(word)
        if i < len(run) and run[i] in counters:
            i += 1
    if unknown:
        out.extend(common_words_in(unknown))
    return out


def common_words_in(run: str) -> list[str]:
    """A run the glossary does not know, as the common words of the dictionary it is made of
    ("排除措置" -> "排除", "措置"; "組合員数" -> "組合員"), when they make up all of it (but for counters and
    filler); otherwise the run whole, which may be a name ("高木美帆"). A run in katakana alone stays whole:
    it is a loanword or a name, and names are cut at words ("ソフトバンク" is no "ソフト")."""
    common = dictionary.is_word
    if common(run) or is_katakana(run):
        return [run]
    counters = grammar().japanese_counters
    filler = _run_filler_set()
    out: list[str] = []
    i = 0
    while i < len(run):
        word = next((run[i:end] for end in range(len(run), i + 1, -1) if common(run[i:end])), None)
        if word is not None:
            out.append(word)
            i += len(word)
        elif run[i] in counters or run[i] in filler:
            i += 1  # "数" of "組合員数", "何" of "最大何"
        else:
            return [run]
    return out
