"""The recorded stand-in answers (benchmarks/standin/answers) replayed at a 4k window for the
long Gossiping thread: the merge converges (no near-duplicate groups, at most 8 viewpoints
and 5 digressions, no comment line in two groups), and every prompt the run sends has a
recorded answer (a prompt change that needs new answers fails here, not in a benchmark)."""

from __future__ import annotations

import sys
from pathlib import Path

from .conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks" / "quality"))

import standin


def test_a_long_thread_at_4k_merges_into_one_digest(tmp_path: Path) -> None:
    replay = standin.Replay(standin.ANSWERS, tmp_path / "pending")
    with standin.serve(replay) as base_url:
        doc = standin.run_eval(base_url, 4096, "single", ("Gossiping_M.1540789539",), tmp_path / "home")
    assert not replay.missing, f"prompts with no recorded answer: {sorted(replay.missing)}"
    (score,) = doc["threads"]
    assert score["error"] == ""
    assert score["calls"] > 2  # read in parts, then merged
    assert score["duplicate_groups"] == 0
    assert score["viewpoints"] <= 8 and score["digressions"] <= 5
    assert score["lines_in_two_groups"] == 0
    assert score["grouping"]["f1"] > score["baseline"]["f1"]


def test_the_staged_estimate_is_what_the_staged_run_makes(tmp_path: Path, home: Path) -> None:
    """``batch --dry-run --pipeline staged`` plans through the staged strategy: its
    estimate is the number of calls the staged run makes (it used to say 3 for 5)."""
    from threadgist.digest.labels import load_set
    from threadgist.llm.profiles import EndpointProfile
    from threadgist.services import Services
    from threadgist.services.estimate import estimate

    name = "reddit_redditdev"
    replay = standin.Replay(standin.ANSWERS, tmp_path / "pending")
    with standin.serve(replay) as base_url:
        doc = standin.run_eval(base_url, 4096, "staged", (name,), tmp_path / "home")
        assert not replay.missing, f"prompts with no recorded answer: {sorted(replay.missing)}"
        (score,) = doc["threads"]
        (labelled,) = [t for t in load_set(REPO / "benchmarks" / "quality") if name in t.name]
        profile = EndpointProfile.from_preset(
            "standin", "custom", base_url=base_url, model="standin", context_window=4096
        )
        services = Services()
        try:
            staged = estimate(services, labelled.thread, profile, labelled.lang, pipeline="staged")
            single = estimate(services, labelled.thread, profile, labelled.lang)
        finally:
            services.close()
    assert staged.calls == score["calls"] != single.calls
