"""The model catalog: the shipped data, fitting models to a computer, and downloading a
(real, tiny) GGUF model in parts from a local HTTP server."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from threadgist.llm.catalog import GB, CatalogModel, ModelFile, download_model, installed_path, load_catalog
from threadgist.llm.catalog_fit import Speed, assess, recommend, scaled
from threadgist.llm.download import DownloadCancelled, DownloadError
from threadgist.llm.gguf import gguf_info
from threadgist.llm.hardware import Machine, _meminfo, this_machine

from .conftest import SHARED
from .fileserver import FileServer

TINY = SHARED / "models" / "llama-2-tiny-random.gguf"


def test_the_shipped_catalog() -> None:
    models = load_catalog()
    assert len(models) >= 6 and len({m.id for m in models}) == len(models)
    for m in models:
        assert all(f.url.startswith("https://huggingface.co/" + m.repo + "/resolve/") for f in m.files), m.id
        # every size and checksum as its publisher lists it: a mismatch deletes the file
        assert all(f.bytes > 100_000_000 and f.sha256 and len(f.sha256) == 64 for f in m.files)
        assert m.main_file.endswith(".gguf") and m.ram_needed() > m.size
    assert any(m.chinese == "good" for m in models)  # a Traditional Chinese model
    assert any(len(m.files) > 1 for m in models)  # a split model: downloaded whole
    assert any(not m.commercial_use for m in models)  # its licence is said


def test_a_malformed_catalog_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "c.json"
    for doc in ({}, {"models": [1]}, {"models": [{"id": "x"}]}):
        bad.write_text(json.dumps(doc))
        with pytest.raises(ValueError):
            load_catalog(bad)
    bad.write_text("{")
    with pytest.raises(ValueError, match="cannot be read"):
        load_catalog(bad)


def _machine(gb: float) -> Machine:
    return Machine(int(gb * 2 * GB), int(gb * GB), 2)


def test_fit_and_recommendation_follow_memory_and_language() -> None:
    models = load_catalog()
    small = [assess(m, _machine(3)) for m in models]
    assert {f.model.id for f in small if f.fits} >= {"qwen2.5-1.5b-instruct-q4_k_m"}
    assert not any(f.fits for f in small if f.model.params_billion > 7)
    assert all("GB" in str(f.reason) for f in small if not f.fits)
    pick = recommend(small, chinese=True)
    assert pick is not None and pick.model.chinese in ("good", "fair")
    big = [assess(m, _machine(16)) for m in models]
    zh = recommend(big, chinese=True)
    assert zh is not None and zh.model.chinese == "good"  # Breeze for PTT
    en = recommend(big, chinese=False)
    assert en is not None and en.model.params_billion >= 7
    assert recommend([assess(m, _machine(0.5)) for m in models], chinese=True) is None


def test_minutes_grow_with_the_model_and_rule_out_slow_ones() -> None:
    models = {m.id: m for m in load_catalog()}
    ref = Speed(prefill=184.0, generate=47.5, params_billion=0.135)  # SmolLM2, measured
    a = assess(
        models["qwen2.5-1.5b-instruct-q4_k_m"], _machine(16), prompt_tokens=8000, answer_tokens=1000, ref=ref
    )
    b = assess(
        models["qwen2.5-7b-instruct-q4_k_m"], _machine(16), prompt_tokens=8000, answer_tokens=1000, ref=ref
    )
    assert a.minutes is not None and b.minutes is not None and b.minutes > 3 * a.minutes
    # the 1.5B figure from SmolLM2's speed lands near what the 1.5B itself measured here
    q = scaled(ref, 1.54)
    assert 35 < q.prefill < 60 and 8 < q.generate < 15
    assert recommend([a, b], chinese=True, max_minutes=a.minutes + 0.1) == a


def test_meminfo_and_this_machine(tmp_path: Path) -> None:
    f = tmp_path / "meminfo"
    f.write_text("MemTotal:       16000000 kB\nMemFree: 1 kB\nMemAvailable:    8000000 kB\n")
    assert _meminfo(str(f)) == (16000000 * 1024, 8000000 * 1024)
    assert _meminfo(str(tmp_path / "none")) == (0, None)
    m = this_machine()
    assert m.ram_total > GB and m.cores >= 1 and 0 < m.ram_usable <= m.ram_total


# ---- downloading, from a local server -------------------------------------------------
@pytest.fixture()
def parts() -> Iterator[tuple[bytes, bytes, FileServer, FileServer]]:
    if not TINY.is_file():
        pytest.skip(f"the tiny GGUF model is not at {TINY}")
    data = TINY.read_bytes()
    one, two = data[: len(data) // 2], b"GGUF" + data[len(data) // 2 :]
    s1, s2 = FileServer(one, name="m-00001-of-00002.gguf"), FileServer(two, name="m-00002.gguf")
    yield one, two, s1, s2
    s1.close()
    s2.close()


def _entry(urls: list[tuple[str, bytes]]) -> CatalogModel:
    files = tuple(
        ModelFile(f"m-0000{i + 1}-of-0000{len(urls)}.gguf", u, len(b), hashlib.sha256(b).hexdigest())
        for i, (u, b) in enumerate(urls)
    )
    return CatalogModel(
        "t", "Tiny", "test", "test/tiny", 0.01, "Q4_K_M", 2048, "MIT", True, "none", "en", "tests", files
    )


def test_a_catalog_model_downloads_whole_and_loads(tmp_path: Path) -> None:
    if not TINY.is_file():
        pytest.skip(f"the tiny GGUF model is not at {TINY}")
    data = TINY.read_bytes()
    srv = FileServer(data, gap=0.0)
    try:
        m = _entry([(srv.url, data)])
        seen: list[tuple[int, int]] = []
        path = download_model(m, tmp_path, progress=lambda a, b: seen.append((a, b)))
        assert path == tmp_path / m.main_file and path.read_bytes() == data
        assert seen[-1] == (len(data), len(data)) and [a for a, _ in seen] == sorted(a for a, _ in seen)
        assert gguf_info(path)["architecture"] == "llama"  # a real GGUF, readable
        assert installed_path(m, tmp_path) == path
        download_model(m, tmp_path)  # present already: nothing fetched again
        assert len(srv.ranges) == 1
    finally:
        srv.close()


def test_a_split_model_gets_every_part_checked(
    tmp_path: Path, parts: tuple[bytes, bytes, FileServer, FileServer]
) -> None:
    one, two, s1, s2 = parts
    m = _entry([(s1.url, one), (s2.url, two)])
    seen: list[tuple[int, int]] = []
    path = download_model(m, tmp_path, progress=lambda a, b: seen.append((a, b)))
    assert path.name == "m-00001-of-00002.gguf"
    assert (tmp_path / "m-00002-of-00002.gguf").read_bytes() == two
    assert seen[-1] == (len(one) + len(two),) * 2 and all(b == m.size for _, b in seen)
    # a part that does not match its published checksum is deleted, not kept
    wrong = replace(m, files=(m.files[0], replace(m.files[1], sha256="0" * 64)))
    (tmp_path / "m-00002-of-00002.gguf").unlink()
    with pytest.raises(DownloadError, match="checksum"):
        download_model(wrong, tmp_path)
    assert not (tmp_path / "m-00002-of-00002.gguf").exists()
    assert installed_path(wrong, tmp_path) is None


def test_cancel_then_resume(tmp_path: Path, parts: tuple[bytes, bytes, FileServer, FileServer]) -> None:
    one, two, s1, s2 = parts
    s1.gap = 0.05
    m = _entry([(s1.url, one), (s2.url, two)])
    cancel = threading.Event()

    def stop_soon(done: int, total: int) -> None:
        if done > 100_000:
            cancel.set()

    with pytest.raises(DownloadCancelled):
        download_model(m, tmp_path, progress=stop_soon, cancel=cancel, block=16384)
    partial = tmp_path / "m-00001-of-00002.gguf.part"
    assert 0 < partial.stat().st_size < len(one)
    s1.gap = 0.0
    path = download_model(m, tmp_path)
    assert path.read_bytes() == one and s1.ranges[-1] is not None  # resumed with a Range


# ---- the command line -------------------------------------------------------------------
def test_models_list_and_get_from_the_command_line(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from threadgist.cli import main
    from threadgist.llm.profile_store import ProfileStore

    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "CPU cores" in out and "★" in out and "not for commercial use" in out
    if not TINY.is_file():
        pytest.skip(f"the tiny GGUF model is not at {TINY}")
    data = TINY.read_bytes()
    srv = FileServer(data)
    try:
        catalog = tmp_path / "catalog.json"
        catalog.write_text(
            json.dumps(
                {
                    "models": [
                        {
                            "id": "tiny",
                            "name": "Tiny",
                            "publisher": "test",
                            "repo": "test/tiny",
                            "params_billion": 0.01,
                            "quant": "Q4_K_M",
                            "context": 2048,
                            "licence": "MIT",
                            "commercial_use": True,
                            "chinese": "none",
                            "languages": "en",
                            "good_for": "tests",
                            "files": [
                                {
                                    "file": "tiny.gguf",
                                    "url": srv.url,
                                    "bytes": len(data),
                                    "sha256": hashlib.sha256(data).hexdigest(),
                                }
                            ],
                        }
                    ]
                }
            )
        )
        monkeypatch.setenv("THREADGIST_CATALOG", str(catalog))
        assert main(["models", "get", "nope"]) == 2
        assert main(["models", "get", "tiny", "--default"]) == 0
        profile = ProfileStore().get()
        assert profile is not None and profile.name == "Built-in: Tiny"
        assert Path(profile.model).read_bytes() == data
        capsys.readouterr()
        main(["models", "list"])
        assert "downloaded" in capsys.readouterr().out
    finally:
        srv.close()


@pytest.mark.llamacpp
def test_this_computers_speed_is_measured_with_the_bundled_model(home: Path, tiny_model: Path) -> None:
    """A real engine run: the figure the catalog's minutes scale from. The measurement is
    the same request on any model; the random-weights one makes it take a second."""
    from threadgist.llm.capabilities import Capabilities
    from threadgist.llm.speedtest import measure, remember, remembered

    speed = measure(tiny_model, threads=2)
    assert speed.prefill > 10 and speed.generate > 2 and speed.params_billion == 0.135
    caps = Capabilities(home / "caps.json")
    assert remembered(caps) is None
    remember(caps, speed)
    again = remembered(Capabilities(home / "caps.json"))
    assert again is not None and abs(again.prefill - speed.prefill) < 0.01


def test_a_speed_taken_on_a_busy_computer_is_marked_and_never_replaces_a_calm_one(home: Path) -> None:
    """The first-run ★ moved to a smaller model after a measurement on a loaded machine:
    such a figure is kept with how busy the computer was, and a calm figure wins."""
    from threadgist.llm.capabilities import Capabilities
    from threadgist.llm.speedtest import load_per_core, remember, remembered

    assert load_per_core() >= 0.0
    caps = Capabilities(home / "caps.json")
    calm, busy = Speed(184.0, 47.5, 0.135, busy=0.1), Speed(60.0, 12.0, 0.135, busy=1.8)
    assert not calm.taken_busy and busy.taken_busy
    assert remember(caps, calm) == calm
    assert remember(caps, busy) == calm  # kept: the busy figure only says how slow it was then
    assert remembered(Capabilities(home / "caps.json")) == calm
    fresh = Capabilities(home / "other.json")
    assert remember(fresh, busy) == busy  # nothing better known: kept, and marked
    again = remembered(Capabilities(home / "other.json"))
    assert again is not None and again.taken_busy
    assert remember(fresh, calm) == calm  # a calm figure replaces a busy one
    # a figure remembered before busy was kept reads as calm
    old = Capabilities(home / "old.json")
    old.update("machine|speed", prefill=184.0, generate=47.5, params=0.135)
    known = remembered(old)
    assert known is not None and not known.taken_busy
