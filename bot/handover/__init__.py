"""Talking to a person (issue 16): the case store and how the person's texts are routed."""
