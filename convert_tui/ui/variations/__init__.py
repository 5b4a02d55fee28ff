"""The variation editor: the list, the read-only code view, drafts and their form."""
