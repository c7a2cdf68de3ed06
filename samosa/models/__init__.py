"""The models of the files a user writes: ``org.yaml``, the inspection record, waivers.

Pydantic models with Swedish descriptions (they become the JSON Schemas), the
loaders that validate a file and check its cross-references, and the Swedish
working-day calendar the inspection record's dates are checked against.
"""
