"""Reflex states: thin, JSON-friendly vars; handlers check the caller, call services, set views."""
