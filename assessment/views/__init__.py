"""The meeting's pages (Redskab 3) and what follows (Redskab 4, follow-up)."""
