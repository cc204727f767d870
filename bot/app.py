"""The gateway's web application: one place that lists every route."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import aiohttp
from aiohttp import web

from bot.channels import signal, sms
from bot.config import Settings
from bot.conversation import Line
from bot.engine_pool import EnginePool
from bot.feedback import FeedbackStore
from bot.handover.push import make_pusher
from bot.handover.store import MemoryCaseStore
from bot.health import healthz
from bot.keys import CASES_KEY, FEEDBACK_KEY, PUSHER_KEY
from bot.redis_state import shared_state
from bot.simulator import simulator_message, simulator_page
from bot.staff.routes import setup_staff
from bot.templates import TemplateStore
from bot.usage import UsageStore
from bot.usage_web import add_usage_routes


def create_app(settings: Settings) -> web.Application:
    """Build the gateway application for `settings`."""
    app = web.Application(client_max_size=256 * 1024)
    templates = TemplateStore(settings.responses_dir, settings.default_language)
    templates.templates()  # fail at start, not at the first message, if a file is broken
    usage = UsageStore(settings.usage_db)  # anonymous counts for the staff (bot/usage.py)
    app[FEEDBACK_KEY] = FeedbackStore(settings.feedback_db)  # per offer and day (bot/feedback.py)

    async def client_session(app: web.Application):
        # Redis mode: limits and per-person order shared by every gateway (bot/redis_state.py)
        async with (
            aiohttp.ClientSession() as session,
            shared_state(settings) as state,
        ):
            engine = EnginePool(session, settings.engine_urls, settings.engine_timeout_s)
            # talking to a person (bot/handover/): in Redis in Redis mode, else in this
            # process's memory (lost on restart; the staff inbox says so)
            app[CASES_KEY] = state.get("cases") or MemoryCaseStore(
                timedelta(seconds=settings.handover.max_age_s)
            )
            # push after the person's yes: the address encrypted in Redis or in memory
            app[PUSHER_KEY] = pusher = make_pusher(settings, app[CASES_KEY], state.get("tokens"))
            feedback = app[FEEDBACK_KEY]  # the line counts, the staff pages read
            app[sms.LINE_KEY] = line = Line(
                settings,
                templates,
                engine,
                usage=usage,
                feedback=feedback,
                cases=app[CASES_KEY],
                limiter=state.get("limiter"),
                turns=state.get("turns"),
                pusher=pusher,
            )
            pusher.ceiling = line.limiter  # pushed replies count against the line's ceiling
            watchers = [
                asyncio.create_task(engine.watch()),
                asyncio.create_task(line.handover.keep_expiring()),  # HANDOFF_HOURS
            ]
            try:
                yield
            finally:
                for watcher in watchers:
                    watcher.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await watcher
                await pusher.close()

    app.cleanup_ctx.append(client_session)
    app.cleanup_ctx.append(signal.signal_channel)  # after the line exists; off if unset
    app.router.add_get("/healthz", healthz)
    app.router.add_post(sms.PATH, sms.handle_sms)
    app.router.add_get("/simulator", simulator_page)
    app.router.add_post("/simulator/api/message", simulator_message)
    setup_staff(app, settings, templates)  # /staff, and the login in front of the simulator
    add_usage_routes(app.router, usage)  # /staff/usage.csv and chart: behind the staff login
    return app
