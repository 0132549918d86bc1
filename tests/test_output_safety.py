"""Model and thread text on its way out is inert: no escape sequence reaches a terminal
or a file (`parse`, `summarize`, batch files, cached reruns included), the Markdown holds
no link, image or raw HTML of its own when a real CommonMark renderer reads it, and no
bidirectional control reaches the Markdown, the JSON or the app's digest views."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from threadgist.digest import html as H
from threadgist.digest.assemble import build_digest
from threadgist.digest.markdown import md_line, to_json_text, to_markdown
from threadgist.digest.meta import DigestMeta
from threadgist.digest.model import Digest, Usage
from threadgist.digest.partial import Partial
from threadgist.digest.plaintext import to_ptt_text
from threadgist.textsafe import BIDI_CONTROLS, clean_value, json_escaped, one_line
from threadgist.thread import Comment, Thread

from .clihelpers import add_fake
from .conftest import REPO
from .fakeserver import FakeServer, smart_answer

ESCAPES = "\u001b]0;PWNED\u0007\u001b[2J\u009b1m"
MARKDOWN_ATTACKS = [
    "[a [b]](file:///etc/passwd)",
    "[a\\]b](javascript:alert(1))",
    "[r][1]\n\n[1]: file:///etc/passwd",
    "[x\ny](javascript:alert(2))",
    "![i](http://tracker/p.png)",
    "<img src=x onerror=alert(3)> <script>alert(4)</script> <b>bold</b>",
    "<file:///etc/passwd> <javascript:alert(5)>",
    "[s]: javascript:alert(6)\n\n[s]",
    '<a href="file:///x">a</a>',
    "\\[esc\\](data:text/html,x)",
    "&#91;e&#93;(javascript:alert(7)) &lt;b&gt;",
    "`code [c](file:///c)` **[bold](file:///b)**",
    "\u202etxt.exe \u2066isolate\u2069 \u200fmark",
    ESCAPES,
]
EVIL = "\n".join(MARKDOWN_ATTACKS)
#: what Markdown itself makes of the app's own layout
MARKDOWN_TAGS = {
    "h1",
    "h2",
    "h3",
    "p",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "hr",
    "br",
}


def _thread() -> Thread:
    comments = [
        Comment(i, f"user{i % 3}{MARKDOWN_ATTACKS[i % 3]}", f"comment {i}: {EVIL}") for i in range(1, 9)
    ]
    return Thread(
        "reddit", "reddit-json", "utf-8", "t " + EVIL, "body " + EVIL, comments, board="b" + ESCAPES
    )


def _digest() -> Digest:
    raw = {
        "summary": EVIL,
        "viewpoints": [
            {
                "title": attack,
                "statement": EVIL,
                "floors": [i + 1],
                "quotes": [
                    {"floor": i + 1, "text": f"comment {i + 1}: " + EVIL[:40]},
                    {"floor": 1, "text": attack},
                ],
            }
            for i, attack in enumerate(MARKDOWN_ATTACKS[:4])
        ],
        "off_topic": [
            {"title": attack, "description": EVIL, "floors": [5]} for attack in MARKDOWN_ATTACKS[4:]
        ],
    }
    meta = DigestMeta(lang="en", endpoint="e" + EVIL, model="m\u202e" + ESCAPES)
    return build_digest(_thread(), Partial.from_json(raw), usage=Usage(), meta=meta, warnings=[EVIL])


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _render(markdown: str) -> tuple[_Tree, list[Token]]:
    """The Markdown read by a CommonMark renderer, link validation off (every link the
    text makes shows up, whatever its scheme)."""
    parser = MarkdownIt("commonmark")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    tokens = parser.parse(markdown)
    tree = _Tree()
    tree.feed(parser.renderer.render(tokens, parser.options, {}))
    flat: list[Token] = []
    for token in tokens:
        flat += [token, *(token.children or [])]
    return tree, flat


def _controls(text: str) -> list[str]:
    return [
        char
        for char in text
        if (char < " " and char not in "\n\t") or "\x7f" <= char < "\xa0" or char in BIDI_CONTROLS
    ]


def test_markdown_makes_no_link_image_or_html_of_model_text() -> None:
    out = to_markdown(_digest())
    tree, tokens = _render(out)
    hrefs = [attrs.get("href") or "" for tag, attrs in tree.tags if tag == "a"]
    assert all(href.startswith(("http://", "https://")) for href in hrefs), hrefs
    assert not hrefs  # the app writes no link in a digest's Markdown
    assert not [tag for tag, _ in tree.tags if tag == "img"]
    assert not [t.type for t in tokens if t.type in ("html_inline", "html_block", "image", "link_open")]
    assert {tag for tag, _ in tree.tags} <= MARKDOWN_TAGS
    assert not _controls(out)
    # and it still reads as written
    assert "[a [b]](file:///etc/passwd)" in "".join(tree.text)
    assert "<script>alert(4)</script>" in "".join(tree.text)


@pytest.mark.parametrize("text", MARKDOWN_ATTACKS)
def test_markdown_escaping_keeps_the_text(text: str) -> None:
    """What a Markdown viewer shows is the text itself (its controls dropped)."""
    tree, tokens = _render(md_line(text))
    assert not [t for t in tokens if t.type in ("html_inline", "html_block", "image", "link_open")]
    expected = " ".join("".join(c for c in text if not _controls(c)).split())
    assert " ".join("".join(tree.text).split()) == expected


def test_json_export_and_views_hold_no_control_or_bidi_control() -> None:
    digest = _digest()
    text = to_json_text(digest)
    assert not _controls(text) and "\u2028" not in text
    doc = json.loads(text)
    assert not _controls(json.dumps(doc, ensure_ascii=False))  # nor do its strings
    assert doc["summary"].startswith("[a [b]](file:///etc/passwd)")
    for html in (
        H.full_html(digest),
        H.summary_html(digest),
        H.viewpoints_html(digest),
        H.off_topic_html(digest),
    ):
        assert not _controls(html)
    assert not _controls(to_ptt_text(digest))


def test_text_helpers() -> None:
    assert one_line("a\nb\rc\x1b[2J\td\u202e\x9b") == "a b c?[2J\td?"
    assert clean_value("a\r\nb\x1b[2J\tc\u202e\x9b") == "a\nb[2J\tc"
    assert (
        json.loads(json_escaped(json.dumps("\x9b\u202e\u2028x", ensure_ascii=False))) == "\x9b\u202e\u2028x"
    )
    assert "\x9b" not in json_escaped(json.dumps("\x9b", ensure_ascii=False))


def test_digest_view_shows_no_bidi_control(qtbot: Any) -> None:
    from threadgist.gui.digest_view import DigestView

    view = DigestView()
    qtbot.addWidget(view)
    view.show_digest(_digest())
    shown_text = [
        view.status.text(),
        *(b.toPlainText() for b in (view.summary, view.viewpoints, view.off_topic)),
    ]
    assert shown_text[1] and not [c for text in shown_text for c in _controls(text)]


# ---- the command line, run as a real process --------------------------------------------
def _cli(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "THREADGIST_HOME": str(home), "PYTHONPATH": str(REPO / "desktop")}
    return subprocess.run(
        [sys.executable, "-m", "threadgist", *argv],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def _reddit_file(path: Path) -> Path:
    post = {"title": "t " + ESCAPES, "selftext": "b\r\n" + ESCAPES, "author": "a" + ESCAPES, "created_utc": 1}
    comment = {
        "author": "c" + ESCAPES,
        "body": "x " + ESCAPES + "\u202eevil",
        "created_utc": 1,
        "name": "t1_a",
    }
    doc = [
        {
            "kind": "Listing",
            "data": {"children": [{"kind": "t3", "data": {**post, "subreddit": "s" + ESCAPES}}]},
        },
        {"kind": "Listing", "data": {"children": [{"kind": "t1", "data": comment}]}},
    ]
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _live(text: str) -> list[str]:
    """Raw characters a terminal acts on."""
    return _controls(text)


def test_parse_prints_no_escape_sequence(home: Path, tmp_path: Path) -> None:
    path = _reddit_file(tmp_path / "r.json")
    p = _cli(home, "parse", str(path))
    assert p.returncode == 0, p.stderr
    assert not _live(p.stdout) and "PWNED" in p.stdout
    p = _cli(home, "parse", str(path), "--json")
    assert p.returncode == 0 and not _live(p.stdout)
    thread = json.loads(p.stdout)["threads"][0]
    assert thread["title"] == "t " + ESCAPES  # the data itself, for a JSON reader


def test_summarize_prints_and_caches_no_escape_sequence(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer, tmp_path: Path
) -> None:
    def answer(messages: list[dict[str, str]]) -> dict[str, Any]:
        doc = smart_answer(messages)
        doc["summary"] = ESCAPES + "\u202e" + doc["summary"]
        for group in doc["viewpoints"] + doc["off_topic"]:
            group["title"] = ESCAPES + group["title"]
        return doc

    fake.answer = answer
    add_fake(capsys, fake)
    path = _reddit_file(tmp_path / "r.json")
    for _ in range(2):  # the second from the cache, no request
        p = _cli(home, "summarize", str(path))
        assert p.returncode == 0, p.stderr
        assert not _live(p.stdout) and not _live(p.stderr) and "PWNED" in p.stdout
    assert len(fake.chat_requests) == 1
    p = _cli(home, "summarize", str(path), "--format", "json")
    assert p.returncode == 0 and not _live(p.stdout)
    assert "PWNED" in json.loads(p.stdout)["summary"]
    out = tmp_path / "out"
    p = _cli(home, "batch", str(path), "--out", str(out), "--yes")  # from the cache
    assert p.returncode == 0, p.stderr
    written = [f for f in out.iterdir() if f.suffix in (".md", ".json")]
    assert len(written) == 2 and not _live(p.stdout)
    for f in written:
        assert not _live(f.read_text(encoding="utf-8")), f.name
