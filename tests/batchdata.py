"""A crawler's JSON dump of many PTT articles (jwlin/ptt-web-crawler's format, as
thread/crawler_json.py reads it), deterministic, for the batch tests and benchmark."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from typing import Any

WORDS = (
    "推文",
    "好文",
    "真的假的",
    "笑死",
    "台積電",
    "外資",
    "今天",
    "漲停",
    "跌停",
    "高雄",
    "捷運",
    "政府",
    "薪水",
    "房價",
    "颱風",
    "便當",
    "同意",
    "樓上",
    "專業",
    "長知識",
)
BOARDS = ("Gossiping", "Stock", "Tech_Job", "Baseball")


def article(i: int, comments: int, rng: random.Random) -> dict[str, Any]:
    board = BOARDS[i % len(BOARDS)]
    posted = datetime(2024, 3, 1, 8, 0) + timedelta(hours=7 * i)
    aid = f"M.{int(posted.timestamp())}.A.{i:03X}"
    when = posted
    messages = []
    users = max(2, comments // 3)
    for n in range(comments):
        when += timedelta(minutes=rng.choice((0, 1, 1, 2, 5)))
        tag = rng.choices(("推", "噓", "→"), weights=(6, 1, 5))[0]
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))) + f" {n}"
        ip = ".".join(str(x) for x in (rng.randint(1, 223), *rng.choices(range(256), k=3)))
        messages.append(
            {
                "push_tag": tag,
                "push_userid": f"user{rng.randrange(users):04d}",
                "push_content": text,
                "push_ipdatetime": f"{ip} {when:%m/%d %H:%M}",
            }
        )
    return {
        "article_id": aid,
        "article_title": f"[問卦] 第 {i:03d} 篇：{rng.choice(WORDS)}怎麼看",
        "author": f"poster{i % 17:02d} (暱稱)",
        "board": board,
        "content": "\n".join(f"第 {k} 段內文，討論{rng.choice(WORDS)}。" for k in range(8)),
        "date": posted.strftime("%a %b %d %H:%M:%S %Y"),
        "ip": f"1.2.3.{i % 250}",
        "message_count": {"all": comments},
        "messages": messages,
        "url": f"https://www.ptt.cc/bbs/{board}/{aid}.html",
    }


def crawler_dump(
    n: int, *, seed: int = 17, small: tuple[int, int] = (5, 60), big_every: int = 0, big: int = 1500
) -> str:
    """``n`` articles of ``small`` comments each (random within the range); every
    ``big_every``-th one has ``big`` comments (a thread read in several parts)."""
    rng = random.Random(seed)
    arts = []
    for i in range(1, n + 1):
        size = big if big_every and i % big_every == 0 else rng.randint(*small)
        arts.append(article(i, size, rng))
    return json.dumps({"articles": arts}, ensure_ascii=False, indent=1)
