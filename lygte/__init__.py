"""Lygte's core: the pure domain that the gateway (bot/), the engine (engine/) and the
action server (actions/) share.

Needs and names, text folding, GSM-7, the lock-screen words, hours, places, the offers
catalogue, ranking, the menu and the follow-up rules. It imports only the standard library,
PyYAML, opening-hours-py and rapidfuzz, and reads no environment variable (settings are
passed in), so it runs under both Python environments (tests/core checks that it imports no
framework).
"""
