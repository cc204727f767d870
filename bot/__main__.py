"""`python -m bot`: run the gateway (normally started by `make run` through honcho)."""

from __future__ import annotations

import logging
import sys

from aiohttp import web

from bot.app import create_app
from bot.config import ConfigError, load_settings
from lygte import gc_freeze, log_guard

LOG_FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"


def main() -> int:
    """Start the gateway; exit 2 with a clear message when the settings are unsafe."""
    # LOG_LEVEL=DEBUG shows which steps ran; their content is withheld (lygte/log_guard.py).
    log_guard.install()
    log = logging.getLogger("bot")
    try:
        settings = load_settings()
    except ConfigError as error:
        logging.basicConfig(format=LOG_FORMAT)
        log.error("not starting: %s", error)
        return 2
    logging.basicConfig(level=settings.log_level, format=LOG_FORMAT)
    log.info("gateway on http://%s:%s (%s mode)", settings.host, settings.port, settings.mode)
    if not settings.production:
        log.info("phone simulator: http://%s:%s/simulator", settings.host, settings.port)
    app = create_app(settings)
    gc_freeze.freeze_once()  # what is loaded now lives as long as the gateway (lygte/gc_freeze.py)
    # No access log: request lines and client addresses are not ours to keep.
    web.run_app(app, host=settings.host, port=settings.port, access_log=None, print=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
