"""The engine (Python 3.10): Rasa components and stores named in config.yml and endpoints.yml,
and the patches that `python -m engine` installs before it runs `rasa run` (engine/patches.py).
Importing a module of this package changes nothing in Rasa."""
