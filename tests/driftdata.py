"""A scripted digest of the bundled sample thread (the remote-work thread) that drifts:
two viewpoints, and three digressions (Neihu traffic and politics, lunch, New Year).
The GUI tests and tools/screenshots.py serve it from tests/fakeserver.py."""

from __future__ import annotations

from typing import Any

COST = [*range(1, 10), *range(25, 30), *range(35, 39), *range(57, 61)]
ASK = [*range(10, 15), *range(30, 35), *range(43, 47), *range(54, 57), *range(61, 71)]
TRAFFIC = list(range(15, 25))
LUNCH = list(range(39, 43))
NEW_YEAR = list(range(47, 51))
UNASSIGNED = [51, 52, 53]


def sample_drift_answer(_messages: list[dict[str, str]]) -> dict[str, Any]:
    """The answer for a one-call digest of the sample."""
    return {
        "summary": "公司宣布明年起取消遠端上班，推文討論利弊與如何爭取個案遠端，中途一度離題到內湖交通與政治。",
        "viewpoints": [
            {
                "title": "收回遠端的利弊",
                "statement": "有人認為進辦公室合理，也有人認為等於變相減薪。",
                "floors": COST,
                "quotes": [{"floor": 7, "text": "等於變相減薪"}],
            },
            {
                "title": "如何爭取個案遠端",
                "statement": "留書面紀錄、找主管背書、先談一週一天。",
                "floors": ASK,
                "quotes": [{"floor": 12, "text": "個案申請記得留書面紀錄"}],
            },
        ],
        "off_topic": [
            {"title": "內湖交通與政治口水", "description": "從塞車吵到市長與政黨。", "floors": TRAFFIC},
            {"title": "內湖午餐", "description": "牛肉麵排隊與漲價。", "floors": LUNCH},
            {"title": "跨年閒聊", "description": "新年快樂與煙火。", "floors": NEW_YEAR},
        ],
    }
