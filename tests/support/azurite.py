"""Azurite's table service (npm `azurite`, in node_modules) on 127.0.0.1, for tests and benchmarks.

`Azurite` starts one in-memory instance on a free port in a temporary directory and stops it.
`shared_azurite()` gives one instance per test process, started on first use and stopped when the
process exits (the contract fixture's backend list has no fixture to hang a session instance on);
the `azurite` session fixture hands out the same instance.

The account is Azurite's well-known development account, devstoreaccount1, whose key is a public
constant published in Azurite's documentation, not a secret.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import pytest

from register.azure_table import AzureTableRegister, open_azure_table_register
from register.base import Register

ROOT = Path(__file__).resolve().parents[2]
AZURITE_TABLE = ROOT / "node_modules" / ".bin" / "azurite-table"
DEV_ACCOUNT = "devstoreaccount1"
DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
START_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def dev_connection_string(endpoint: str) -> str:
    """A connection string for the development account with its table endpoint at `endpoint`."""
    account = f"AccountName={DEV_ACCOUNT};AccountKey={DEV_KEY}"
    return f"DefaultEndpointsProtocol=http;{account};TableEndpoint={endpoint};"


def connection_string_via(port: int) -> str:
    """The development account's connection string for a table service on 127.0.0.1:`port` (Azurite
    itself, or a proxy in front of it)."""
    return dev_connection_string(f"http://127.0.0.1:{port}/{DEV_ACCOUNT}")


class Azurite:
    """One Azurite table service; `with Azurite() as azurite:` or start()/stop()."""

    def __init__(self) -> None:
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._workdir: Path | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/{DEV_ACCOUNT}"

    @property
    def connection_string(self) -> str:
        return dev_connection_string(self.endpoint)

    def start(self) -> Azurite:
        if not AZURITE_TABLE.exists():
            raise RuntimeError(
                f"Azurite is not installed ({AZURITE_TABLE} is missing): run `make test-deps` "
                "(npm ci) before the tests"
            )
        self._workdir = Path(tempfile.mkdtemp(prefix="azurite-"))
        # A port picked here could be taken before Azurite binds it; try again with another.
        for _attempt in range(3):
            self.port = _free_port()
            error_file = self._workdir / "azurite.err"
            with error_file.open("wb") as errors:
                self._process = subprocess.Popen(
                    [
                        str(AZURITE_TABLE),
                        "--tableHost",
                        "127.0.0.1",
                        "--tablePort",
                        str(self.port),
                        "--inMemoryPersistence",
                        "--skipApiVersionCheck",
                        "--loose",
                        "--disableTelemetry",
                        "--silent",
                    ],
                    cwd=self._workdir,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                    # Its own process group, so that stop() ends node and anything it started.
                    start_new_session=True,
                    env=os.environ | {"AZURITE_ACCOUNTS": f"{DEV_ACCOUNT}:{DEV_KEY}"},
                )
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline and self._process.poll() is None:
                if _answers(self.port):
                    return self
                time.sleep(0.1)
            if self._process.poll() is None:
                self.stop()
                raise RuntimeError(f"Azurite did not answer on 127.0.0.1:{self.port} within {START_TIMEOUT}s")
            error = error_file.read_text(errors="replace")
            if "EADDRINUSE" not in error:
                self.stop()
                raise RuntimeError(f"Azurite exited at start: {error.strip()}")
        self.stop()
        raise RuntimeError("Azurite could not find a free port")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def __enter__(self) -> Azurite:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


_shared: list[Azurite] = []


def shared_azurite() -> Azurite:
    """The test process's Azurite, started on first use and stopped at exit."""
    if not _shared:
        azurite = Azurite().start()
        atexit.register(azurite.stop)
        _shared.append(azurite)
    return _shared[0]


@pytest.fixture(scope="session")
def azurite() -> Azurite:
    return shared_azurite()


def table_prefix_for(location: Path) -> str:
    """A table prefix of its own for each test directory: tests share Azurite but not tables."""
    return "t" + hashlib.sha256(str(location).encode()).hexdigest()[:20]


def table_settings(connection_string: str, location: Path) -> dict[str, str]:
    """Settings choosing the Azure Table register at `connection_string` (Azurite, or a proxy in front of
    it), in the tables of `location`, as `register.factory` reads them."""
    return {
        "SOCIALDESK_STORE": "azure-table",
        "SOCIALDESK_TABLE_CONNECTION_STRING": connection_string,
        "SOCIALDESK_TABLE_PREFIX": table_prefix_for(location),
    }


async def open_on_azurite(location: Path) -> AzureTableRegister:
    """The register on the shared Azurite in tables of its own for `location` (the same location
    reaches the same tables again)."""
    return await open_azure_table_register(
        connection_string=shared_azurite().connection_string, table_prefix=table_prefix_for(location)
    )


async def open_register_on_azurite(location: Path) -> Register:
    """`open_on_azurite` typed as the contract fixture's backends are."""
    return await open_on_azurite(location)


async def open_via(port: int, location: Path, wait: float) -> AzureTableRegister:
    """The register of `location` reached through 127.0.0.1:`port` (a proxy in front of the shared
    Azurite), with `wait` seconds to connect and to read, and one retry."""
    return await open_azure_table_register(
        connection_string=connection_string_via(port),
        table_prefix=table_prefix_for(location),
        connect_timeout=wait,
        read_timeout=wait,
        retry_total=1,
    )
