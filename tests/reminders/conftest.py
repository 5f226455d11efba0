"""Fixtures for the digest tests: a file register, the pack, and the connector stand-ins."""

from tests.support.botfixtures import connector as connector
from tests.support.botfixtures import connector_service as connector_service
from tests.support.botfixtures import pack as pack
from tests.support.botfixtures import register as register
