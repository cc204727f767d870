"""The staff pages' request handlers, one module per resource (bot/staff/routes.py maps them)."""
