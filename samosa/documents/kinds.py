"""The document kinds ``samosa render`` knows, apart from the renderer.

Kept free of Jinja2 and the inspection model so the CLI can list the kinds
without importing the whole renderer on every ``samosa check``.
"""

KINDS = (
    "tillsynsmeddelande",
    "begaran_om_komplettering",
    "inspektionsmeddelande",
    "underrattelse",
    "forelaggande",
    "self_assessment",
    "reply",
)
FORMATS = ("md", "html", "pdf")
AV_LETTERS = (
    "tillsynsmeddelande",
    "begaran_om_komplettering",
    "inspektionsmeddelande",
    "underrattelse",
    "forelaggande",
)
NEEDS_INSPECTION = AV_LETTERS + ("reply",)
