"""Where the F1 of a map/reduce digest is lost: in the maps or in the merge (a diagnostic).

Takes the map answers of a stand-in run (requests in REQUEST_DIRS, answers in ANSWERS) and
scores the best merge there could be of their groups taken whole: each partial group goes
to the labelled group most of its comments belong to. Below the one-call F1: the parts' own
groups mix positions (the maps lose it). Above it while the real merge is below: the merge
loses it.

    python benchmarks/quality/merge_atoms.py REQUEST_DIR[,DIR…] ANSWERS [thread:KEY+KEY… …]

``thread`` is Gossiping, hn or reddit; the KEYs are one window's map requests. Without
specs the script lists every map request it finds (thread, max_tokens, floors, groups).
The labels diagnose; they never tune anything (benchmarks/results/quality-resample.md).
"""

from __future__ import annotations

import glob
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "desktop"))
sys.path.insert(0, str(HERE))

import oracle  # noqa: E402

from threadgist.digest.labels import DIGRESSION, LabelledThread, load_labelled  # noqa: E402
from threadgist.digest.scoring import Assignment, GroupingScore, score_grouping  # noqa: E402

LABELS = {
    "Gossiping": "Gossiping_M.1540789539.A.78D_article77-of-114.crawler.json.labels.json",
    "hn": "hn_algolia_26296339_first4threads.json.labels.json",
    "reddit": "reddit_redditdev_2ujhkr.json.labels.json",
}


def map_answers(request_dirs: list[str], answers: Path) -> dict[str, tuple[str, list[int], Any]]:
    """key → (thread guess, the floors its prompt holds, the answer) for every map request."""
    out: dict[str, tuple[str, list[int], Any]] = {}
    for folder in request_dirs:
        for name in glob.glob(folder + "/*.json"):
            body = json.loads(Path(name).read_text(encoding="utf-8"))
            text = json.dumps(body["messages"], ensure_ascii=False)
            user = body["messages"][-1]["content"]
            answer = answers / f"{Path(name).stem}.txt"
            if "one part of a long thread" not in user or "(placeholder)" in text or not answer.exists():
                continue
            floors = oracle.floors_in(oracle._between(user, "comments") or "")
            thread = (
                "hn"
                if "GTA" in text
                else ("Gossiping" if any("\u4e00" <= c <= "\u9fff" for c in user) else "reddit")
            )
            out[Path(name).stem] = (thread, floors, json.loads(answer.read_text(encoding="utf-8")))
    return out


def atoms_best(labelled: LabelledThread, answers: list[Any]) -> GroupingScore:
    """The score of the best merge of these answers' groups, each taken whole."""
    truth = {floor: gid for floor, gid in labelled.lines.items() if gid}
    kinds = {group.id: group.kind for group in labelled.groups}
    pred: Assignment = {}
    for answer in answers:
        for group in answer["viewpoints"] + answer["off_topic"]:
            floors = [int(floor) for floor in group.get("floors", [])]
            votes = Counter(truth.get(floor) for floor in floors if floor in labelled.lines)
            best = votes.most_common(1)[0][0] if votes else None
            for floor in floors:
                if best:
                    pred.setdefault(floor, (best, kinds[best] == DIGRESSION))
    return score_grouping(labelled, pred)


def main() -> int:
    request_dirs, answers, specs = sys.argv[1].split(","), Path(sys.argv[2]), sys.argv[3:]
    maps = map_answers(request_dirs, answers)
    if not specs:
        for key, (thread, floors, answer) in sorted(maps.items(), key=lambda kv: (kv[1][0], min(kv[1][1]))):
            groups = f"{len(answer['viewpoints'])}+{len(answer['off_topic'])}"
            print(thread, key, f"{min(floors)}-{max(floors)}", groups)
        return 0
    for spec in specs:
        thread, keys = spec.split(":")
        labelled = load_labelled(HERE / "labels" / LABELS[thread], HERE / "threads")
        score = atoms_best(labelled, [maps[key][2] for key in keys.split("+")])
        print(
            f"{thread} {keys[:33]}: best whole-group merge P {score.precision:.2f} "
            f"R {score.recall:.2f} F1 {score.f1:.2f} on/off {score.accuracy:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
