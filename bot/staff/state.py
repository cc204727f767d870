"""What the staff pages share: settings, the gateway's templates, sessions, history, throttle."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.config import Settings
from bot.staff.history import History
from bot.staff.sessions import Sessions
from bot.staff.throttle import LoginThrottle
from bot.templates import TemplateStore


@dataclass
class Staff:
    """The staff editor's state, one per gateway process."""

    settings: Settings
    templates: TemplateStore
    sessions: Sessions
    history: History
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
