"""Synthetic knowledge for the scaling benchmark: many companies, predicates, periods, blocs,
with the real article pack inside, and realistic questions about them (typos and declines included)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from knowledge.matcher import Knowledge
from knowledge.models import Bloc, Entity, Fact
from knowledge.packs import builtin_packs

SYLLABLES = ("ka", "ro", "zen", "mi", "tor", "va", "lu", "ser", "ni", "qua", "dex", "bo", "ra", "tek", "sa", "vo",
             "li", "mar", "gon", "ta", "fe", "xi", "pol", "du", "cor", "ne", "wy", "hal", "ix", "um")  # fmt: skip
SUFFIXES = ("Motors", "Auto", "Mobility", "Cars", "Automotive", "Vehicles")
YEARS = tuple(range(2005, 2025))
SOURCE = {"publisher": "Synthetic Wire", "quote": "synthetic figure for benchmarking"}


@dataclass
class Corpus:
    """A knowledge base and questions about it."""

    knowledge: Knowledge
    questions: list[str]


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if stem.lower() not in used and len(stem) >= 5:
            used.add(stem.lower())
            return stem


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def build(n_facts: int, n_questions: int = 1000, seed: int = 7) -> Corpus:
    """About `n_facts` facts (the real pack's included) and `n_questions` questions about them."""
    rng = random.Random(seed)
    packs = builtin_packs()
    entities = [e for p in packs for e in p.entities]
    blocs = [b for p in packs for b in p.blocs]
    facts = [f for p in packs for f in p.facts]
    used = {e.name.lower() for e in entities} | {a.lower() for e in entities for a in e.aliases}
    per_company = 10
    companies: list[Entity] = []
    while len(facts) < n_facts:
        stem = _name(rng, used)
        cid = f"{stem.lower()}-{len(companies)}"
        company = Entity(id=cid, name=f"{stem} {rng.choice(SUFFIXES)}", kind="company", aliases=(stem,))  # type: ignore[arg-type]
        companies.append(company)
        entities.append(company)
        years = rng.sample(YEARS, per_company - 2)
        for year in years:
            amount = rng.randint(10, 9000) * 1000
            facts.append(Fact.model_validate({
                "id": f"{cid}-sales-{year}", "subject": cid, "predicate": "sales_volume",
                "value": {"kind": "quantity", "amount": amount, "unit": "vehicles"},
                "statement": f"{company.name} sold {amount:,} vehicles in {year}.", "as_of": str(year),
                "sources": [SOURCE], "phrasings": [f"{stem.lower()} sales {year}"],
            }))  # fmt: skip
        facts.append(Fact.model_validate({
            "id": f"{cid}-goal", "subject": cid, "predicate": "goal",
            "value": {"kind": "text", "text": f"lead the {rng.choice(['ev', 'hybrid', 'truck'])} market"},
            "statement": f"{company.name} wants to lead its market.", "sources": [SOURCE],
        }))  # fmt: skip
        if len(companies) > 1:
            other = rng.choice(companies[:-1])
            facts.append(Fact.model_validate({
                "id": f"{cid}-stake-{other.id}", "subject": cid, "predicate": "stake_in", "object": other.id,
                "value": {"kind": "percent", "amount": rng.randint(1, 60)},
                "statement": f"{company.name} owns a stake in {other.name}.", "sources": [SOURCE],
            }))  # fmt: skip
        if len(companies) % 4 == 0:
            members = tuple(c.id for c in companies[-4:])
            blocs.append(
                Bloc(id=f"group-{len(blocs)}", name=f"{stem} group", members=members, aliases=(f"{stem} group",))
            )
    return Corpus(Knowledge(entities, blocs, facts), questions(rng, companies, n_questions))


def questions(rng: random.Random, companies: list[Entity], n: int) -> list[str]:
    """Questions as people type them about the synthetic companies: figures, typos, comparisons, declines."""
    if not companies:
        return ["honda sales", "how much of nissan does mitsubishi own", "toyota vs honda sales"] * (n // 3 + 1)
    out = []
    for _ in range(n):
        a, b = rng.choice(companies), rng.choice(companies)
        stem = a.aliases[0].lower()
        kind = rng.random()
        if kind < 0.35:
            out.append(f"{stem} sales {rng.choice(YEARS)}")
        elif kind < 0.5:
            out.append(f"how many cars did {_typo(rng, stem)} sell")
        elif kind < 0.6:
            out.append(f"{stem} vs {b.aliases[0].lower()} sales")
        elif kind < 0.7:
            out.append(f"how much of {b.aliases[0].lower()} does {stem} own")
        elif kind < 0.8:
            out.append(f"what is {stem}'s goal")
        elif kind < 0.9:
            out.append(f"who is the ceo of {stem}")  # no such fact: a decline
        else:
            out.append(rng.choice(["honda sales", "Mitsubishi stake in Nissan", "toyta sales", "who is toyota's ceo",
                                   "ホンダの販売台数は？", "Honda-Nissan-Mitsubishi vs Toyota", "zzzz"]))  # fmt: skip
    return out
