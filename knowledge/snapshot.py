"""The base index saved to disk, so a process starting on a big database reads it back instead of
building it from every stored fact.

Building the index for 100,000 facts reads and validates every row, then indexes each fact: 15 s
and more. Read back from a snapshot it takes about 1.3 s. A snapshot is only ever used for exactly
the database state it was built from: its key holds the database's location, the base's change
mark, the number of stored facts and entities and the newest change time, the schema version,
factbot's own code and vocabulary files, and the match threshold. Any write moves the key, and the
next start builds afresh (and saves again).

The key is read before the facts are: a write landing while the index is built moves the database
past the key, so the snapshot is never taken for a state it does not hold.

Snapshots are pickles, so one is only read from a file this user owns and nobody else can write,
in a directory of this user's (`FACTBOT_INDEX_CACHE`, by default the user cache directory). Small
databases are not snapshotted: building their index is faster than reading a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import stat
from importlib import resources
from pathlib import Path
from typing import Any

from knowledge.matcher import FactIndex

log = logging.getLogger(__name__)

FORMAT = 1
MIN_FACTS = 5_000
"""Below this many live base facts, building the index is quicker than reading a snapshot."""


def code_digest() -> str:
    """What the index's shape depends on: factbot's knowledge code and its vocabulary files."""
    digest = hashlib.sha256()
    root = resources.files("knowledge")
    stack = [root]
    files = []
    while stack:
        folder = stack.pop()
        for item in folder.iterdir():
            if item.is_dir():
                if item.name != "__pycache__":
                    stack.append(item)
            elif item.name.endswith((".py", ".yaml", ".yml", ".json")):
                files.append(item)
    for item in sorted(files, key=lambda f: str(f)):
        digest.update(str(item).encode())
        digest.update(item.read_bytes())
    return digest.hexdigest()


class Snapshots:
    """Where base-index snapshots live, one file per database."""

    def __init__(self, directory: Path, min_facts: int = MIN_FACTS) -> None:
        self.directory = directory
        self.min_facts = min_facts

    def path(self, where: str) -> Path:
        """The snapshot file of one database (its location hashed: a URL's password never shows)."""
        return self.directory / f"{hashlib.sha256(where.encode()).hexdigest()[:24]}.index"

    def load(self, where: str, key: str) -> FactIndex | None:
        """The index saved for exactly this key, or None (absent, stale, unsafe or unreadable)."""
        path = self.path(where)
        try:
            with path.open("rb") as file:
                info = os.fstat(file.fileno())
                if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                    log.warning("not reading the index snapshot %s: others may write it", path)
                    return None
                if file.readline().decode("utf-8", "replace").rstrip("\n") != key:
                    return None
                index = pickle.load(file)  # noqa: S301 (our own file: owned by us, writable by us alone)
        except FileNotFoundError:
            return None
        except Exception as exc:  # a truncated or foreign file is a cache miss, never a failure
            log.warning("could not read the index snapshot %s (%s); building the index", path, exc)
            return None
        if not isinstance(index, FactIndex):
            return None
        log.info("read the index from its snapshot %s", path)
        return index

    def save(self, where: str, key: str, index: FactIndex) -> None:
        """Write the snapshot whole or not at all (a temporary file renamed into place)."""
        if len(index.facts) < self.min_facts:
            return
        index.warm()
        path = self.path(where)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(key.encode() + b"\n")
                pickle.dump(index, file, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(path)
        except Exception as exc:  # a full disk or a read-only directory costs the next start time, nothing else
            log.warning("could not save the index snapshot %s: %s", path, exc)
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            return
        log.info("saved the index snapshot %s", path)


def key(parts: dict[str, Any]) -> str:
    """One line naming exactly what a snapshot was built from."""
    return json.dumps({"format": FORMAT, "code": code_digest(), **parts}, sort_keys=True, default=str)
