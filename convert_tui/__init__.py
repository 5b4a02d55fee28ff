"""convert-tui: a keyboard-driven terminal explorer for Convert Experiences (API v1)."""

__version__ = "0.1.0"
