"""A download cut short is a failed fetch, never a page: a body shorter than its
Content-Length, chunks without the last one, gzip data that ends early. Each is a
network failure (exit 5, a dialog in the app) that saves nothing and keeps a copy saved
before. Against the replay server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from threadgist.cli import main
from threadgist.commands import EXIT_NETWORK
from threadgist.thread.web import FetchError, FetchOptions, open_url

from .replayserver import ReplayServer

PTT = "https://www.ptt.cc/bbs/Gossiping/M.1559093660.A.946.html"
PTT_PATH = "/ptt/bbs/Gossiping/M.1559093660.A.946.html"
REDDIT = "https://www.reddit.com/r/redditdev/comments/testpost/"
REDDIT_PATH = "/reddit/comments/testpost.json"


@pytest.fixture()
def page(corpus: Path) -> bytes:
    return (corpus / "ptt/html/Gossiping_M.1559093660.A.946.html").read_bytes()


@pytest.fixture()
def srv(corpus: Path, page: bytes) -> Iterator[ReplayServer]:
    s = ReplayServer()
    s.ptt("Gossiping", "M.1559093660.A.946", page)
    s.reddit("testpost", (corpus / "reddit/go-reddit_testdata_post_post.json").read_bytes())
    yield s
    s.close()


def fetch_fails(srv: ReplayServer, url: str, folder: Path) -> FetchError:
    with pytest.raises(FetchError) as e:
        open_url(url, folder, options=FetchOptions(bases=srv.bases(), timeout=5, deadline=20))
    assert e.value.kind == "cut_short" and e.value.network
    assert not any(folder.iterdir())  # nothing saved from the partial body
    return e.value


def test_six_bytes_of_a_hundred_thousand(srv: ReplayServer, tmp_path: Path) -> None:
    """The probe's case: the old code read the 6 bytes as the page."""
    srv.files[PTT_PATH] = (b"<html>" + b" " * 99_994, "text/html; charset=utf-8")
    srv.cut[PTT_PATH] = ("length", 6)
    e = fetch_fails(srv, PTT, tmp_path)
    assert "the download was cut short (6 of 100,000 bytes)" in str(e)


def test_half_a_page_is_not_a_shorter_thread(srv: ReplayServer, page: bytes, tmp_path: Path) -> None:
    """Half of a real page parses as a thread with fewer comments: the old code saved it."""
    srv.cut[PTT_PATH] = ("length", len(page) // 2)
    e = fetch_fails(srv, PTT, tmp_path)
    assert f"({len(page) // 2:,} of {len(page):,} bytes)" in str(e)


@pytest.mark.parametrize(("url", "path"), [(PTT, PTT_PATH), (REDDIT, REDDIT_PATH)])
def test_chunks_without_the_last_one(srv: ReplayServer, tmp_path: Path, url: str, path: str) -> None:
    srv.cut[path] = ("chunked", 3000)
    e = fetch_fails(srv, url, tmp_path)
    assert "the download was cut short (3,000 bytes came" in str(e)


@pytest.mark.parametrize(("url", "path"), [(PTT, PTT_PATH), (REDDIT, REDDIT_PATH)])
def test_gzip_data_that_ends_early(srv: ReplayServer, tmp_path: Path, url: str, path: str) -> None:
    """The response is whole (its Content-Length is met); the compressed data inside is
    not: zlib's flush() gave what there was without a word."""
    srv.cut[path] = ("gzip", 1000)
    e = fetch_fails(srv, url, tmp_path)
    assert "compressed data that ends early" in str(e)


def test_whole_responses_still_open(srv: ReplayServer, tmp_path: Path) -> None:
    """gzip, chunks and Content-Length, whole: the checks refuse only what is short."""
    srv.gzip = True
    result = open_url(REDDIT, tmp_path, options=FetchOptions(bases=srv.bases()))
    assert result.load.threads and result.received < result.size


# --- the command line ---------------------------------------------------------------------
@pytest.fixture()
def cli_env(srv: ReplayServer, home: Path, monkeypatch: pytest.MonkeyPatch) -> ReplayServer:
    for k, v in srv.env().items():
        monkeypatch.setenv(k, v)
    return srv


@pytest.mark.parametrize("command", [["parse", REDDIT, "--json"], ["summarize", REDDIT, "--dry-run"]])
@pytest.mark.parametrize("how", ["length", "chunked", "gzip"])
def test_cli_exit_5_and_the_saved_copy_kept(
    cli_env: ReplayServer, home: Path, capsys: pytest.CaptureFixture[str], command: list[str], how: str
) -> None:
    assert main(["parse", REDDIT, "--json"]) == 0
    saved = home / "data" / "fetched" / "reddit-testpost.json"
    before = saved.read_bytes()
    capsys.readouterr()
    cli_env.cut[REDDIT_PATH] = (how, 1000)
    code = main(command)
    out, err = capsys.readouterr()
    assert code == EXIT_NETWORK == 5 and out == ""
    assert "cut short" in err or "ends early" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert saved.read_bytes() == before  # the copy saved before is kept
    assert sorted(p.name for p in saved.parent.iterdir()) == [
        "reddit-testpost.json",
        "reddit-testpost.json.source.json",
    ]
