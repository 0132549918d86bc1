"""Signs of drift that a thread shows by itself, computed without a model.

They let the reliability check notice a digest that finds no digression in a thread that
plainly has one. Each signal is cheap and linear in the thread:

- *politics the article does not bring up*: comment lines naming parties, politicians or
  political institutions when the title and the article name none (a politics thread is
  on topic when it talks politics);
- a *噓 burst*: many boos within a few consecutive comments (PTT);
- a *quarrel*: two users answering each other back and forth (alternating utterances on
  PTT, a reply chain on Reddit and Hacker News).

A thread is suspected of drift when the politics signal is strong on its own, or when a 噓
burst and a quarrel come together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..thread.model import BOO, Thread

# Party, institution and office names that mark Taiwanese, Chinese and US/UK politics.
# Generic enough to hold for any board; they only count when the article names none.
_POLITICS_TERMS = (
    "民進黨",
    "國民黨",
    "民眾黨",
    "時代力量",
    "綠營",
    "藍營",
    "白營",
    "塔綠班",
    "韓粉",
    "柯粉",
    "1450",
    "黨工",
    "立法院",
    "立委",
    "議員",
    "總統",
    "行政院",
    "院長",
    "政府",
    "執政黨",
    "在野黨",
    "選舉",
    "選票",
    "投票",
    "罷免",
    "公投",
    "台獨",
    "統派",
    "共產黨",
    "中共",
    "習近平",
    "蔡英文",
    "賴清德",
    "韓國瑜",
    "柯文哲",
    "侯友宜",
    "馬英九",
    "綠共",
    "藍白",
    "政客",
    "政黨",
    "democrat",
    "republican",
    "gop",
    "trump",
    "biden",
    "congress",
    "senate",
    "parliament",
    "election",
    "liberal",
    "conservative",
    "left-wing",
    "right-wing",
    "politician",
)
_TERMS_RE = re.compile("|".join(re.escape(term) for term in _POLITICS_TERMS), re.IGNORECASE)

#: a 噓 burst: at least BOO_BURST boos among BOO_WINDOW consecutive comments
BOO_WINDOW = 10
BOO_BURST = 4
#: a quarrel: two users alternate at least this many utterances within QUARREL_WINDOW
QUARREL_TURNS = 4
QUARREL_WINDOW = 8
#: politics lines needed: at least this many, and at least this share of the comments
POLITICS_MIN = 3
POLITICS_SHARE = 0.05


@dataclass(frozen=True)
class DriftSignals:
    politics_lines: int
    boo_burst: int  # the most boos in any window of BOO_WINDOW comments
    quarrels: int  # pairs of users found quarrelling
    comments: int

    @property
    def politics(self) -> bool:
        return self.politics_lines >= max(POLITICS_MIN, POLITICS_SHARE * self.comments)

    @property
    def suspected(self) -> bool:
        return self.politics or (self.boo_burst >= BOO_BURST and self.quarrels > 0)

    def describe(self) -> str:
        bits = []
        if self.politics_lines:
            bits.append(f"{self.politics_lines} comments bring up politics the article does not")
        if self.boo_burst >= BOO_BURST:
            bits.append(f"a burst of {self.boo_burst} 噓 in {BOO_WINDOW} comments")
        if self.quarrels:
            bits.append(f"{self.quarrels} pair(s) of users argue back and forth")
        return ", ".join(bits)


def drift_signals(thread: Thread) -> DriftSignals:
    political_article = _TERMS_RE.search(f"{thread.title}\n{thread.body}") is not None
    politics = (
        0
        if political_article
        else sum(_TERMS_RE.search(comment.text) is not None for comment in thread.comments)
    )
    return DriftSignals(politics, _boo_burst(thread), _quarrels(thread), len(thread.comments))


def _boo_burst(thread: Thread) -> int:
    boos = [comment.tag == BOO for comment in thread.comments]
    best = run = 0
    for i, booed in enumerate(boos):
        run += booed
        if i >= BOO_WINDOW:
            run -= boos[i - BOO_WINDOW]
        best = max(best, run)
    return best


def _quarrels(thread: Thread) -> int:
    pairs: set[frozenset[str]] = set()
    if thread.site == "ptt":
        authors = [utterance.author for utterance in thread.utterances]
        for i in range(len(authors)):
            window = authors[i : i + QUARREL_WINDOW]
            if len(window) < QUARREL_TURNS:
                break
            starter = window[0]
            turns, last = 1, starter
            other = ""
            for who in window[1:]:
                if who == last:
                    continue
                if who != starter and not other:
                    other = who
                if who in (starter, other) and who != last:
                    turns += 1
                    last = who
            if other and turns >= QUARREL_TURNS:
                pairs.add(frozenset((starter, other)))
        return len(pairs)
    by_floor = {comment.floor: comment for comment in thread.comments}
    for comment in thread.comments:
        # a reply chain A → B → A → B: walk up three parents
        chain = [comment.author]
        parent = comment.parent
        while (
            parent is not None
            and len(chain) < QUARREL_TURNS
            and (parent_comment := by_floor.get(parent)) is not None
        ):
            chain.append(parent_comment.author)
            parent = parent_comment.parent
        if (
            len(chain) >= QUARREL_TURNS
            and chain[0] == chain[2]
            and chain[1] == chain[3]
            and chain[0] != chain[1]
        ):
            pairs.add(frozenset(chain[:2]))
    return len(pairs)
