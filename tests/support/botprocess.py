"""`socialdesk serve --local` as a child process on 127.0.0.1, for tests that need whole bot processes.

The child gets only the environment the test gives it (plus PATH and PYTHONPATH), and runs in the
test's own directory, so neither the developer's shell nor a `.env` file in the repository leaks in.
Its output goes to a log file that failures quote. `stop()` sends SIGTERM (aiohttp's graceful
shutdown, which closes the register) and kills the process group if that takes too long.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def child_environment(values: Mapping[str, str]) -> dict[str, str]:
    """`values` plus what any child needs to find Python and this repository; nothing else."""
    return {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **values}


def socialdesk_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "socialdesk_cli", *args]


def without_root_privileges() -> list[str]:
    """A command prefix under which file permissions apply to the child even when the tests run as
    root (as CI does): root ignores them through two capabilities, dropped here before the exec."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


class BotProcess:
    """One `socialdesk serve --local` process; `with BotProcess(env, workdir) as bot:` or start()/stop()."""

    def __init__(
        self, values: Mapping[str, str], workdir: Path, name: str = "bot", prefix: Sequence[str] = ()
    ) -> None:
        self._env = child_environment(values)
        self._prefix = list(prefix)  # e.g. `without_root_privileges()`: run the bot through it
        self._workdir = workdir
        self.log_path = workdir / f"{name}.log"
        self.port = 0
        self.returncode: int | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self, last: int | None = 4000) -> str:
        """The process's output so far: its last `last` characters, or all of it."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return text if last is None else text[-last:]

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def start(self) -> BotProcess:
        # A port picked here could be taken before the child binds it; try again with another.
        for _attempt in range(3):
            self.port = free_port()
            with self.log_path.open("ab") as log:
                self._process = subprocess.Popen(
                    self._prefix
                    + socialdesk_command("serve", "--local", "--host", "127.0.0.1", "--port", str(self.port)),
                    cwd=self._workdir,
                    env=self._env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline and self._process.poll() is None:
                if self._healthy():
                    return self
                time.sleep(0.1)
            if self._process.poll() is None:
                self.stop()
                raise RuntimeError(f"the bot did not answer within {START_TIMEOUT}s:\n{self.log()}")
            if "cannot listen" not in self.log():
                self.returncode = self._process.returncode
                self._process = None
                raise RuntimeError(f"the bot exited at start ({self.returncode}):\n{self.log()}")
        raise RuntimeError("the bot could not find a free port")

    def stop(self) -> int | None:
        """Stop the process (gracefully first); its exit status, or None if it was not running."""
        process, self._process = self._process, None
        if process is None:
            return self.returncode
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.returncode = process.returncode
        return self.returncode

    def __enter__(self) -> BotProcess:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
