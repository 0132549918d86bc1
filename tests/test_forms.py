"""The compact answer form (digest/forms.py): quotes the app picks are verbatim and
grounded, the form is kept in the digest's meta and its cache key, and a compact one-call
digest replayed from the stand-in's answers scores as the rich one does."""

from __future__ import annotations

import sys
from pathlib import Path

from threadgist.digest.forms import QUOTE_CHARS, choose_quotes, template_name
from threadgist.digest.grounding import Grounder
from threadgist.thread import load_path

from .conftest import REPO, SAMPLE

sys.path.insert(0, str(REPO / "benchmarks" / "quality"))

import standin


def test_picked_quotes_are_verbatim_one_per_author() -> None:
    thread = load_path(str(SAMPLE)).threads[0]
    floors = [comment.floor for comment in thread.comments[:30]]
    quotes = choose_quotes(thread, floors, "遠端工作", "在家工作的效率")
    grounder = Grounder(thread)
    assert 1 <= len(quotes) <= 2
    assert len({quote.author for quote in quotes}) == len(quotes)
    for quote in quotes:
        assert len(quote.text) <= QUOTE_CHARS and grounder.quote_ok(quote.floor, quote.text)


def test_the_compact_templates() -> None:
    assert template_name("single", "compact") == "single_compact"
    assert template_name("map", "compact") == "map_compact"
    assert template_name("reduce", "compact") == "reduce"
    assert template_name("single", "rich") == "single"


def test_a_compact_digest_from_the_stand_in(tmp_path: Path) -> None:
    replay = standin.Replay(standin.ANSWERS, tmp_path / "pending")
    compact_replay = standin.Replay(standin.ANSWERS, tmp_path / "pending-compact")
    with standin.serve(replay) as base_url, standin.serve(compact_replay) as compact_url:
        rich = standin.run_eval(base_url, 128000, "single", ("reddit_redditdev",), tmp_path / "a")
        compact = standin.run_eval(
            compact_url, 128000, "single", ("reddit_redditdev",), tmp_path / "b", "compact"
        )
    assert not replay.missing, sorted(replay.missing)
    # a changed compact prompt needs new answers: benchmarks/quality/standin.py --form compact
    assert not compact_replay.missing, sorted(compact_replay.missing)
    (r,), (c,) = rich["threads"], compact["threads"]
    assert c["completion_tokens"] < 0.75 * r["completion_tokens"]
    assert c["grouping"]["f1"] > c["baseline"]["f1"] and c["quotes_given"] == 0
