"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, pg_ctl on a free port.

Debian's PostgreSQL server (`initdb`, `pg_ctl`) is what a fresh machine with the `postgresql`
package has; no pip package ships a maintained server binary for every platform, and Docker is not
available everywhere. The server refuses to run as root, so under root (CI) it runs as the
`postgres` user through `runuser`. With `FACTBOT_TEST_DATABASE_URL` set, an existing server is used
instead (each test still gets a database of its own).
"""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SERVER_USER = "postgres"
SUPERUSER = "factbot"


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl are: $FACTBOT_TEST_POSTGRES_BIN, `pg_config --bindir`, Debian's folders."""
    candidates: list[str] = []
    if os.environ.get("FACTBOT_TEST_POSTGRES_BIN"):
        candidates.append(os.environ["FACTBOT_TEST_POSTGRES_BIN"])
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb") or "").parent))
    candidates += sorted((str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")), reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(result.stdout.strip())
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def why_unavailable() -> str | None:
    """None when a server can be started here (or one is given), else the reason in one line."""
    if os.environ.get("FACTBOT_TEST_DATABASE_URL"):
        return None
    if find_bindir() is None:
        return (
            "no PostgreSQL server here: install the postgresql package (initdb, pg_ctl), set "
            "FACTBOT_TEST_POSTGRES_BIN, or point FACTBOT_TEST_DATABASE_URL at a server"
        )
    if os.geteuid() == 0 and (shutil.which("runuser") is None or not _user_exists(SERVER_USER)):
        return f"running as root, and PostgreSQL refuses root: need runuser and a {SERVER_USER!r} user"
    return None


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


CLUSTER_PORTS = range(20000, 32000)
"""Where a cluster's port is picked: below the kernel's ephemeral ports (32768 and up on Linux, 49152 on
macOS), which every bind(0) and connect() on the machine is handed. A parallel test worker's Discord
double could otherwise take the port between its choice and the server's start, or while a test has
the server stopped for a restart."""


def _ephemeral_ports() -> range:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
    except (OSError, ValueError):
        return range(32768, 65536)
    return range(int(low), int(high) + 1)


def free_port() -> int:
    """A TCP port nobody listens on now, outside the ephemeral range when the machine leaves room."""
    ephemeral = _ephemeral_ports()
    for port in random.SystemRandom().sample(CLUSTER_PORTS, 50):
        if port in ephemeral:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """One cluster: `start()`, `stop()`, `restart()`; `url(db)` for a database in it."""

    def __init__(self) -> None:
        self.external = os.environ.get("FACTBOT_TEST_DATABASE_URL")
        self.bindir = find_bindir()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="factbot-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.running = False

    def _run(self, args: Sequence[str]) -> None:
        command = [str(a) for a in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed: {result.stderr.strip()}\n{log}")

    def init(self) -> None:
        """Create the cluster (trust authentication on 127.0.0.1 only; fsync off: it is thrown away)."""
        if self.external:
            return
        if os.geteuid() == 0:
            shutil.chown(self.folder, SERVER_USER)
        self.folder.chmod(0o700)
        assert self.bindir is not None
        self._run([self.bindir / "initdb", "-D", self.data, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-sync"])

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        if self.external:
            return
        assert self.bindir is not None
        options = f"-p {self.port} -h 127.0.0.1 -k {self.folder} -c fsync=off -c full_page_writes=off"
        self._run([self.bindir / "pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "-t", "60", "start"])
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`fast` disconnects clients, as a restart by an operator does)."""
        if self.external or not self.running:
            return
        assert self.bindir is not None
        self._run([self.bindir / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop"])
        self.running = False

    def restart(self) -> None:
        """Stop and start again on the same port."""
        self.stop()
        self.start()

    def remove(self) -> None:
        """Stop, then delete the cluster's folder."""
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """A URL for a database in this cluster."""
        if self.external:
            parts = urlsplit(self.external)
            return urlunsplit(parts._replace(path="/" + database))
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"
