"""Fixtures for the operating tests (see tests/support/botfixtures.py)."""

from tests.support.botfixtures import connector as connector
from tests.support.botfixtures import connector_service as connector_service
from tests.support.botfixtures import local_bot as local_bot
from tests.support.botfixtures import local_settings as local_settings
from tests.support.botfixtures import pack as pack
from tests.support.botfixtures import register as register
