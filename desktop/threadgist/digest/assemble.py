"""The digest put together from the model's merged answer: citations grounded
(digest/grounding.py), every comment settled into at most one group (digest/settle.py),
counts and shares computed from the thread, never taken from the model, and the
reliability verdict (digest/reliability.py)."""

from __future__ import annotations

from ..messages import Text, msg
from ..thread.model import Thread
from .forms import choose_quotes
from .grounding import Grounder, check_floors, check_quotes, claim_of
from .meta import DigestMeta
from .model import ALL_INVALID_NOTE, Digest, Digression, Removed, Usage, Verification, Viewpoint
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
    pick_quotes: bool = False,
) -> Digest:
    """``raw`` is the model's answer, merged. Citations are
    checked, every comment line is settled into at most one group (digest/settle.py),
    and the reliability checks give their verdict. ``pick_quotes``: the answer was in the
    compact form (digest/forms.py): the app picks each viewpoint's quotes from its comments
    (they count neither as given nor as kept: they are verbatim by construction)."""
    grounder = Grounder(thread)
    ver = Verification()
    viewpoints, vp_claims = _ground_viewpoints(thread, grounder, raw, ver)
    digressions, dg_claims = _ground_digressions(grounder, raw, ver)
    claims = vp_claims + dg_claims
    group_claims = [
        GroupClaim("viewpoint", viewpoint.title, claim.all)
        for viewpoint, claim in zip(viewpoints, vp_claims, strict=True)
    ]
    group_claims += [
        GroupClaim("digression", digression.title, claim.all)
        for digression, claim in zip(digressions, dg_claims, strict=True)
    ]
    kept = settle(claims)
    ver.settled = sum(len(claim.all) for claim in claims) - sum(len(kept_floors) for kept_floors in kept)
    viewpoints = _keep_viewpoints(thread, grounder, viewpoints, kept[: len(viewpoints)], ver)
    if pick_quotes:
        for viewpoint in viewpoints:
            if not viewpoint.quotes:
                viewpoint.quotes = choose_quotes(
                    thread, viewpoint.floors, viewpoint.title, viewpoint.statement
                )
    digressions = _keep_digressions(grounder, digressions, kept[len(vp_claims) :], ver)
    viewpoints.sort(key=lambda viewpoint: -len(viewpoint.floors))
    digressions.sort(key=lambda digression: -len(digression.floors))
    stats = thread.stats
    off_floors = {floor for digression in digressions for floor in digression.floors}
    on_floors = {floor for viewpoint in viewpoints for floor in viewpoint.floors}
    total = stats.comments or 1
    shares = {
        "on_topic": round(len(on_floors) / total, 4) if stats.comments else 0.0,
        "off_topic": round(len(off_floors) / total, 4) if stats.comments else 0.0,
        "unassigned": round((stats.comments - len(on_floors | off_floors)) / total, 4)
        if stats.comments
        else 0.0,
    }
    summary = raw.summary.strip()
    return Digest(
        summary=summary,
        viewpoints=viewpoints,
        off_topic=digressions,
        totals={
            "push": stats.push,
            "boo": stats.boo,
            "arrow": stats.arrow,
            "net": stats.net,
            "comments": stats.comments,
            "users": stats.users,
        },
        shares=shares,
        verification=ver,
        usage=usage,
        meta=meta,
        warnings=[*warnings, ALL_INVALID_NOTE] if ver.all_invalid else warnings,
        reliability=assess(thread, summary, group_claims, kept, shares, ver),
    )


def _ground_viewpoints(
    thread: Thread, grounder: Grounder, raw: Partial, ver: Verification
) -> tuple[list[Viewpoint], list[Claim]]:
    """The answer's viewpoints with their checked floors and quotes, and what each claims."""
    viewpoints: list[Viewpoint] = []
    claims: list[Claim] = []
    for group in raw.viewpoints:
        title = group.title.strip() or "(untitled)"
        floors = check_floors(grounder, group.floors, title, ver)
        quotes = check_quotes(grounder, thread, group.quotes, title, ver)
        floors += [quote.floor for quote in quotes if quote.floor not in floors]
        if not floors:
            ver.removed.append(Removed("viewpoint", title, None, group.text, NO_VALID_FLOOR))
            continue
        claims.append(claim_of(grounder, floors))
        viewpoints.append(Viewpoint(title, group.text.strip(), floors, quotes))
    return viewpoints, claims


def _ground_digressions(
    grounder: Grounder, raw: Partial, ver: Verification
) -> tuple[list[Digression], list[Claim]]:
    """The answer's digressions with their checked floors, and what each claims."""
    digressions: list[Digression] = []
    claims: list[Claim] = []
    for group in raw.off_topic:
        title = group.title.strip() or "(untitled)"
        floors = check_floors(grounder, group.floors, title, ver)
        if not floors:
            ver.removed.append(Removed("off_topic", title, None, group.text, NO_VALID_FLOOR))
            continue
        claims.append(claim_of(grounder, floors))
        digressions.append(Digression(title, group.text.strip(), floors))
    return digressions, claims


def _keep_viewpoints(
    thread: Thread, grounder: Grounder, viewpoints: list[Viewpoint], kept: list[list[int]], ver: Verification
) -> list[Viewpoint]:
    out: list[Viewpoint] = []
    for viewpoint, floors in zip(viewpoints, kept, strict=True):
        if not floors:
            ver.removed.append(Removed("viewpoint", viewpoint.title, None, viewpoint.statement, SETTLED_AWAY))
            ver.quotes_kept -= len(viewpoint.quotes)
            continue
        mine = set(floors)
        quotes = [quote for quote in viewpoint.quotes if quote.floor in mine]
        for quote in viewpoint.quotes:
            if quote.floor not in mine:
                ver.removed.append(
                    Removed(
                        "quote",
                        viewpoint.title,
                        quote.floor,
                        quote.text,
                        msg("comment #{floor} belongs to another group", floor=quote.floor),
                    )
                )
                ver.quotes_kept -= 1
        settled = Viewpoint(
            viewpoint.title, viewpoint.statement, floors, quotes[:MAX_QUOTES], grounder.stats(floors)
        )
        settled.authors = sorted({comment.author for floor in floors if (comment := thread.comment(floor))})
        out.append(settled)
    return out


def _keep_digressions(
    grounder: Grounder, digressions: list[Digression], kept: list[list[int]], ver: Verification
) -> list[Digression]:
    out: list[Digression] = []
    for digression, floors in zip(digressions, kept, strict=True):
        if not floors:
            ver.removed.append(
                Removed("off_topic", digression.title, None, digression.description, SETTLED_AWAY)
            )
            continue
        out.append(Digression(digression.title, digression.description, floors, grounder.stats(floors)))
    return out


NO_VALID_FLOOR = msg("no valid floor supports it")
SETTLED_AWAY = msg("every comment it cites belongs to another group")
