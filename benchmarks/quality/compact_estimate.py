"""What each change of the compact answer form saves, estimated from the stand-in's answers.

The seven one-call compact answers the stand-in wrote for the previous compact prompts
(benchmarks/standin/answers, named in ANSWERS) are rewritten as the new prompts ask,
one change after another, and counted the way ``threadgist eval`` counts a stand-in's
answer (o200k × 1.6, the margin of a model tiktoken does not know):

1. the summary: at most the new upper number of sentences for the thread's size
   (digest/forms.py ``summary_sentences``: its first sentences kept);
2. digressions: the description left out;
3. floors: ranges without spaces ("12-18,25");
4. statements: one short sentence, at most 20 words or 30 Chinese characters (the first
   sentence, cut at the last clause end within that);
5. the JSON on one line without spaces;
6. short keys (t, s, f): measured, not adopted.

An estimate, not a measurement: a reader answering the new prompts blind may write more
or less. ``python benchmarks/quality/compact_estimate.py`` prints the Markdown table.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "desktop"))

from threadgist.digest.forms import summary_sentences  # noqa: E402
from threadgist.digest.tokens import UNKNOWN_MODEL_MARGIN, TokenCounter  # noqa: E402

ANSWERS = ROOT / "benchmarks" / "standin" / "answers"
#: the compact one-call answers of the previous compact prompts: file, thread, comment count
COMPACT_ANSWERS = (
    ("21058bf63362d5b3", "Gossiping 320", 320),
    ("fdc831c255f03b71", "TVBS", 76),
    ("e9606317747a2377", "Grey's Anatomy", 56),
    ("fdfe818dc200f7b7", "NBA", 88),
    ("12c3fb5162083242", "Stock", 40),
    ("6a886b60d3cf92b9", "Hacker News", 56),
    ("10f4d4cae2d705a2", "Reddit", 51),
)
STATEMENT_WORDS = 20
STATEMENT_CJK = 30
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_ZH_END_RE = re.compile(r"(?<=[。！？])")
_EN_END_RE = re.compile(r"(?<=[.!?])\s+")

Doc = dict[str, object]
Group = dict[str, str]


def _sentences(text: str) -> list[str]:
    pattern = _ZH_END_RE if _CJK_RE.search(text) else _EN_END_RE
    return [part.strip() for part in pattern.split(text) if part.strip()]


def _first(text: str, count: int) -> str:
    joiner = "" if _CJK_RE.search(text) else " "
    return joiner.join(_sentences(text)[:count])


def _short_statement(text: str) -> str:
    text = _first(text, 1)
    if _CJK_RE.search(text):
        if len(text) <= STATEMENT_CJK:
            return text
        cut = text[:STATEMENT_CJK]
        ends = [match.start() for match in re.finditer(r"[，。；、]", cut)]
        return cut[: ends[-1]] if ends and ends[-1] > 10 else cut
    words = text.split()
    if len(words) <= STATEMENT_WORDS:
        return text
    cut = " ".join(words[:STATEMENT_WORDS])
    end = max(cut.rfind(","), cut.rfind(";"))
    return cut[:end] if end > 40 else cut


def _groups(doc: Doc, key: str) -> list[Group]:
    groups = doc[key]
    assert isinstance(groups, list)
    return groups


def _summary(doc: Doc, comments: int) -> None:
    upper = int(summary_sentences(comments).split()[-1])
    doc["summary"] = _first(str(doc["summary"]), upper)


def _no_description(doc: Doc, _: int) -> None:
    for group in _groups(doc, "off_topic"):
        group.pop("description", None)


def _floors(doc: Doc, _: int) -> None:
    for group in _groups(doc, "viewpoints") + _groups(doc, "off_topic"):
        group["floors"] = re.sub(r",\s+", ",", group["floors"])


def _statements(doc: Doc, _: int) -> None:
    for group in _groups(doc, "viewpoints"):
        group["statement"] = _short_statement(group["statement"])


#: (change, rewrite, whether the JSON is written without spaces from then on)
STEPS: tuple[tuple[str, Callable[[Doc, int], None], bool], ...] = (
    ("summary scaled to the thread", _summary, False),
    ("digressions without description", _no_description, False),
    ("floors without spaces", _floors, False),
    ("statements of one short sentence", _statements, False),
    ("JSON without spaces", lambda doc, _: None, True),
)


def _short_keys(doc: Doc) -> Doc:
    names = {"title": "t", "statement": "s", "floors": "f", "description": "d"}
    out: Doc = {"summary": doc["summary"]}
    for key in ("viewpoints", "off_topic"):
        out[key] = [{names[name]: value for name, value in group.items()} for group in _groups(doc, key)]
    return out


def estimate(counter: TokenCounter) -> list[tuple[str, list[int]]]:
    """Per thread: the tokens as written, after each step in turn, and with short keys."""
    rows: list[tuple[str, list[int]]] = []
    for key, name, comments in COMPACT_ANSWERS:
        text = (ANSWERS / f"{key}.txt").read_text(encoding="utf-8")
        doc: Doc = json.loads(text)
        spaced = '": ' in text
        counts = [counter.count(text)]
        tight = False
        for _, rewrite, compact_json in STEPS:
            rewrite(doc, comments)
            tight = tight or compact_json
            separators = (",", ":") if tight or not spaced else (", ", ": ")
            counts.append(counter.count(json.dumps(doc, ensure_ascii=False, separators=separators)))
        short = json.dumps(_short_keys(copy.deepcopy(doc)), ensure_ascii=False, separators=(",", ":"))
        counts.append(counter.count(short))
        rows.append((name, counts))
    return rows


def table(rows: list[tuple[str, list[int]]]) -> str:
    heads = ["as written", *(label for label, _, _ in STEPS), "short keys (not adopted)"]
    out = ["| thread | " + " | ".join(heads) + " |", "|---|" + "---:|" * len(heads)]
    for name, counts in rows:
        out.append(f"| {name} | " + " | ".join(f"{count:,}" for count in counts) + " |")
    means = [sum(counts[i] for _, counts in rows) / len(rows) for i in range(len(heads))]
    out.append("| **mean** | " + " | ".join(f"**{mean:,.0f}**" for mean in means) + " |")
    saved = [means[i - 1] - means[i] for i in range(1, len(means))]
    out.append("| saved by the step (mean) | | " + " | ".join(f"−{step:,.0f}" for step in saved) + " |")
    return "\n".join(out) + "\n"


def main() -> int:
    counter = TokenCounter(factor=UNKNOWN_MODEL_MARGIN)
    print(table(estimate(counter)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
