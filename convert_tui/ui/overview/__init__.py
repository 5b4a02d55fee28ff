"""The overview: every experience and its verdict, the landing screen."""
