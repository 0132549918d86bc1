"""Fill the unfinished entries of a Qt .ts file from other .ts files: for merging branches
that each translated their own new strings (resolve the .ts conflict with one side, run
`make translations-update`, then fill the rest from the other side's file).

    python tools/ts_fill.py resources/i18n/threadgist_zh_TW.ts OTHER.ts [OTHER.ts …]

An entry is the same when its context and source text are; its translation is taken only
where the target has none (or an unfinished one). Prints what it filled and what stays
unfinished.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

Key = tuple[str, str]


def entries(root: ET.Element) -> dict[Key, ET.Element]:
    out: dict[Key, ET.Element] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def unfinished(message: ET.Element) -> bool:
    translation = message.find("translation")
    if translation is None:
        return True
    empty = not "".join(translation.itertext()).strip()
    return empty or translation.get("type") in ("unfinished", "vanished", "obsolete")


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    target = Path(argv[0])
    tree = ET.parse(target)
    mine = entries(tree.getroot())
    known: dict[Key, ET.Element] = {}
    for other in argv[1:]:
        for key, message in entries(ET.parse(other).getroot()).items():
            if not unfinished(message) and key not in known:
                known[key] = message
    filled, missing = 0, []
    for key, message in mine.items():
        if not unfinished(message):
            continue
        source = known.get(key)
        if source is None:
            missing.append(key)
            continue
        old = message.find("translation")
        if old is not None:
            message.remove(old)
        new = source.find("translation")
        assert new is not None
        copy = ET.fromstring(ET.tostring(new))
        copy.tail = old.tail if old is not None else "\n    "
        message.append(copy)
        filled += 1
    tree.write(target, encoding="utf-8", xml_declaration=True)
    print(f"filled {filled}; unfinished {len(missing)}")
    for context, source in missing:
        print(f"  [{context}] {source[:100]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
