"""The built-in local engine: llama.cpp's server in a helper process on 127.0.0.1.

Started on first use, stopped on :meth:`LocalEngine.stop` (the app quitting) or after an
idle time, restarted when it died. The helper watches its standard input, so it also exits
when the app is killed. To the rest of the app it is an OpenAI-compatible base URL.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from ..messages import msg
from .builtin import BUILTIN_NAME, available
from .errors import EndpointError, ErrorKind
from .gguf import looks_like_gguf

ALIAS = "local"
log = logging.getLogger("threadgist.engine")
START_TIMEOUT = 180.0
#: lines of the engine's stderr kept to be logged when it dies (all go to the debug log)
STDERR_TAIL = 40


@dataclass
class EngineConfig:
    model: Path
    ctx: int = 8192
    threads: int = max(1, os.cpu_count() or 1)
    parallel: int = 1
    idle_timeout: float = 900.0


class LocalEngine:
    def __init__(self, config: EngineConfig):
        self.config = config
        self._proc: subprocess.Popen[str] | None = None
        self._url: str | None = None
        self._lock = threading.Lock()
        self._last_use = time.monotonic()
        self._in_flight = 0  # requests running now: the engine is not idle while any is
        self._watchdog: threading.Thread | None = None
        self._stopping = threading.Event()
        self.load_seconds: float | None = None
        self._stderr_tail: deque[str] = deque(maxlen=STDERR_TAIL)

    # ---- lifecycle ------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def base_url(self) -> str:
        """The engine's OpenAI base URL, starting (or restarting) it when needed. Blocks
        while the model loads: call it off the GUI thread."""
        with self._lock:
            if not self.alive():
                if self._proc is not None:  # it was running and died: say what it said last
                    log.warning(
                        "built-in engine (pid %s) exited with %s; its last words:\n%s",
                        self._proc.pid,
                        self._proc.returncode,
                        "\n".join(self._stderr_tail) or "(nothing)",
                    )
                self._start()
            self._last_use = time.monotonic()  # after loading: idle time starts now
            assert self._url is not None
            return self._url + "/v1"

    def begin(self) -> None:
        """A request starts: the engine stays up until it ends (client activity hook)."""
        with self._lock:
            self._in_flight += 1
            self._last_use = time.monotonic()

    def end(self) -> None:
        """A request ended: idle time counts from now."""
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
            self._last_use = time.monotonic()

    def idle_for(self) -> float:
        """Seconds since the last request ended (0 while one is running)."""
        with self._lock:
            return 0.0 if self._in_flight else time.monotonic() - self._last_use

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
            proc, self._proc, self._url = self._proc, None, None
        if proc is None:
            return
        log.info("built-in engine stopping: pid %s", proc.pid)
        try:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=5)
        except (subprocess.TimeoutExpired, OSError):
            proc.kill()
            proc.wait(timeout=5)

    def _start(self) -> None:
        model = self.config.model
        if not model.is_file():
            raise EndpointError(
                ErrorKind.CONFIG, msg("the model file {path} does not exist", path=str(model))
            )
        if not looks_like_gguf(model):
            raise EndpointError(ErrorKind.CONFIG, msg("{file} is not a GGUF model file", file=model.name))
        self._stopping.clear()
        started = time.monotonic()
        proc = subprocess.Popen(
            [
                *helper_command(),
                "--model",
                str(model),
                "--ctx",
                str(self.config.ctx),
                "--threads",
                str(self.config.threads),
                "--parallel",
                str(self.config.parallel),
                "--alias",
                ALIAS,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
        self._stderr_tail = _drain_stderr(proc)
        line = _read_line(proc, START_TIMEOUT)
        if not line.startswith("URL "):
            proc.kill()
            proc.wait()
            raise _not_loaded(model, line)
        self._proc = proc
        self._url = line.split()[1]
        self.load_seconds = time.monotonic() - started
        log.info(
            "built-in engine started: pid %s, model %s, ctx %d, %d thread(s), %.1f s",
            proc.pid,
            model.name,
            self.config.ctx,
            self.config.threads,
            self.load_seconds,
        )
        if self._watchdog is None or not self._watchdog.is_alive():
            self._watchdog = threading.Thread(target=self._idle_watch, daemon=True)
            self._watchdog.start()

    def _idle_watch(self) -> None:
        while not self._stopping.wait(min(5.0, self.config.idle_timeout / 2)):
            if self.alive() and self.idle_for() > self.config.idle_timeout:
                self.stop()
                return


def helper_command() -> list[str]:
    """How to start the helper: the module from Python, or the frozen app itself."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--engine-server"]
    return [sys.executable, "-m", "threadgist.llm.engine_server"]


def _drain_stderr(proc: subprocess.Popen[str]) -> deque[str]:
    """Read the engine's stderr in a thread: every line to the debug log, the last ones
    kept for a warning when it dies (an unread pipe would also block it once full)."""
    tail: deque[str] = deque(maxlen=STDERR_TAIL)
    stream = proc.stderr

    def pump() -> None:
        if stream is None:
            return
        for line in stream:
            text = line.rstrip()
            tail.append(text)
            log.debug("engine: %s", text)

    threading.Thread(target=pump, daemon=True, name="engine-stderr").start()
    return tail


def _read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """The helper's first line, or "" when it exits or says nothing in time."""
    box: list[str] = []
    reader = threading.Thread(
        target=lambda: box.append(proc.stdout.readline() if proc.stdout else ""), daemon=True
    )
    reader.start()
    reader.join(timeout)
    if not box:
        raise EndpointError(ErrorKind.UNREACHABLE, msg("the built-in engine did not start in time"))
    return box[0].strip()


__all__ = ["ALIAS", "BUILTIN_NAME", "EngineConfig", "LocalEngine", "available"]


def _not_loaded(model: Path, line: str) -> EndpointError:
    """The engine's first line was not its address: why the model could not be loaded."""
    reason = (
        line[6:]
        if line.startswith("ERROR ")
        else (msg("the engine stopped while loading it") if line == "" else line)
    )
    return EndpointError(
        ErrorKind.CONFIG,
        msg(
            "the model {file} could not be loaded: {reason} (the file may be damaged, or "
            "too big for this computer's memory)",
            file=model.name,
            reason=reason,
        ),
    )
