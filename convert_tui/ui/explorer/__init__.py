"""The explorer: the project tree and the detail pane beside it."""
