"""The edition as an OAI-PMH repository: its items, their history and their metadata records."""
