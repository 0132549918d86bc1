"""A run's stage is a :class:`Stage` (issue 24: it was a string), the same enum the
command line's and the app's words are keyed by; its values are the words it had."""

from __future__ import annotations

from threadgist.commands.progress_line import STAGES
from threadgist.digest.pipeline import Progress
from threadgist.digest.stage import Stage

from .fakeserver import FakeServer
from .test_digest import run, sample, summarizer


def test_every_progress_of_a_run_has_a_typed_stage(fake: FakeServer) -> None:
    """A map/reduce run (the sample in a small window) goes through its stages, each a
    Stage (the staged pipeline's ticks are typed the same way: mypy checks them)."""
    seen: list[Progress] = []
    s = summarizer(fake, sample(), context=1900, progress=seen.append)
    run(s)
    stages = [p.stage for p in seen]
    assert stages and all(type(stage) is Stage for stage in stages), set(map(type, stages))
    assert stages[-1] is Stage.DONE
    assert {Stage.PLAN, Stage.MAP, Stage.REDUCE} <= set(stages)


def test_the_stages_keep_their_words_and_every_one_is_said() -> None:
    assert [stage.value for stage in Stage] == [
        "engine",
        "plan",
        "condense",
        "map",
        "reduce",
        "write",
        "done",
    ]
    assert set(STAGES) == set(Stage)
