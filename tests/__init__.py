"""Social Desk test suite."""
