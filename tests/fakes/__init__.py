"""Faithful fakes of the outside services the line talks to (on 127.0.0.1 only)."""
