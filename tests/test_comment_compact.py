"""The thread model's Comment kept small (issue 23: opening 64 MB of copied text in the app
took 10.1× the file, most of it a million comments): a dotted IPv4 address is kept as the
int it spells, parent/depth/deleted only where a comment has them. Every field reads as
before, equality, hashing and repr are those of the dataclass it was, and ``parse --json``
writes the same bytes."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import io
import pickle
import random
import tracemalloc
from dataclasses import FrozenInstanceError, dataclass
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadgist.thread import comment as comment_module
from threadgist.thread import json_out, load_path
from threadgist.thread.comment import TreeComment, pack_ip, unpack_ip
from threadgist.thread.model import ARROW, PUSH, Comment, Thread
from threadgist.thread.timeinfer import TAIPEI

from .test_memory import _make, _threads

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=TAIPEI)


@dataclass(frozen=True, slots=True)
class OldComment:
    """The Comment as it was (a frozen dataclass of nine fields)."""

    floor: int
    author: str
    text: str
    tag: str | None = None
    time: datetime | None = None
    ip: str | None = None
    parent: int | None = None
    depth: int = 0
    deleted: bool = False


def _fields(c: Comment | OldComment) -> tuple[object, ...]:
    return (c.floor, c.author, c.text, c.tag, c.time, c.ip, c.parent, c.depth, c.deleted)


CASES = [
    (1, "a", "t"),
    (12, "a", "t", PUSH, WHEN, "1.2.3.4"),
    (3, "", "", ARROW, None, "stego"),
    (4, "a", "t", None, WHEN, None, 2, 1),
    (5, "[deleted]", "", None, None, None, None, 0, True),
    (6, "a", "t", None, None, "01.2.3.4", None, 3),
    (7, "a", "t", PUSH, WHEN, "255.255.255.255", 0),
]


@pytest.mark.parametrize("args", CASES)
def test_fields_equality_hash_and_repr_are_the_dataclasses(args: tuple[object, ...]) -> None:
    new, old = Comment(*args), OldComment(*args)  # type: ignore[arg-type]
    assert _fields(new) == _fields(old)
    assert hash(new) == hash(old)
    assert repr(new) == repr(old).replace("OldComment(", "Comment(")
    assert new == Comment(*args) and new != Comment(99, "z", "z")  # type: ignore[arg-type]
    names = ("floor", "author", "text", "tag", "time", "ip", "parent", "depth", "deleted")
    keyed = Comment(**dict(zip(names, args, strict=False)))  # type: ignore[arg-type]
    assert keyed == new and type(keyed) is type(new)
    for again in (pickle.loads(pickle.dumps(new)), copy.copy(new), copy.deepcopy(new)):
        assert again == new and _fields(again) == _fields(old)


def test_only_comments_in_a_tree_carry_tree_fields() -> None:
    assert type(Comment(1, "a", "t", PUSH, WHEN, "1.2.3.4")) is Comment
    assert type(Comment(1, "a", "t", parent=None, depth=0, deleted=False)) is Comment
    assert type(Comment(2, "a", "t", parent=1)) is TreeComment
    assert type(Comment(2, "a", "t", depth=1)) is TreeComment
    assert type(Comment(2, "a", "t", deleted=True)) is TreeComment
    # the same fields, whichever class holds them: equal
    assert TreeComment(1, "a", "t") == Comment(1, "a", "t")


def test_comments_stay_immutable() -> None:
    for c in (Comment(1, "a", "t", ip="1.2.3.4"), Comment(2, "a", "t", parent=1)):
        for name in ("floor", "text", "ip", "parent", "_ip"):
            with pytest.raises(AttributeError):
                setattr(c, name, 3)
        with pytest.raises(AttributeError):
            del c.floor
    # the dataclass raised FrozenInstanceError: both are AttributeErrors
    assert issubclass(FrozenInstanceError, AttributeError)


def test_dataclass_helpers_work_as_before() -> None:
    """``dataclasses.replace``, ``fields`` and ``asdict``: tests and callers use them."""
    c = Comment(4, "a", "t", ARROW, WHEN, "9.8.7.6", 2, 1, True)
    old = OldComment(4, "a", "t", ARROW, WHEN, "9.8.7.6", 2, 1, True)
    assert _fields(dataclasses.replace(c, text="u")) == _fields(dataclasses.replace(old, text="u"))
    flat = dataclasses.replace(Comment(5, "a", "t", ip="1.2.3.4"), ip="5.6.7.8", floor=6)
    assert _fields(flat) == (6, "a", "t", None, None, "5.6.7.8", None, 0, False)
    assert [f.name for f in dataclasses.fields(c)] == [f.name for f in dataclasses.fields(old)]
    assert dataclasses.asdict(c) == dataclasses.asdict(old) and dataclasses.is_dataclass(c)


IPISH = st.lists(st.integers(0, 999).map(str), min_size=1, max_size=6).map(".".join)


@given(st.one_of(st.ip_addresses(v=4).map(str), IPISH, st.text(max_size=40), st.none()))
def test_any_ip_text_reads_back_as_given(ip: str | None) -> None:
    assert Comment(1, "a", "t", ip=ip).ip == ip
    assert unpack_ip(pack_ip(ip)) == ip


@pytest.mark.parametrize(
    "ip",
    ["01.2.3.4", "1.2.3", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4\x00", "0x1.2.3.4", "１.2.3.4", "256.1.1.1", ""],
)
def test_only_plain_dotted_addresses_are_packed(ip: str) -> None:
    assert pack_ip(ip) == ip and Comment(1, "a", "t", ip=ip).ip == ip
    assert pack_ip("114.136.190.144") == (114 << 24) | (136 << 16) | (190 << 8) | 144


def _bytes_per_comment(make: type[Comment] | type[OldComment]) -> float:
    """tracemalloc's bytes per PTT push: the object, its floor and IP (text, author, tag
    and time shared, as the parsers share them, and the list made before)."""
    n = 20_000
    rng = random.Random(5)
    quads = [(str(rng.randint(1, 223)), *(str(rng.randrange(256)) for _ in range(3))) for _ in range(n)]
    kept: list[object] = [None] * n
    tracemalloc.start()
    try:
        for i in range(n):  # the IP is new text, as a parser's match makes it
            kept[i] = make(100_000 + i, "user", "text", PUSH, WHEN, ".".join(quads[i]))
        size, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return size / n


def test_a_push_takes_a_third_less_memory() -> None:
    """The dataclass took 104 + 28 + 54–56 bytes a push (object, floor, IP text), 112 + 32 +
    64 in pymalloc's blocks; now 80 + 28 + 28–32."""
    old, new = _bytes_per_comment(OldComment), _bytes_per_comment(Comment)
    assert old > 180
    assert new < 145, f"{new:.0f} bytes a push (the dataclass: {old:.0f})"


def test_a_parsed_thread_of_copied_text_is_smaller(tmp_path: Path) -> None:
    """What a parse of the densest format keeps (2 MB of it, with the parser's own caches):
    7.6× the file before (416 bytes a push), now 6.6–6.8× (363–373)."""
    path = _make(tmp_path, "copied text", 2 * 1024 * 1024)
    tracemalloc.start()
    try:
        result = load_path(str(path))
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    comments = sum(len(thread.comments) for thread in result.threads)
    assert comments > 30_000
    assert kept / comments < 390, f"{kept / comments:.0f} bytes a comment"
    assert kept / path.stat().st_size < 7.1


def _json(threads: list[Thread]) -> str:
    out = io.StringIO()
    json_out.write_threads_json(threads, out.write)
    return out.getvalue()


def test_parse_json_is_the_same_with_ips_kept_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every format (the sample, generated files, the shared corpus when present): the JSON
    of a parse with packed IPs is the JSON of the same parse with every IP kept as text."""
    packed = [_json([thread]) for thread in _threads(tmp_path)]
    monkeypatch.setattr(comment_module, "pack_ip", lambda ip: ip)
    as_text = [_json([thread]) for thread in _threads(tmp_path)]
    assert len(packed) >= 7 and packed == as_text
    assert sum('"ip": "' in doc for doc in packed) >= 3


#: sha256 of ``parse --json``'s output for corpus files with comment IPs, written by main at
#: fac49a2 (the Comment dataclass, every IP a string)
GOLDEN = {
    "ptt/bbs/Gossiping_M.1584668624.A.064_mahjong.utf8.txt": "703b49a005dbe5ad5de0d08d72b76ac7e02288c54cc11dd1177405d7080bfde2",
    "ptt/bbs/SYSOP_M.1620276642.A.E0F_Re-noquote_ip-pushes.big5.txt": "e728162125c41d30929b04471edb26de4b4766ec4964aafc1f208d41c54ef7be",
    "ptt/html/Beauty_M.1614414718.A.266.browser-saved.html": "07bfe8dc80784f33fff8789bc2421160e908562ceae6ce9b2aa40801a1890b67",
    "ptt/html/Gossiping_M.1569901516.A.5F2.html": "859b64dc23097cb7d34e45a862d844acfdab9f12737798d32677a2406f71dccb",
    "ptt/json/Gossiping_M.1710936579.A.B7D.crawler-json-with-push-ip.json": "ef953ad5e19a8d4e550ed904a4bcea6c2375d1752e85ac8fd241cc9a7b87b412",
    "ptt/json/PublicServan-1-2.jwlin-crawler-old-message_conut.json": "f1bd1565662d7f206fca7a6e208d82fb4cdc37fe4d5f27828a8b963027f626e2",
}


def test_parse_json_of_corpus_files_unchanged(corpus: Path) -> None:
    for name, sha in GOLDEN.items():
        threads = load_path(str(corpus / name)).threads
        assert any(c.ip for thread in threads for c in thread.comments), name
        assert hashlib.sha256(_json(threads).encode()).hexdigest() == sha, name


def test_a_number_given_as_an_ip_stays_that_text() -> None:
    from threadgist.thread.comment import pack_ip, unpack_ip

    assert unpack_ip(pack_ip(3232235777)) == "3232235777"  # type: ignore[arg-type]
    assert unpack_ip(pack_ip("192.168.1.1")) == "192.168.1.1"
    assert pack_ip(None) is None
