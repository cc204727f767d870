"""Channels: where a message from a phone enters the gateway and where its reply leaves."""
