"""The colours of the digest's groups, shared by the HTML panels and the app's chart."""

VIEWPOINT_COLOUR = "#4c8bf5"
OFF_TOPIC_COLOUR = "#e8912d"
UNASSIGNED_COLOUR = "#9e9e9e"
