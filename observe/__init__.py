"""Operating the running service: readiness, structured logs and optional telemetry."""
