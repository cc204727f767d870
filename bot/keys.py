"""Every typed key of the gateway's aiohttp application and requests, in one place."""

from __future__ import annotations

from aiohttp import web

from bot.conversation import Line
from bot.feedback import FeedbackStore
from bot.handover.push import Pusher
from bot.handover.store import CaseStore
from bot.staff.sessions import Session
from bot.staff.state import Staff

#: The line that answers every message (set up in bot/app.py's cleanup context).
LINE_KEY = web.AppKey("line", Line)
#: What the staff pages share (bot/staff/routes.py's setup_staff).
STAFF_KEY = web.AppKey("staff", Staff)
#: Where the staff guard puts the request's Session (the simulator reads it in production).
SESSION_KEY = web.RequestKey("lygte_staff_session", Session)
#: The "did it help?" counts (bot/feedback.py): the line records, the staff pages read.
FEEDBACK_KEY = web.AppKey("feedback", FeedbackStore)
#: The open cases of people talking to staff (bot/handover/store.py): the line routes, the
#: staff inbox reads and answers.
CASES_KEY = web.AppKey("cases", CaseStore)
#: Push delivery of staff replies after the person's yes (bot/handover/push.py): the staff
#: reply sends, close erases the address; the Signal channel adds its sender.
PUSHER_KEY = web.AppKey("pusher", Pusher)
#: What the logged-in staff account may do ("edit", "answer"; bot/staff/accounts.py roles_of).
ROLES_KEY = web.RequestKey("lygte_staff_roles", frozenset)
