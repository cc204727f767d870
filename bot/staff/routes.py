"""The /staff route table, and the setup that mounts it with its guard.

The handlers live in bot/staff/views (one module per resource), the guard that requires a
login and checks CSRF in bot/staff/guard.py, the pages in bot/staff/templates.
"""

from __future__ import annotations

from aiohttp import web

from bot.config import Settings
from bot.keys import STAFF_KEY
from bot.staff.guard import LOGIN_PATH, staff_guard
from bot.staff.history import History
from bot.staff.sessions import Sessions
from bot.staff.state import Staff
from bot.staff.views import accounts, assets, cases_api, feedback, inbox, offers, templates
from bot.templates import TemplateStore

ROUTES = [
    web.get("/staff", templates.home),
    web.get(LOGIN_PATH, accounts.login_page),
    web.post(LOGIN_PATH, accounts.login),
    web.post("/staff/logout", accounts.logout),
    *(web.get(f"/staff/static/{name}", assets.static_file) for name in assets.FILES),
    web.get("/staff/templates", templates.templates_list),
    web.get("/staff/templates/{name}", templates.template_form),
    web.post("/staff/templates/{name}", templates.template_post),
    web.post("/staff/templates/{name}/preview", templates.template_preview),
    web.get("/staff/templates/{name}/history", templates.template_history),
    web.post("/staff/templates/{name}/restore", templates.template_restore),
    web.get("/staff/offers", offers.offers_list),
    web.get("/staff/offers/{offer_id}", offers.offer_form),
    web.post("/staff/offers/{offer_id}", offers.offer_post),
    web.post("/staff/offers/{offer_id}/preview", offers.offer_preview),
    web.get("/staff/offers/{offer_id}/history", offers.offer_history),
    web.post("/staff/offers/{offer_id}/restore", offers.offer_restore),
    web.get(feedback.CHECKING_PATH, feedback.checking_list),
    web.post(feedback.CHECKING_PATH + "/{offer_id}", feedback.checked_today),
    web.get("/staff/feedback.csv", feedback.feedback_csv),
    web.get(inbox.INBOX_PATH, inbox.inbox),
    web.get("/staff/api/cases", cases_api.list_cases),
    web.get("/staff/api/cases/{code}", cases_api.get_case),
    web.post("/staff/api/cases/{code}/take", cases_api.take_case),
    web.post("/staff/api/cases/{code}/reply", cases_api.reply_case),
    web.post("/staff/api/cases/{code}/close", cases_api.close_case),
    web.get("/staff/api/events", cases_api.events),
]


def setup_staff(app: web.Application, settings: Settings, templates: TemplateStore) -> None:
    """Mount the staff editor on `app` (its guard also protects the simulator in production)."""
    app[STAFF_KEY] = Staff(
        settings,
        templates,
        Sessions(settings.staff_session_secret),
        History(settings.staff_data_dir),
    )
    app.middlewares.append(staff_guard)
    app.router.add_routes(ROUTES)
    app.on_shutdown.append(cases_api.end_event_streams)
