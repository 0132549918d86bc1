"""Synthetic large PTT threads for benchmarks (deterministic)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from html import escape

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


def _pushes(n: int, seed: int = 7) -> list[tuple[str, str, str, datetime, str]]:
    rng = random.Random(seed)
    when = datetime(2024, 12, 30, 9, 0)
    out = []
    for i in range(n):
        when += timedelta(minutes=rng.choice((0, 0, 1, 1, 2, 5)))
        tag = rng.choices("推噓→", weights=(6, 1, 5))[0]
        uid = f"user{rng.randrange(n // 3 + 1):05d}"
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))) + f" {i}"
        ip = ".".join(str(x) for x in (rng.randint(1, 223), *rng.choices(range(256), k=3)))
        out.append((tag, uid, text, when, ip))
    return out


BODY = "\n".join(f"第 {i} 段內文，討論今天的新聞。" for i in range(30))


def html_thread(n: int) -> str:
    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>[新聞] 測試 - 看板 Stock - '
        '批踢踢實業坊</title></head><body><div id="main-container">'
        '<div id="main-content" class="bbs-screen bbs-content">'
        '<div class="article-metaline"><span class="article-meta-tag">作者</span>'
        '<span class="article-meta-value">benchid (測試)</span></div>'
        '<div class="article-metaline-right"><span class="article-meta-tag">看板</span>'
        '<span class="article-meta-value">Stock</span></div>'
        '<div class="article-metaline"><span class="article-meta-tag">標題</span>'
        '<span class="article-meta-value">[新聞] 測試</span></div>'
        '<div class="article-metaline"><span class="article-meta-tag">時間</span>'
        '<span class="article-meta-value">Mon Dec 30 08:59:00 2024</span></div>',
        escape(BODY) + "\n--\n",
        '<span class="f2">※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.2.3.4 (臺灣)\n</span>',
    ]
    for tag, uid, text, when, ip in _pushes(n):
        cls = "hl push-tag" if tag == "推" else "f1 hl push-tag"
        parts.append(
            f'<div class="push"><span class="{cls}">{tag} </span>'
            f'<span class="f3 hl push-userid">{uid}</span>'
            f'<span class="f3 push-content">: {escape(text)}</span>'
            f'<span class="push-ipdatetime">{ip:>16} {when:%m/%d %H:%M}\n</span></div>'
        )
    parts.append("</div></div></body></html>")
    return "".join(parts)


def copied_text_thread(n: int) -> str:
    lines = [
        "作者benchid (測試)看板Stock標題[新聞] 測試時間Mon Dec 30 08:59:00 2024",
        BODY,
        "--",
        "※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.2.3.4 (臺灣)",
    ]
    for tag, uid, text, when, ip in _pushes(n):
        lines.append(f"{tag} {uid}: {text}{ip:>16} {when:%m/%d %H:%M}")
    return "\n".join(lines) + "\n"
