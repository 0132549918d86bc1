"""A synthetic live PTT thread that grows: ``live_thread(3300)`` is ``live_thread(3000)``
with 300 more pushes at the end (deterministic; realistic push lengths, users who come
back, continuation lines)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from threadgist.thread import Comment, Thread

PHRASES = (
    "台積電",
    "外資又在倒貨",
    "今天收盤",
    "漲停板",
    "跌停",
    "散戶",
    "韭菜",
    "等等就知道",
    "空軍",
    "多軍",
    "融資",
    "季線",
    "法說會",
    "財報",
    "噴出",
    "套牢",
    "樓上說的對",
    "笑死",
    "真的假的",
    "有料",
    "推專業",
    "先推再看",
    "這波要小心",
    "主力",
    "當沖",
    "明天開盤",
    "存股",
    "殖利率",
    "除息",
    "美股",
    "聯準會",
    "升息",
    "降息",
    "匯率",
)
BODY = "\n".join(f"第 {i} 段：今天盤勢震盪，外資賣超，大家怎麼看後續走勢？" for i in range(12))


def _text(rng: random.Random) -> str:
    """One push: 4 to about 34 characters, like a PTT push line."""
    words = [rng.choice(PHRASES) for _ in range(rng.randint(1, 5))]
    text = "，".join(words)
    if rng.random() < 0.3:
        text += rng.choice(("", "啦", "吧", "？", "！", " XD"))
    return text[:34]


def live_thread(n: int, seed: int = 11) -> Thread:
    rng = random.Random(seed)
    when = datetime(2026, 11, 30, 9, 0)
    comments: list[Comment] = []
    for floor in range(1, n + 1):
        when += timedelta(seconds=rng.choice((5, 10, 20, 30, 60)))
        if comments and rng.random() < 0.08:  # the same user goes on: a continuation line
            prev = comments[-1]
            comments.append(Comment(floor, prev.author, _text(rng), "→", when))
            continue
        tag = rng.choices("推噓→", weights=(6, 1, 5))[0]
        # new users keep arriving, and many come back
        uid = f"u{rng.randrange(40 + floor // 3):05d}"
        comments.append(Comment(floor, uid, _text(rng), tag, when))
    return Thread(
        site="ptt",
        format="synthetic",
        encoding="utf-8",
        title="[新聞] 盤中直播",
        body=BODY,
        comments=comments,
        board="Stock",
        author="liveop",
        posted_at=datetime(2026, 11, 30, 8, 59),
    )
