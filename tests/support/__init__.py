"""Test infrastructure shared across the suite: stand-ins, validators, clients."""
