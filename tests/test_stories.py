"""Every story in tests/stories, loaded as a curator would and asked as users do, through the CLI.

Each folder holds a curator's spreadsheets (entities.csv, facts.csv) from public sources and the
questions users ask (questions.jsonl, the shared scorer's format). The facts are imported with
`factbot facts import` into a fresh database and every question goes through `factbot ask --json -`,
exactly as the shared scorer runs it. A must-decline question answered is a wrong fact given to a
user: none is allowed. The accuracy floors record what the matcher reaches today, so a change that
answers fewer questions fails here; raise them as the matcher improves.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generality import answered_text

STORIES = Path(__file__).parent / "stories"
FLOORS = {
    "renault-nissan": 0.94,
    "nippon-steel": 0.87,
    "football-transfer": 0.95,
    "quarterly-results": 0.98,
    "boj-rates": 0.85,
    "adobe-figma": 0.81,
    "boeing-crisis": 0.82,
    "intel-crisis": 0.80,
    "svb-collapse": 0.81,
    "msft-activision": 0.78,
    "seven-i-bid": 0.73,
    "us-china-tariffs": 0.69,
    "twitter-takeover": 0.66,
    "japan-rice": 0.59,
    "uk-price-cap": 0.65,
    "toshiba-buyout": 0.78,
    "novo-nordisk": 0.84,
    "ftx-collapse": 0.70,
    "evergrande-collapse": 0.70,
    "ohtani-dodgers": 0.69,
    "nvidia-boom": 0.74,
    "japan-election": 0.72,
    "noto-quake": 0.70,
    "japan-olympics": 0.67,
    "google-antitrust": 0.64,
    "fast-retailing": 0.80,
    "byd-tesla": 0.85,
    "anime-box-office": 0.60,
    "hollywood-strikes": 0.64,
    "osaka-expo": 0.61,
    "la-wildfires": 0.77,
    "arm-ipo": 0.75,
    "nintendo-switch2": 0.77,
    "crowdstrike-outage": 0.77,
    "paramount-skydance": 0.48,
    "kobayashi-benikoji": 0.49,
    "openai-saga": 0.53,
    "toyota-industries": 0.47,
    "honda-nissan-merger": 0.80,
    "vw-crisis": 0.85,
    "tiktok-ban": 0.76,
    "japan-wages": 0.68,
    "egg-prices": 0.87,
    "red-sea-shipping": 0.72,
    "japan-space": 0.70,
    "leqembi": 0.66,
    "yen-intervention": 0.56,
    "tsmc-kumamoto": 0.75,
    "starbucks-turnaround": 0.68,
    "opec-plus": 0.62,
    "bitcoin-etf": 0.75,
    "sony-financial": 0.77,
    "disney-succession": 0.77,
    "panama-canal-drought": 0.56,
    "japan-inbound-tourism": 0.59,
    "kioxia-ipo": 0.84,
    "thames-water": 0.79,
    "eras-tour": 0.73,
    "messi-miami": 0.67,
    "rakuten-mobile": 0.76,
    "haneda-collision": 0.66,
    "cocoa-squeeze": 0.71,
    "japan-certification-scandal": 0.54,
    "eu-big-tech-fines": 0.65,
    "paris-2024-olympics": 0.74,
    "ila-port-strike": 0.58,
    "uk-election-2024": 0.73,
    "fuji-tv-scandal": 0.80,
    "tokyo-metro-ipo": 0.76,
    "argentina-milei": 0.68,
    "h5n1-dairy": 0.68,
    "rapidus-chips": 0.56,
    "fukushima-water": 0.56,
}
"""Share of questions answered right, per story (measured on 2026-11-27, less one question). The last
four were written by someone who never saw the matcher; they first scored 43%, 52%, and (kept unseen
until measured) 53% for boeing-crisis and 61% for intel-crisis. svb-collapse was written the same way
in a later round and first scored 52%, with 4 wrong answers (2 of them must-decline questions);
msft-activision and seven-i-bid in the round after it, first scoring 58% (6 wrong, 3 of them must-decline
questions) and 57% (3 wrong); us-china-tariffs last, first scoring 41% (4 wrong, 2 of them must-decline
questions) once its 145% tariff could be imported. twitter-takeover and japan-rice (half its questions in
Japanese) came in the round after that: 45% (6 wrong, 4 of them must-decline questions) and 27% (13 wrong,
2 of them must-decline questions); uk-price-cap last, 47% (8 wrong, 2 of them must-decline questions).
The next round's three: toshiba-buyout 64% (2 wrong; its four net losses, written as negative amounts,
refused at import), novo-nordisk 69% (7 wrong, 2 of them must-decline questions) and ftx-collapse 59%
(5 wrong, 2 of them must-decline questions); then, measured after that round's work, evergrande-collapse
61% (4 wrong, 3 of them must-decline questions) and ohtani-dodgers 47% (2 wrong, 40 questions in
Japanese). The round after: nvidia-boom 62% (5 wrong, three of them fiscal quarters read as calendar
ones), japan-election 60% (3 wrong, 1 of them a must-decline question; 40 questions in Japanese) and
noto-quake 48% (3 wrong); then, measured after those three's work, japan-olympics 33% (1 wrong, a
must-decline question; 41 questions in Japanese), google-antitrust 54% (3 wrong, 1 of them a must-decline
question) and fast-retailing 73% (2 wrong); and after theirs, byd-tesla 73% (6 wrong, 1 of them a
must-decline question; four were quarters written "q4 24") and anime-box-office 47% (5 wrong). The next
round: hollywood-strikes 50% (6 wrong; first its union member counts were refused at import) and
osaka-expo 51% (3 wrong, all must-decline questions); then, measured after those two's work, la-wildfires
57% (no wrong answer) and arm-ipo 55% (6 wrong, 2 of them must-decline questions: a calendar quarter
written as months answered with the fiscal quarter whose name says it). The latest round, after the
Japanese dictionary: nintendo-switch2 63% (5 wrong, 1 of them a must-decline question: a running count
asked months after its newest date) and crowdstrike-outage 68% (2 wrong). The round after:
paramount-skydance 40% (3 wrong; its entity sheet could not be imported until "Paramount+" stopped folding
to the alias "Paramount") and kobayashi-benikoji 42% (3 wrong; 30 questions in Japanese); then, measured
after those two's work, openai-saga 44% (1 wrong) and toyota-industries 42% (5 wrong, two of them its
"TOB価格" asked in Japanese). The next round: honda-nissan-merger 73% (3 wrong; a sheet about the shipped
article's own companies, imported over them); then, measured after its work, vw-crisis 78% (1 wrong). A
third, ubs-credit-suisse (66% unseen, 4 wrong, 2 of them must-decline questions), is kept out until no
must-decline question of it is answered: it waits in tests/stories-pending. The latest round: tiktok-ban
66% (no wrong answer) and japan-wages 52% (4 wrong, 1 of them a must-decline question: a month's
real-wage reading answered for a fiscal year; 40 questions in Japanese). The round after: egg-prices 81%
(2 wrong) and red-sea-shipping 69% (3 wrong), neither a must-decline question; then, measured after their
work, japan-space 58% (2 wrong, 1 of them a must-decline question: "when was the first h2a launch" answered
with a count of launches; 40 questions in Japanese), and leqembi 61% (5 wrong, none a must-decline question:
four of them a company-wide figure answered for one country's). The next round: yen-intervention 42% (4
wrong, 1 of them a must-decline question: the yen's rate after an intervention answered with its spending;
36 questions in Japanese) and tsmc-kumamoto 58% (6 wrong, 3 of them must-decline questions: a third fab's
subsidy answered with the site-wide one, and Toyota's investment with its stake; 37 questions in
Japanese); then, measured after their work, starbucks-turnaround 57% (2 wrong, no must-decline question;
30 questions in Japanese). A fourth, sony-financial (57% unseen, 6 wrong, 1 of them a must-decline
question: "sfg dividend per share?" answered with the date a "dividend in kind" was paid), waited in
tests/stories-pending until the round after, when a rate asked ("per share") stopped taking a date. The
latest round: opec-plus 55% (3 wrong, 1 of them a
must-decline question: Brent's price on a day between readings answered with the reading three months
before; 33 questions in Japanese) and bitcoin-etf 54% (no wrong answer; 35 questions in Japanese). From
the round after, a figure counts only where the answer gives it (not under "Previously:" or in a quote),
which made 40 answers counted right before wrong: panama-canal-drought 43% (9 wrong, 1 of them a
must-decline question; years to September read as the fiscal year before too) and disney-succession 73%
(2 wrong); then, measured after their work, japan-inbound-tourism 43% (2 wrong, and 2 must-decline
questions answered: a 14-day pass's price with the seven-day one's, and fiscal 2025 with a figure "in
fiscal 2024"). The round after: kioxia-ipo 81% (2 wrong, no must-decline question; 33 questions in
Japanese) and thames-water 77% (2 wrong, no must-decline question; 33 questions in Japanese); three of
their four wrong answers asked how far a figure moved and got the level it moved to, or another figure.
The round after: eras-tour 55% (2 wrong, 1 must-decline question answered: the people at the Melbourne
shows "in total" with the biggest single show's 96,006; 35 questions in Japanese). A second,
fuji-tv-scandal (71% unseen, 1 wrong, 2 must-decline questions answered), waits in tests/stories-pending;
then, measured after their work, messi-miami 60% (4 wrong, 1 must-decline question answered: a full
season's pass price with its monthly price) and rakuten-mobile 68% (3 wrong, none a must-decline
question; 34 questions in Japanese). The round after: haneda-collision 55% (5 wrong, 1 of them a must-decline
question: a final report's date answered with a progress report's), cocoa-squeeze 56% (5 wrong, 3 of them
must-decline questions: a 2025/26 season answered with 2024/25's figure) and japan-certification-scandal
49% (8 wrong, 1 of them a must-decline question; 34 questions in Japanese each); then, measured after
their work, eu-big-tech-fines 61% (4 wrong, 2 of them must-decline questions: a count and a fine asked
for a year before they were given) and paris-2024-olympics 74% (2 wrong, none a must-decline question).
The round after: ila-port-strike 57% (4 wrong, none a must-decline question: a contract's status asked
with no name answered with the shipped article's partnership stage; 35 questions in Japanese) and
uk-election-2024 74% (1 wrong, none a must-decline question; 34 questions in Japanese). Two more,
tokyo-metro-ipo (76% unseen, 3 wrong, 1 must-decline question answered: an operating profit forecast
with the net one) and mpox-2024 (55% unseen, 6 wrong, 1 must-decline question answered: Africa's cases
in 2026 with DR Congo's share of them), wait in tests/stories-pending. The round after: argentina-milei
62% (6 wrong, 1 must-decline question answered: core inflation with the annual figure), h5n1-dairy 63%
(3 wrong, none a must-decline question) and rapidus-chips 54% (4 wrong, none a must-decline question,
once a relation named like a built-in stage was renamed on import's error); 33 to 34 questions in
Japanese each. fuji-tv-scandal and tokyo-metro-ipo joined them from tests/stories-pending; so did
fukushima-water (56% unseen, 7 wrong, 1 must-decline question answered: compensation paid with the
estimate of it) once no must-decline question of it was answered."""
WRONG_FIGURES = {
    "anime-box-office": 1,
    "argentina-milei": 1,
    "arm-ipo": 2,
    "boeing-crisis": 2,
    "disney-succession": 1,
    "egg-prices": 1,
    "eras-tour": 2,
    "evergrande-collapse": 2,
    "ftx-collapse": 2,
    "fuji-tv-scandal": 1,
    "fukushima-water": 5,
    "google-antitrust": 1,
    "h5n1-dairy": 2,
    "hollywood-strikes": 3,
    "honda-nissan-merger": 1,
    "ila-port-strike": 3,
    "japan-certification-scandal": 3,
    "japan-election": 1,
    "japan-inbound-tourism": 2,
    "japan-rice": 5,
    "leqembi": 2,
    "messi-miami": 2,
    "msft-activision": 1,
    "nintendo-switch2": 3,
    "noto-quake": 1,
    "opec-plus": 1,
    "openai-saga": 2,
    "panama-canal-drought": 1,
    "paramount-skydance": 3,
    "paris-2024-olympics": 1,
    "rapidus-chips": 4,
    "red-sea-shipping": 1,
    "seven-i-bid": 1,
    "sony-financial": 3,
    "starbucks-turnaround": 2,
    "thames-water": 1,
    "tokyo-metro-ipo": 2,
    "toshiba-buyout": 1,
    "toyota-industries": 2,
    "twitter-takeover": 2,
    "uk-election-2024": 1,
    "uk-price-cap": 1,
    "yen-intervention": 1,
}
"""Answerable questions answered with a wrong figure today, per story (none elsewhere): a ratchet, so
a change may lower these and never raise them."""


def factbot(
    *args: str, db: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args, "--db", str(db)],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def judge(row: dict[str, Any], out: dict[str, Any]) -> str | None:
    """The shared scorer's rules, stricter: expected figures present where the answer gives them (not
    only under "Previously:" or in a source's quote) and a source cited; declines declined."""
    text = answered_text(str(out.get("answer", "")))
    if row.get("decline"):
        alternative = row.get("or_expect")
        if not out["answered"] or (alternative and all(re.search(p, text, re.I) for p in alternative)):
            return None
        return "answered a must-decline question"
    if not out["answered"]:
        return "declined"
    if not all(re.search(p, text, re.I) for p in row.get("expect", [])):
        return "wrong figure"
    return None if any(f.get("sources") for f in out["facts"]) else "no source cited"


@pytest.mark.parametrize("story", sorted(FLOORS), ids=sorted(FLOORS))
def test_a_story_imported_by_csv_is_answered(story: str, tmp_path: Path) -> None:
    """The story's sheets import; no must-decline question is answered; wrong figures do not grow;
    accuracy stays at its floor."""
    folder = STORIES / story
    db = tmp_path / "story.sqlite3"
    for sheet in ("entities.csv", "facts.csv"):
        imported = factbot("facts", "import", str(folder / sheet), db=db)
        assert imported.returncode == 0, imported.stderr
    rows = [json.loads(line) for line in (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines() if line]
    asked = factbot("ask", "--json", "-", db=db, stdin="".join(r["q"].replace("\n", " ") + "\n" for r in rows))
    assert asked.returncode == 0, asked.stderr
    answers = [json.loads(line) for line in asked.stdout.splitlines()]
    assert len(answers) == len(rows), "one JSON object per question"
    verdicts = [(row["q"], judge(row, out)) for row, out in zip(rows, answers, strict=True)]
    wrong_declines = [q for q, why in verdicts if why == "answered a must-decline question"]
    assert not wrong_declines, f"answered questions it should have declined: {wrong_declines}"
    wrong = [q for q, why in verdicts if why == "wrong figure"]
    assert len(wrong) <= WRONG_FIGURES.get(story, 0), f"answered with a wrong figure: {wrong}"
    right = sum(1 for _, why in verdicts if why is None)
    assert right / len(rows) >= FLOORS[story], f"{right}/{len(rows)} right: " + "; ".join(
        f"{q} ({why})" for q, why in verdicts if why
    )


def test_every_story_folder_is_tested() -> None:
    """A story added to tests/stories without a floor here would never run."""
    folders = {p.name for p in STORIES.iterdir() if (p / "questions.jsonl").is_file()}
    assert folders == set(FLOORS)


@pytest.mark.parametrize("story", ["hollywood-strikes", "adobe-figma"])
def test_the_same_question_gets_the_same_reply_every_run(story: str, tmp_path: Path) -> None:
    """Answers and suggestions do not depend on a run's string hashing: before, the Japanese names of a
    fact's parties were joined in set order (so "スト" was a whole word in one run and not the next),
    and a decline's suggestions were sampled in set order."""
    folder = STORIES / story
    db = tmp_path / "story.sqlite3"
    for sheet in ("entities.csv", "facts.csv"):
        assert factbot("facts", "import", str(folder / sheet), db=db).returncode == 0
    rows = [json.loads(line) for line in (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines() if line]
    questions = "".join(r["q"].replace("\n", " ") + "\n" for r in rows)
    replies = {
        factbot("ask", "--json", "-", db=db, stdin=questions, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(replies) == 1
