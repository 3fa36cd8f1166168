"""The `factbot` command line: a thin adapter over the same domain calls the Discord bot makes."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.config import Settings
from knowledge import drafting
from knowledge.answers import Answerer
from knowledge.edits import EDITABLE_FIELDS, RELATION_FIELDS, EditError, diff
from knowledge.matcher import FactIndex
from knowledge.models import FACT_LIST, Answer, Pack, Relation, Status, ValueKind, citation
from knowledge.packs import PackError, describe, parse_data, read_pack_file, read_text_file
from knowledge.service import FactService
from knowledge.store import (
    BASE,
    FactExists,
    RelationExists,
    StaleRelation,
    StaleVersion,
    StoreError,
    UnknownFact,
    UnknownRelation,
    UnknownVersion,
)
from knowledge.store import describe as describe_location
from knowledge.vocabulary import VocabularyError, relation_slug, split_cues

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class CliError(Exception):
    """An error worth one line to the user, and a non-zero exit."""


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="FILE_OR_URL",
        help="a SQLite file or a sqlite:/postgresql:// URL (default: FACTBOT_DATABASE_URL, FACTBOT_DB, "
        "or the per-user data dir)",
    )
    scoped = argparse.ArgumentParser(add_help=False)
    scoped.add_argument("--guild", default=BASE, metavar="ID", help="a server's layer instead of the shared base")

    parser = argparse.ArgumentParser(
        prog="factbot",
        description="Answer questions about a news story with cited figures, on Discord or here.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = commands.add_parser(
        "ask",
        parents=[common, scoped],
        help="answer a question (no Discord token needed)",
        description="Answer a question exactly as the bot would. Use - to read one question per line from stdin.",
    )
    ask.add_argument("question", nargs="+", help="the question, or - for one question per stdin line")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer (the eval contract)")

    commands.add_parser(
        "run",
        parents=[common],
        help="run the Discord bot (needs DISCORD_TOKEN)",
        description="Run the bot until interrupted. Settings come from the environment and .env.",
    )
    commands.add_parser("sync", parents=[common], help="publish the slash commands globally (needs DISCORD_TOKEN)")
    commands.add_parser("health", help="exit 0 if the running bot is connected (for Docker's HEALTHCHECK)")

    facts = commands.add_parser("facts", help="list, show, export and import facts")
    sub = facts.add_subparsers(dest="facts_command", required=True, metavar="ACTION")
    listing = sub.add_parser("list", parents=[common, scoped], help="list facts (id, status, statement)")
    listing.add_argument("--all", action="store_true", help="include retired facts")
    listing.add_argument("--json", action="store_true")
    show = sub.add_parser("show", parents=[common, scoped], help="show one fact with its sources")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    export = sub.add_parser("export", parents=[common, scoped], help="write the knowledge as a pack file")
    export.add_argument("file", nargs="?", default="-", help="output file (.yaml or .json); - for stdout")
    export.add_argument("--format", choices=("yaml", "json"), help="default: from the file name, else yaml")
    add = sub.add_parser("add", parents=[common, scoped], help="add facts from a file (one fact, or a list)")
    add.add_argument("file", help="YAML or JSON file with a fact (the pack format's facts entries); - for stdin")
    add.add_argument("--by", default="cli", help="who to record in the history (default: cli)")
    add.add_argument("--reason")
    edit = sub.add_parser("edit", parents=[common, scoped], help="change one field of a fact")
    edit.add_argument("id")
    edit.add_argument("field", choices=EDITABLE_FIELDS)
    edit.add_argument("value")
    edit.add_argument("--version", type=int, help="the version you are editing; refused if it is stale")
    edit.add_argument("--reason")
    edit.add_argument("--by", default="cli")
    retire = sub.add_parser("retire", parents=[common, scoped], help="stop answering with a fact (kept in history)")
    retire.add_argument("id")
    retire.add_argument("--reason", required=True)
    retire.add_argument("--version", type=int)
    retire.add_argument("--by", default="cli")
    restore = sub.add_parser("restore", parents=[common, scoped], help="bring a retired fact back")
    restore.add_argument("id")
    restore.add_argument("--reason")
    restore.add_argument("--by", default="cli")
    history = sub.add_parser("history", parents=[common, scoped], help="every version of a fact, with diffs")
    history.add_argument("id")
    rollback = sub.add_parser("rollback", parents=[common, scoped], help="make an earlier version current again")
    rollback.add_argument("id")
    rollback.add_argument("version", type=int)
    rollback.add_argument("--reason")
    rollback.add_argument("--by", default="cli")
    gaps = sub.add_parser("gaps", parents=[common], help="a server's most asked unanswered questions")
    gaps.add_argument("--guild", required=True, type=int, metavar="ID")
    gaps.add_argument("--limit", type=int, default=20)
    imp = sub.add_parser(
        "import",
        parents=[common, scoped],
        help="load a pack (YAML/JSON) or a spreadsheet (CSV of facts or of entities), all or nothing",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="show what would change and change nothing")
    imp.add_argument("--by", default="cli", help="who to record in the history (default: cli)")

    relations = commands.add_parser("relations", help="the relations facts state, and the words people use for them")
    rsub = relations.add_subparsers(dest="relations_command", required=True, metavar="ACTION")
    rlist = rsub.add_parser("list", parents=[common, scoped], help="every relation: id, label, value kinds, cues")
    rlist.add_argument("--json", action="store_true")
    rshow = rsub.add_parser("show", parents=[common, scoped], help="one relation with all its cues")
    rshow.add_argument("id")
    radd = rsub.add_parser("add", parents=[common, scoped], help="a new relation")
    radd.add_argument("label", help="what answers call it, e.g. 'job cuts'")
    radd.add_argument("--id", help="default: from the label")
    radd.add_argument("--label-ja")
    radd.add_argument("--values", default="", help="value kinds it takes, comma-separated (default: any)")
    radd.add_argument("--cue", action="append", default=[], help="a phrase people use (repeatable)")
    radd.add_argument("--not-temporal", action="store_true", help="facts accumulate instead of replacing each other")
    radd.add_argument("--by", default="cli")
    redit = rsub.add_parser("edit", parents=[common, scoped], help="change one field of a relation")
    redit.add_argument("id")
    redit.add_argument("field", choices=RELATION_FIELDS)
    redit.add_argument("value")
    redit.add_argument("--version", type=int)
    redit.add_argument("--by", default="cli")
    rcue = rsub.add_parser("cue", parents=[common, scoped], help="add or remove a phrase people use for a relation")
    rcue.add_argument("change", choices=("add", "remove"))
    rcue.add_argument("id")
    rcue.add_argument("text")
    rcue.add_argument("--weight", type=float, default=1.0, help="0-2; below 1 for words other questions use too")
    rcue.add_argument("--by", default="cli")
    rhist = rsub.add_parser("history", parents=[common, scoped], help="every version of a relation")
    rhist.add_argument("id")

    commands.add_parser("schema", help="print the JSON Schema of a pack file, for editors")

    database = commands.add_parser(
        "db", help="the database: apply migrations, or copy everything to another database"
    ).add_subparsers(dest="db_command", required=True, metavar="ACTION")
    database.add_parser(
        "upgrade",
        parents=[common],
        help="apply the schema migrations this version brings (every process also does on start)",
    )
    copy = database.add_parser(
        "copy",
        help="copy everything (facts, history, relations, layers, settings, gap log) into an empty database",
        description="Copy every table from SRC into DST in one transaction, then check the row counts match. "
        "Each is a SQLite file or a sqlite:/postgresql:// URL. DST must be empty; stop the bot first.",
    )
    copy.add_argument("source", metavar="SRC")
    copy.add_argument("target", metavar="DST")

    drafter = commands.add_parser(
        "draft",
        parents=[common, scoped],
        help="draft candidate facts (a spreadsheet for `facts import`) from an article's figures",
        description="Find the figures in a plain-text or Markdown article and print one spreadsheet row each. "
        "Rows that repeat a stored fact are dropped; rows without a subject or relation go to stderr.",
    )
    drafter.add_argument("article", help="the article (.txt or .md, UTF-8, at most 1 MB); - for stdin")
    drafter.add_argument("--publisher", help="who published it (default: the front matter's publisher)")
    drafter.add_argument("--published", help="when, YYYY[-MM[-DD]] (default: the front matter's date)")
    drafter.add_argument("--url", help="where (default: the front matter's url)")
    drafter.add_argument("--title", help="its headline (default: the front matter's title)")
    output = drafter.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="the fact spreadsheet (the default)")
    output.add_argument("--json", action="store_true", help="one JSON object with every candidate")
    drafter.add_argument("--notes", action="store_true", help="add a note column: the stored value a row updates")
    drafter.add_argument("--check", metavar="PACK", type=Path, help="measure recall of a pack's figures instead")

    checking = commands.add_parser(
        "check",
        parents=[common, scoped],
        help="check the figures in a message against the stored facts",
        description="Say for each figure in a message whether the sources match it, differ, or say nothing.",
    )
    checking.add_argument("text", help="the message; - reads it from stdin")
    checking.add_argument("--json", action="store_true", help='{"figures": [{"text", "verdict", "facts"}]}')
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, build settings, run the command; errors are one line and a non-zero exit."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"factbot: error: bad setting: {describe(exc)}", file=sys.stderr)
        return EXIT_USAGE
    logging.basicConfig(
        level=settings.log_level or ("INFO" if args.command == "run" else "WARNING"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # aiosqlite logs every statement at DEBUG: that drowns the bot's own debug output.
    logging.getLogger("aiosqlite").setLevel(max(logging.INFO, logging.getLogger().level))
    if getattr(args, "db", None) is not None:
        settings = settings.model_copy(update={"database_url": None, "db": Path(args.db)})
        if "://" in args.db or args.db.startswith("sqlite:"):
            settings = settings.model_copy(update={"database_url": args.db})
    try:
        return asyncio.run(_dispatch(args, settings))
    except (
        CliError, StoreError, PackError, StaleVersion, StaleRelation, UnknownRelation, RelationExists, VocabularyError
    ) as exc:  # fmt: skip
        print(f"factbot: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except UnknownFact as exc:
        print(f"factbot: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "ask":
        return await ask(args, settings)
    if args.command in ("run", "sync", "health"):
        # discord.py is imported only here, so `factbot ask` starts fast.
        from bot import runner

        if args.command == "health":
            return runner.health(settings)
        return await (runner.run(settings) if args.command == "run" else runner.sync(settings))
    if args.command == "schema":
        print(json.dumps(Pack.model_json_schema(), ensure_ascii=False, indent=2))
        return EXIT_OK
    if args.command == "draft":
        return await draft(args, settings)
    if args.command == "check":
        return await check(args, settings)
    if args.command == "db":
        return await _database(args, settings)
    async with FactService.open(settings.database, settings.match_threshold) as service:
        if args.command == "relations":
            return await _relations(service, args)
        action = args.facts_command
        if action == "list":
            return await _list(service, args)
        if action == "show":
            return await _show(service, args)
        if action == "export":
            return await _export(service, args)
        if action == "import":
            return await _import(service, args)
        return await _curate(service, args)


async def load_answerer(settings: Settings, scope: str = BASE) -> Answerer:
    """Open the store (creating and seeding it on first use) and build the answerer for a scope."""
    async with FactService.open(settings.database, settings.match_threshold, snapshots=settings.snapshots()) as service:
        return await service.load(scope)


def _emit(answer: Answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.contract(), ensure_ascii=False), flush=True)
    else:
        print(answer.answer + "\n", flush=True)


async def ask(args: argparse.Namespace, settings: Settings) -> int:
    """`factbot ask`: one question from the arguments, or one per stdin line with `-`."""
    answerer = await load_answerer(settings, args.guild)
    if args.question == ["-"]:
        # The matcher is synchronous and fast; reading stdin line by line keeps answers streaming.
        for line in sys.stdin:
            _emit(answerer.ask(line.rstrip("\n")), args.json)
        return EXIT_OK
    answer = answerer.ask(" ".join(args.question))
    _emit(answer, args.json)
    return EXIT_OK


async def _list(service: FactService, args: argparse.Namespace) -> int:
    records = await service.records(args.guild, include_retired=args.all)
    if args.json:
        for r in records:
            print(json.dumps(_record_json(r), ensure_ascii=False))
        return EXIT_OK
    width = max((len(r.fact.id) for r in records), default=10)
    for r in records:
        print(f"{r.fact.id:<{width}}  v{r.version:<3} {r.fact.status.value:<10} {r.fact.statement}")
    return EXIT_OK


def _record_json(record: Any) -> dict[str, Any]:
    return {
        "fact": record.fact.model_dump(mode="json", exclude_none=True),
        "version": record.version,
        "scope": record.scope,
        "changed_at": record.changed_at.isoformat(),
        "changed_by": record.changed_by,
    }


async def _show(service: FactService, args: argparse.Namespace) -> int:
    record = await service.record(args.id, args.guild)
    if args.json:
        print(json.dumps(_record_json(record), ensure_ascii=False))
        return EXIT_OK
    fact = record.fact
    print(yaml.safe_dump(fact.model_dump(mode="json", exclude_none=True), allow_unicode=True, sort_keys=False), end="")
    print(f"# version {record.version}, saved {record.changed_at:%Y-%m-%d %H:%M} UTC by {record.changed_by}")
    return EXIT_OK


async def _curate(service: FactService, args: argparse.Namespace) -> int:
    """add, edit, retire, restore, history, rollback, gaps: the /curate operations for operators."""
    action, scope = args.facts_command, getattr(args, "guild", BASE)
    try:
        if action == "add":
            if args.file == "-":
                text = sys.stdin.read()
            else:
                text = await asyncio.to_thread(Path(args.file).read_text, encoding="utf-8")
            data = parse_data(text, args.file)
            items = data if isinstance(data, list) else data.get("facts", [data]) if isinstance(data, dict) else None
            if not isinstance(items, list):
                raise CliError(f"{args.file}: expected a fact, a list of facts, or a pack")
            try:
                facts = FACT_LIST.validate_python(items)
            except ValidationError as exc:
                raise CliError(f"{args.file}: {describe(exc, items)}") from exc
            try:
                changes = await service.add_facts(facts, args.by, args.reason, str(scope))
            except (FactExists, PackError) as exc:
                # All or nothing: say so, so nobody re-runs half a file by hand.
                raise CliError(f"{args.file}: {exc}; nothing was added") from exc
            for change in changes:
                print(change.summary())
        elif action == "edit":
            change = await service.edit(args.id, args.field, args.value, args.by, args.reason, str(scope), args.version)
            print(change.summary())
        elif action == "retire":
            change = await service.set_status(args.id, Status.RETIRED, args.by, args.reason, str(scope), args.version)
            print(change.summary())
        elif action == "restore":
            print((await service.set_status(args.id, Status.CURRENT, args.by, args.reason, str(scope))).summary())
        elif action == "rollback":
            print((await service.rollback(args.id, args.version, args.by, args.reason, str(scope))).summary())
        elif action == "history":
            previous = None
            for record in await service.history(args.id, str(scope)):
                why = f" · {record.reason}" if record.reason else ""
                print(f"v{record.version} · {record.changed_at:%Y-%m-%d %H:%M} UTC · {record.changed_by}{why}")
                for line in diff(previous, record.fact) if previous else ["created"]:
                    print(f"    {line}")
                previous = record.fact
        else:
            for gap in await service.gaps(args.guild, args.limit):
                hint = f"  → {gap.suggestion}" if gap.suggestion else ""
                print(f"{gap.asked:>5}× {gap.question}{hint}")
    except (EditError, FactExists, UnknownVersion) as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"{args.file}: cannot read: {exc.strerror}") from exc
    return EXIT_OK


async def _database(args: argparse.Namespace, settings: Settings) -> int:
    """`factbot db upgrade` and `factbot db copy SRC DST`."""
    if args.db_command == "upgrade":
        before, after = await FactService.upgrade(settings.database)
        where = describe_location(settings.database)
        if before == after:
            print(f"{where}: schema version {after}, already current")
        else:
            print(f"{where}: schema version {before} → {after}")
        return EXIT_OK
    if args.source == args.target:
        raise CliError("SRC and DST are the same database")
    counts = await FactService.copy(args.source, args.target)
    listing = ", ".join(f"{table} {n}" for table, n in counts.items())
    print(f"copied {describe_location(args.source)} → {describe_location(args.target)}; rows checked: {listing}")
    return EXIT_OK


def dump_pack(pack: Pack, fmt: str) -> str:
    """A pack as YAML or JSON text in the same format the pack files use."""
    data = pack.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


async def _export(service: FactService, args: argparse.Namespace) -> int:
    fmt = args.format or ("json" if str(args.file).endswith(".json") else "yaml")
    text = dump_pack(await service.export_pack(args.guild), fmt)
    if args.file == "-":
        sys.stdout.write(text)
    else:
        await asyncio.to_thread(Path(args.file).write_text, text, encoding="utf-8")
        print(f"exported to {args.file}", file=sys.stderr)
    return EXIT_OK


async def _import(service: FactService, args: argparse.Namespace) -> int:
    text = await asyncio.to_thread(read_text_file, args.file)
    report = await service.import_file(text, str(args.file), args.by, args.guild, dry_run=args.dry_run)
    prefix = "would change (dry run): " if args.dry_run else "imported: "
    print(prefix + report.summary())
    for label, ids in (("added", report.added), ("changed", report.changed)):
        for fact_id in ids:
            print(f"  {label}: {fact_id}")
    return EXIT_OK


def _relation_line(relation: Relation) -> str:
    kinds = ",".join(k.value for k in relation.values) or "any"
    cues = ", ".join(list(relation.all_cues())[:6])
    return f"{relation.id:<28} {relation.label:<28} {kinds:<22} {cues}"


def _field_value(field: str, raw: str) -> object:
    """A relation field as typed on the command line, in the shape the model takes."""
    if field == "values":
        return [v.strip() for v in raw.split(",") if v.strip()]
    if field in ("temporal", "symmetric", "inherited"):
        if raw.casefold() not in ("true", "false", "yes", "no"):
            raise CliError(f"{field}: say true or false, not {raw!r}")
        return raw.casefold() in ("true", "yes")
    return raw.strip() or None


async def _relations(service: FactService, args: argparse.Namespace) -> int:
    """`factbot relations …`: list, show, add, edit, cue add/remove, history."""
    action, scope = args.relations_command, str(args.guild)
    try:
        if action == "list":
            for relation in await service.relations(scope):
                if args.json:
                    print(json.dumps(relation.model_dump(mode="json"), ensure_ascii=False))
                else:
                    print(_relation_line(relation))
        elif action == "show":
            record = await service.relation(args.id, scope)
            if record is None:
                raise UnknownRelation(args.id)
            print(yaml.safe_dump(record.relation.model_dump(mode="json"), allow_unicode=True, sort_keys=False), end="")
            print(f"# version {record.version}, saved {record.changed_at:%Y-%m-%d %H:%M} UTC by {record.changed_by}")
        elif action == "add":
            cues, cues_ja = split_cues([args.label, *args.cue])
            try:
                relation = Relation(
                    id=args.id or relation_slug(args.label),
                    label=args.label,
                    label_ja=args.label_ja,
                    values=tuple(ValueKind(v.strip()) for v in args.values.split(",") if v.strip()),
                    temporal=not args.not_temporal,
                    cues=cues,
                    cues_ja=cues_ja,
                )
            except ValueError as exc:
                raise CliError(f"relation: {exc}") from exc
            record = await service.add_relation(relation, args.by, scope)
            print(f"added relation `{record.relation.id}` (version {record.version})")
        elif action == "edit":
            value = _field_value(args.field, args.value)
            record = await service.edit_relation(args.id, {args.field: value}, args.by, scope, None, args.version)
            print(f"edited relation `{record.relation.id}` (version {record.version})")
        elif action == "cue":
            if args.change == "add":
                record = await service.add_cue(args.id, args.text, args.by, scope, args.weight)
            else:
                record = await service.remove_cue(args.id, args.text, args.by, scope)
            done = "added to" if args.change == "add" else "removed from"
            print(f"cue {args.text!r} {done} `{record.relation.id}` (version {record.version})")
        else:
            previous: dict[str, Any] | None = None
            for record in await service.relation_history(args.id, scope):
                why = f" · {record.reason}" if record.reason else ""
                print(f"v{record.version} · {record.changed_at:%Y-%m-%d %H:%M} UTC · {record.changed_by}{why}")
                now = record.relation.model_dump(mode="json")
                for key in now if previous else ["created"]:
                    if previous is None:
                        print("    created")
                    elif previous.get(key) != now.get(key):
                        print(f"    {key}: {previous.get(key)} → {now.get(key)}")
                previous = now
    except EditError as exc:
        raise CliError(str(exc)) from exc
    return EXIT_OK


def _read_input(source: str, literal: bool = False) -> str:
    """An article or message as text: a file, stdin for `-`, or (`literal`) the argument itself; bad input
    (binary, empty, not UTF-8, over 1 MB) is refused with one line, before anything is opened."""
    limit = drafting.MAX_ARTICLE_BYTES
    try:
        if source == "-":
            data = sys.stdin.buffer.read(limit + 1)
            origin = "stdin"
        elif literal:
            data, origin = source.encode("utf-8", "surrogateescape"), "message"
        else:
            path = Path(source)
            size = path.stat().st_size
            if size > limit:
                raise CliError(f"{source}: {size:,} bytes is over the {limit:,}-byte limit")
            data, origin = path.read_bytes(), source
    except OSError as exc:
        raise CliError(f"{source}: cannot read: {exc.strerror}") from exc
    try:
        return drafting.decode(data, origin)
    except drafting.DraftError as exc:
        raise CliError(str(exc)) from exc


async def _index(settings: Settings, scope: str, pack: Pack | None = None) -> FactIndex:
    async with FactService.open(settings.database) as service:
        knowledge = await service.knowledge(scope)
    return FactIndex(drafting.with_pack(knowledge, pack) if pack else knowledge)


async def draft(args: argparse.Namespace, settings: Settings) -> int:
    """`factbot draft`: candidate facts from an article, as a spreadsheet, JSON, or a recall check."""
    text = await asyncio.to_thread(_read_input, args.article)
    pack = await asyncio.to_thread(read_pack_file, args.check) if args.check else None
    given = {"publisher": args.publisher, "published": args.published, "url": args.url, "title": args.title}
    if args.published and drafting.read_article("x", published=args.published).published is None:
        raise CliError(f"--published: {args.published!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    article = drafting.read_article(text, **given)
    index = await _index(settings, args.guild, pack)
    result = drafting.draft(article, index)
    if pack is not None:
        report = drafting.recall(pack, result.candidates)
        print(report.summary())
        for fact in report.misses:
            print(f"  missed: {fact.id}: {drafting.value_label(fact, index)} — {fact.sources[0].quote}")
        return EXIT_OK
    fresh = [c for c in result.candidates if c.repeats is None]
    rows = [c for c in fresh if c.importable]
    if args.json:
        payload = {
            "candidates": [drafting.candidate_json(c) for c in fresh],
            "repeats": [c.repeats for c in result.candidates if c.repeats],
            "new_entities": list(result.new_names),
        }
        print(json.dumps(payload, ensure_ascii=False))
    else:
        sys.stdout.write(drafting.csv_text(result, rows, notes=args.notes))
    repeats = len(result.candidates) - len(fresh)
    print(
        f"factbot: {len(result.candidates)} figures: {len(rows)} rows, {repeats} repeat stored facts (dropped), "
        f"{len(fresh) - len(rows)} need a subject or relation",
        file=sys.stderr,
    )
    if not args.json:
        for c in fresh:
            if not c.importable:
                missing = "subject" if not c.subject_name else "relation" if not c.relation_label else "shorter quote"
                print(f"  needs a {missing}: {c.figure.text} — {c.sentence[:120]}", file=sys.stderr)
        if rows and not article.publisher:
            print("factbot: no publisher: give --publisher (or front matter) before importing", file=sys.stderr)
    if result.new_names:
        print(f"factbot: new names (proposed entities): {', '.join(result.new_names)}", file=sys.stderr)
    return EXIT_OK


async def check(args: argparse.Namespace, settings: Settings) -> int:
    """`factbot check`: each figure in a message matched, differing from, or missing in the sources."""
    text = await asyncio.to_thread(_read_input, args.text, True)
    index = await _index(settings, args.guild)
    results = drafting.check(text, index)
    if args.json:
        figures = [
            {
                "text": r.candidate.figure.text,
                "verdict": r.verdict,
                "facts": [citation(f).model_dump(mode="json") for f in r.facts],
            }
            for r in results
        ]
        print(json.dumps({"figures": figures}, ensure_ascii=False))
        return EXIT_OK
    if not results:
        print("no figures found")
    for r in results:
        c = r.candidate
        about = " · ".join(x for x in (c.subject_name, c.relation_label) if x)
        detail = drafting.sources_say(r.facts[0], index) if r.facts else r.reason
        print(f"{r.verdict:<9} {c.figure.text}" + (f" · {about}" if about else "") + f" — {detail}")
    return EXIT_OK
