"""The Teams app package: manifest builder, settings, drawn icons and the zip builder."""
