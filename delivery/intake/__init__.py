"""Intake: finished documents come in by form, CSV or API, are checked, and are marked ready."""
