"""The source layer: reading YAML files into plain data with positions, and writing outputs.

Everything above this package sees plain dicts and lists plus a ``SourceMap``
(path → ``file:line:col``); every problem a user can cause is a ``Problem``
with a position. Nothing here knows what an organisation or a rule is.
"""
