"""Messages: the core's words as a template and its parameters (threadgist/messages.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from threadgist.digest.meta import DigestMeta
from threadgist.digest.model import Digest, Usage, Verification
from threadgist.llm.errors import EndpointError, ErrorKind
from threadgist.messages import Message, msg

from .conftest import REPO

ZH = {
    "“{name}” refused the request ({status}): {server}": "「{name}」拒絕了請求（{status}）：{server}",
    "part {part} of {parts}: {span}": "第 {part}/{parts} 段：{span}",
    "floors {first}–{last}": "第 {first}–{last} 樓",
    "{count:,} comments": "{count:,} 則留言",
    "broken {name}": "壞掉的 {nmae}",  # a translation that names another parameter
}


def zh(template: str) -> str:
    return ZH.get(template, template)


def test_english_by_str_translated_by_the_gui_parameters_as_they_are() -> None:
    m = msg(
        "“{name}” refused the request ({status}): {server}",
        name="fake",
        status="400",
        server="the {moon} is full",
    )  # the server's words are data, braces and all
    assert str(m) == "“fake” refused the request (400): the {moon} is full"
    assert m.render(zh) == "「fake」拒絕了請求（400）：the {moon} is full"
    nested = msg(
        "part {part} of {parts}: {span}",
        part=2,
        parts=5,
        span=msg("floors {first}–{last}", first=241, last=480),
    )
    assert str(nested) == "part 2 of 5: floors 241–480"
    assert nested.render(zh) == "第 2/5 段：第 241–480 樓"
    assert msg("{count:,} comments", count=12345).render(zh) == "12,345 則留言"
    # a translation that does not fit its template falls back to English, never fails
    assert msg("broken {name}", name="x").render(zh) == "broken x"


def test_json_round_trip_and_equality() -> None:
    m = msg(
        "part {part} of {parts}: {span}", part=2, parts=5, span=msg("floors {first}–{last}", first=1, last=9)
    )
    assert Message.from_json(m.to_json()) == m and hash(m) == hash(Message.from_json(m.to_json()))
    assert Message.from_json({"template": "x", "params": {"a": [1]}}) is None
    assert Message.from_json("plain") is None


def test_a_digest_keeps_its_warnings_as_messages() -> None:
    warning = msg("comment {floor} is longer than one call can hold and will be shortened", floor=6)
    d = Digest("s", [], [], {}, {}, Verification(), Usage(), DigestMeta(), warnings=[warning, "a plain note"])
    doc = d.to_json()
    assert doc["warnings"] == [str(warning), "a plain note"]  # the JSON's readers see text
    assert Digest.from_json(doc).warnings == [warning, "a plain note"]
    del doc["warning_messages"]  # a digest cached before messages: its English text
    assert Digest.from_json(doc).warnings == [str(warning), "a plain note"]


def test_error_kinds_keep_their_strings() -> None:
    e = EndpointError(
        ErrorKind.RATE_LIMIT, msg("“{name}” is rate-limiting requests: wait a moment and retry", name="x")
    )
    assert e.kind == "rate_limit" and f"{e.kind}" == "rate_limit"
    assert e.message == str(e) == "“x” is rate-limiting requests: wait a moment and retry"
    assert {k.value for k in ErrorKind} >= {"auth", "quota", "context_exceeded", "internal"}


def test_the_template_lister_refuses_what_it_cannot_list(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "tools"))
    import core_texts

    root = tmp_path
    (root / "ok.py").write_text('x = msg("part {part} of {parts}", part=1, parts=2)\n')
    assert core_texts.templates(root) == [("part {part} of {parts}", "ok.py:1")]
    for bad in (
        'msg(f"part {n}")',
        'msg("part {part}")',
        'msg("part", part=1)',
        'msg("part {a.b}", a=1)',
        "msg(TEMPLATE, part=1)",
    ):
        (root / "ok.py").write_text(f"x = {bad}\n")
        with pytest.raises(core_texts.TemplateError):
            core_texts.templates(root)


def test_a_removed_citation_keeps_its_reason_as_a_message() -> None:
    from threadgist.digest.model import Removed

    reason = msg("the text is not in comment #{floor}", floor=12)
    r = Removed("quote", "a viewpoint", 12, "words", reason)
    doc = r.to_json()
    assert doc["reason"] == "the text is not in comment #12"  # the JSON's readers see text
    assert Removed.from_json(doc) == r
    del doc["reason_message"]  # a digest cached before messages: its English text
    assert Removed.from_json(doc).reason == "the text is not in comment #12"
    d = Digest("s", [], [], {}, {}, Verification(removed=[r]), Usage(), DigestMeta())
    assert Digest.from_json(d.to_json()).verification.removed == [r]


def test_fetch_errors_are_messages_with_their_kinds() -> None:
    from threadgist.thread.web.http import status_error

    e = status_error(429, label="https://www.reddit.com/comments/x/", site="Reddit", retry_after="30")
    assert (e.kind, e.status, e.network) == ("blocked", 429, True)
    assert isinstance(e.reason, Message) and e.reason.args["site"] == "Reddit"
    assert str(e).startswith(
        "https://www.reddit.com/comments/x/: Reddit is limiting requests "
        "(HTTP 429): try again in 30 s, or open the thread in a browser"
    )
    assert str(e).endswith("(add .json to the thread's address first)")
