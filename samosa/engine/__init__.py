"""The engine: evaluate a rule book against an organisation on a date.

``evaluate`` returns an ``Assessment`` (the result contract in ``findings``);
waivers and baselines adjust how an assessment gates CI without changing a
verdict; ``batch`` checks many files. Nothing here prints or renders.
"""
