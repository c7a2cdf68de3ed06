"""The one place the version is written; pyproject.toml reads it, ``samosa --version`` prints it.

``PROJECT_URL`` is the project's home, also given in pyproject.toml's ``[project.urls]``
(a test keeps the two equal); SARIF output links to it (``informationUri``, ``helpUri``).
"""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/samosa-arbetsmiljo/samosa"
