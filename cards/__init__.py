"""Adaptive Card builders: pure functions from plain data to card JSON (schema 1.5), no I/O."""
