"""Where the bundled data is: the rule pack, the letter templates, the JSON Schemas and the rules' examples.

In the repository they are the top-level ``rules/``, ``templates/`` and ``schema/``
(where the design puts them, next to the code that reads them), and the rules' fixture
cases in ``tests/rules/`` (the examples ``samosa rules show`` prints). The build maps them
into the package as ``samosa/_data/<name>/`` (see ``[tool.setuptools.package-dir]`` in
pyproject.toml), so a wheel, an sdist, ``pipx install`` and the pre-commit hook carry
them. This is the one place that knows both layouts; everything else asks
:func:`resource_dir`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from samosa.source.problems import UsageError

BUNDLED = ("rules", "templates", "schema", "examples")
#: Where each is in a source checkout, when not at the top level under its own name.
CHECKOUT_PATHS = {"examples": "tests/rules"}
DISTRIBUTION = "samosa-arbetsmiljo"


def _package_dir() -> Path:
    root = files("samosa")
    # A regular package on disk is a pathlib.Path; a zip import is not, and
    # FileSystemLoader and rglob need real directories.
    return root if isinstance(root, Path) else Path(str(root))


def resource_dir(name: str) -> Path:
    """The directory of bundled ``name`` (one of :data:`BUNDLED`), installed or in a checkout.

    Returns the installed location even when it is missing, so that the caller's
    message names where it looked; :func:`require_resource_dir` raises instead.
    """
    if name not in BUNDLED:
        raise ValueError(f"unknown bundled resource {name!r}")
    package = _package_dir()
    installed = package / "_data" / name
    if installed.is_dir():
        return installed
    checkout = package.parent
    # A source checkout or an editable install: the package sits next to pyproject.toml.
    in_checkout = checkout / CHECKOUT_PATHS.get(name, name)
    if (checkout / "pyproject.toml").is_file() and in_checkout.is_dir():
        return in_checkout
    return installed


def missing_message(name: str, where: Path) -> str:
    what = {
        "rules": "rule pack is",
        "templates": "templates are",
        "schema": "JSON Schemas are",
        "examples": "rules' examples are",
    }[name]
    return (
        f"the bundled {what} missing from this installation of samosa (looked in {where}); "
        f"reinstall it with `pip install --force-reinstall {DISTRIBUTION}`"
    )


def require_resource_dir(name: str) -> Path:
    """Like :func:`resource_dir`, but a missing directory is a clear error, not a crash later."""
    where = resource_dir(name)
    if not where.is_dir():
        raise UsageError(missing_message(name, where))
    return where


__all__ = ["BUNDLED", "DISTRIBUTION", "missing_message", "require_resource_dir", "resource_dir"]
