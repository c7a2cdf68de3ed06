"""The inspector's case register (placeholder docstring, replaced below)."""
