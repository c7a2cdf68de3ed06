"""A throw-away PostgreSQL cluster for the register's tests: start, print its URL, stop.

Used two ways, one implementation:

* ``.ci/run`` starts one for the whole suite (``python -m tests.pg_server start DIR``
  prints the URL it exports as ``SAMOSA_TEST_POSTGRES_URL``; ``stop DIR`` ends it);
* ``tests/cases/support.py`` starts one for a developer's run when no URL is given
  and Debian's ``postgresql`` package is installed.

The cluster lives in a temporary directory, listens on 127.0.0.1 on a free port
with ``trust`` authentication for local connections only, and runs as an
unprivileged user: PostgreSQL refuses to run as root, so under root (as CI is)
the server runs as Debian's ``postgres`` user through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

USER = "samosa"


def binaries() -> Optional[Path]:
    """The directory with initdb and pg_ctl (PATH first, then Debian's /usr/lib/postgresql/N/bin)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser") is None:
        raise RuntimeError("running as root, and runuser is missing: cannot start PostgreSQL as an unprivileged user")
    return ["runuser", "-u", "postgres", "--", *cmd]


def start(directory: Path) -> str:
    """Start a cluster in ``directory`` (created) and return its URL; raises RuntimeError when it cannot."""
    bindir = binaries()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed (no initdb; Debian: apt-get install postgresql)")
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / "data"
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    port = _free_port()
    run = lambda cmd: subprocess.run(_as_server_user(cmd), capture_output=True, text=True, timeout=120)  # noqa: E731
    res = run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "-N",
        ]
    )
    if res.returncode != 0:
        raise RuntimeError(f"initdb failed: {res.stderr.strip() or res.stdout.strip()}")
    opts = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={directory} -c fsync=off"
    res = run([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(directory / "server.log"), "-w", "start"])
    if res.returncode != 0:
        log = (directory / "server.log").read_text(errors="replace") if (directory / "server.log").exists() else ""
        raise RuntimeError(f"pg_ctl start failed: {res.stderr.strip()} {log[-500:]}")
    url = f"postgresql://{USER}@127.0.0.1:{port}/postgres"
    (directory / "url").write_text(url, encoding="utf-8")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return url
        time.sleep(0.1)
    raise RuntimeError("PostgreSQL started but does not accept connections")


def stop(directory: Path) -> None:
    bindir = binaries()
    data = directory / "data"
    if bindir is None or not data.exists():
        return
    subprocess.run(
        _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    shutil.rmtree(directory, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: python -m tests.pg_server start|stop DIR", file=sys.stderr)
        return 2
    directory = Path(argv[1]).absolute()
    if argv[0] == "start":
        try:
            print(start(directory))
        except RuntimeError as exc:
            print(f"pg_server: {exc}", file=sys.stderr)
            return 1
    else:
        stop(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
