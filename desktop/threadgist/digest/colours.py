"""The colours of the digest's groups, shared by the HTML panels and the app's chart."""

VIEWPOINT_COLOUR = "#4c8bf5"
OFF_TOPIC_COLOUR = "#e8912d"
UNASSIGNED_COLOUR = "#9e9e9e"

#: how far each further group of a kind moves from its kind's colour (towards white when
#: positive, black when negative): groups told apart, their kind still plain
_SHADES = (0.0, 0.38, -0.3, 0.6, -0.5, 0.2, -0.15, 0.75)


def group_colour(kind: str, index: int) -> str:
    """The colour of a kind's ``index``-th group ("viewpoint", "digression", or anything
    else for lines in no group), a shade of the share bar's colour for its kind."""
    base = {"viewpoint": VIEWPOINT_COLOUR, "digression": OFF_TOPIC_COLOUR}.get(kind, UNASSIGNED_COLOUR)
    shade = _SHADES[index % len(_SHADES)]
    channels = [int(base[i : i + 2], 16) for i in (1, 3, 5)]
    target = 255 if shade > 0 else 0
    mixed = [round(value + (target - value) * abs(shade)) for value in channels]
    return "#" + "".join(f"{value:02x}" for value in mixed)
