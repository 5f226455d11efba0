"""Fixtures for the end-to-end tests (see tests/support/botfixtures.py)."""

from tests.support.botfixtures import pack as pack
from tests.support.botfixtures import register as register
