"""The groups the last merge left out, placed: one small call asks which merged group each
belongs to; those it places nowhere stay groups of their own while the limits allow, else
their comments are left unassigned, with a warning that says why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..llm.errors import ContextExceeded, EndpointError, ErrorKind, OutputTruncated
from ..messages import Message, msg
from . import schema as S
from .merge_env import MergeEnv, MergeRequest
from .merge_items import (
    DETAILS,
    MAX_DIGRESSIONS,
    MAX_VIEWPOINTS,
    Item,
    absorb,
    item_line,
    room_for,
    target_of,
)
from .partial import Partial
from .render import clean


@dataclass
class _Placed:
    """What became of the groups a merge left out."""

    unassigned: list[Item] = field(default_factory=list)
    reason: Message | None = None
    calls: int = 0  # placement calls made


async def place_leftovers(env: MergeEnv, merged: Partial, left: list[Item], answer_room: int) -> int:
    """Place ``left`` in ``merged`` (see the module's docstring); the calls it made."""
    targets = [*merged.viewpoints, *merged.off_topic]
    placed = _Placed()
    answer: dict[str, str] = {}
    if targets:
        env.change(
            msg("the merge left out {count} partial group(s): asking where they belong", count=len(left))
        )
        try:
            answer = await _ask(env, merged, left, answer_room)
            placed.calls += 1
        except (ContextExceeded, OutputTruncated) as error:
            placed.reason = msg("the model could not place them ({why})", why=error.detail)
        except EndpointError as error:
            if error.kind != ErrorKind.BAD_OUTPUT:
                raise
            placed.reason = msg("the model could not place them ({why})", why=error.detail)
    for item in left:
        target = target_of(answer.get(item.id), targets)
        if target is not None:
            absorb(target, item.group)
        elif room_for(merged, item.kind):
            (merged.viewpoints if item.kind == "viewpoint" else merged.off_topic).append(item.group)
        else:
            placed.unassigned.append(item)
    _warn_unassigned(env, placed)
    return placed.calls


async def _ask(env: MergeEnv, merged: Partial, left: list[Item], answer_room: int) -> dict[str, str]:
    groups = [f"G{i + 1} {clean(group.title)}" for i, group in enumerate(merged.viewpoints)]
    start = len(merged.viewpoints)
    groups += [f"G{start + i + 1} {clean(group.title)}" for i, group in enumerate(merged.off_topic)]
    items = [item_line(item, DETAILS[1]) for item in left]
    messages = env.messages("assign", {"groups": "\n".join(groups), "items": "\n".join(items)})
    limited = env.limits() is not None
    request = MergeRequest(
        messages,
        S.assign_schema(len(left) if limited else None),
        "placements",
        covers=msg("{count} left-out groups", count=len(left)),
        top=False,
        max_tokens=min(answer_room, 24 * len(left) + 64),
        read=placements_from_json,
    )
    return await env.call(request)


def placements_from_json(data: dict[str, Any]) -> dict[str, str]:
    """A placement answer's ``placements``, as item id → group id."""
    placements = data.get("placements")
    out: dict[str, str] = {}
    for entry in placements if isinstance(placements, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            out[str(entry["id"]).strip()] = str(entry.get("group", "")).strip()
    return out


def _warn_unassigned(env: MergeEnv, placed: _Placed) -> None:
    if not placed.unassigned:
        return
    lines = sum(len(item.group.floors) for item in placed.unassigned)
    why = placed.reason or msg(
        "the digest keeps at most {viewpoints} viewpoints and {digressions} digressions",
        viewpoints=MAX_VIEWPOINTS,
        digressions=MAX_DIGRESSIONS,
    )
    env.warnings.append(
        msg(
            "{count} partial group(s) ({lines} comment lines) fit no merged group and are "
            "left unassigned: {why}",
            count=len(placed.unassigned),
            lines=lines,
            why=why,
        )
    )
