"""The rules as data: the rule model, its check vocabulary, citations and the pack loader.

A rule pack (``rules/``) is validated as a whole when it loads — every path a
check reads is resolved against the organisation model, every citation
against ``references.yaml`` — so a typo in a rule is a load error, never a
silent pass. The catalogue and coverage modules describe the pack to people.
"""
