"""The digest put together from the model's merged answer: citations grounded
(digest/grounding.py), every comment settled into at most one group (digest/settle.py),
counts and shares computed from the thread, never taken from the model, and the
reliability verdict (digest/reliability.py)."""

from __future__ import annotations

from ..messages import Text, msg
from ..thread.model import Thread
from .grounding import Grounder, check_floors, check_quotes, claim_of
from .model import Digest, DigestMeta, Digression, Removed, Usage, Verification, Viewpoint
from .partial import Partial
from .reliability import GroupClaim, assess
from .settle import Claim, settle

MAX_QUOTES = 3  # quotes shown per viewpoint


def build_digest(
    thread: Thread,
    raw: Partial,
    *,
    usage: Usage,
    meta: DigestMeta,
    warnings: list[Text],
) -> Digest:
    """``raw`` is the model's answer, merged. Citations are
    checked, every comment line is settled into at most one group (digest/settle.py),
    and the reliability checks give their verdict."""
    g = Grounder(thread)
    ver = Verification()
    viewpoints: list[Viewpoint] = []
    vp_claims: list[Claim] = []
    for v in raw.viewpoints:
        title = v.title.strip() or "(untitled)"
        floors = check_floors(g, v.floors, title, ver)
        quotes = check_quotes(g, thread, v.quotes, title, ver)
        floors += [q.floor for q in quotes if q.floor not in floors]
        if not floors:
            ver.removed.append(Removed("viewpoint", title, None, v.text, NO_VALID_FLOOR))
            continue
        vp_claims.append(claim_of(g, floors))
        viewpoints.append(Viewpoint(title, v.text.strip(), floors, quotes))
    digressions: list[Digression] = []
    dg_claims: list[Claim] = []
    for o in raw.off_topic:
        title = o.title.strip() or "(untitled)"
        floors = check_floors(g, o.floors, title, ver)
        if not floors:
            ver.removed.append(Removed("off_topic", title, None, o.text, NO_VALID_FLOOR))
            continue
        dg_claims.append(claim_of(g, floors))
        digressions.append(Digression(title, o.text.strip(), floors))
    claims = vp_claims + dg_claims
    group_claims = [
        GroupClaim("viewpoint", v.title, c.all) for v, c in zip(viewpoints, vp_claims, strict=True)
    ]
    group_claims += [
        GroupClaim("digression", d.title, c.all) for d, c in zip(digressions, dg_claims, strict=True)
    ]
    kept = settle(claims)
    ver.settled = sum(len(c.all) for c in claims) - sum(len(k) for k in kept)
    viewpoints = _keep_viewpoints(thread, g, viewpoints, kept[: len(viewpoints)], ver)
    digressions = _keep_digressions(g, digressions, kept[len(vp_claims) :], ver)
    viewpoints.sort(key=lambda v: -len(v.floors))
    digressions.sort(key=lambda d: -len(d.floors))
    s = thread.stats
    off = {f for d in digressions for f in d.floors}
    on = {f for v in viewpoints for f in v.floors}
    total = s.comments or 1
    shares = {
        "on_topic": round(len(on) / total, 4) if s.comments else 0.0,
        "off_topic": round(len(off) / total, 4) if s.comments else 0.0,
        "unassigned": round((s.comments - len(on | off)) / total, 4) if s.comments else 0.0,
    }
    summary = raw.summary.strip()
    return Digest(
        summary=summary,
        viewpoints=viewpoints,
        off_topic=digressions,
        totals={
            "push": s.push,
            "boo": s.boo,
            "arrow": s.arrow,
            "net": s.net,
            "comments": s.comments,
            "users": s.users,
        },
        shares=shares,
        verification=ver,
        usage=usage,
        meta=meta,
        warnings=warnings,
        reliability=assess(thread, summary, group_claims, kept, shares, ver),
    )


def _keep_viewpoints(
    thread: Thread, g: Grounder, viewpoints: list[Viewpoint], kept: list[list[int]], ver: Verification
) -> list[Viewpoint]:
    out: list[Viewpoint] = []
    for v, floors in zip(viewpoints, kept, strict=True):
        if not floors:
            ver.removed.append(Removed("viewpoint", v.title, None, v.statement, SETTLED_AWAY))
            ver.quotes_kept -= len(v.quotes)
            continue
        mine = set(floors)
        quotes = [q for q in v.quotes if q.floor in mine]
        for q in v.quotes:
            if q.floor not in mine:
                ver.removed.append(
                    Removed(
                        "quote",
                        v.title,
                        q.floor,
                        q.text,
                        msg("comment #{floor} belongs to another group", floor=q.floor),
                    )
                )
                ver.quotes_kept -= 1
        vp = Viewpoint(v.title, v.statement, floors, quotes[:MAX_QUOTES], g.stats(floors))
        vp.authors = sorted({c.author for f in floors if (c := thread.comment(f))})
        out.append(vp)
    return out


def _keep_digressions(
    g: Grounder, digressions: list[Digression], kept: list[list[int]], ver: Verification
) -> list[Digression]:
    out: list[Digression] = []
    for d, floors in zip(digressions, kept, strict=True):
        if not floors:
            ver.removed.append(Removed("off_topic", d.title, None, d.description, SETTLED_AWAY))
            continue
        out.append(Digression(d.title, d.description, floors, g.stats(floors)))
    return out


NO_VALID_FLOOR = msg("no valid floor supports it")
SETTLED_AWAY = msg("every comment it cites belongs to another group")
