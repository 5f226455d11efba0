"""Social Desk's version: the one the app package, `socialdesk --version` and the CHANGELOG show.

It must equal `[project] version` in pyproject.toml (tests/test_versions.py checks that all agree).
"""

__version__ = "0.1.0"
