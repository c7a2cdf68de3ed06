"""The inspector's case register: a case carried along AV's chain, from tillsynsmeddelande to vite.

``register.Register`` is the API (one transaction per write, on SQLite or
PostgreSQL: ``database``); ``record`` generates the inspection record each
letter is rendered from; ``workflow`` says what is due and proposes the next
step; ``statistics`` gives AV's figures (seed 000 §4.1–4.2). See docs/cases.md.
Nothing here prints or exits; errors are ``RegisterError`` (a ``UsageError``)
or positioned ``InputError``.
"""
