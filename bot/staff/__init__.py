"""The staff web editor under /staff: accounts, templates, offers, history (see README)."""
