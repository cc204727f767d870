"""Staff sessions: a random session id in a signed cookie, the session itself in memory.

The cookie is ``<id>.<HMAC-SHA256(STAFF_SESSION_SECRET, id)>``, HttpOnly and SameSite=Strict.
A session carries its own CSRF token; logout deletes the session on the server, so an old
cookie is worthless afterwards. A restart of the gateway logs everyone out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

COOKIE = "lygte_staff"
#: Before login: a random value in this cookie, the login form's CSRF token derived from it.
LOGIN_COOKIE = "lygte_staff_login"
MAX_AGE_S = 10 * 60 * 60  # a long shift
MAX_SESSIONS = 1000


@dataclass
class Session:
    """One logged-in staff member."""

    account: str
    csrf: str
    expires: float


def _sign(secret: bytes, value: str) -> str:
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison that also takes non-ASCII input (a forged value may be any)."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class Sessions:
    """The live sessions of this gateway process."""

    def __init__(self, secret: bytes) -> None:
        self.secret = secret
        self._sessions: dict[str, Session] = {}

    def create(self, account: str) -> tuple[str, Session]:
        """Start a session for `account`; return the cookie value and the session."""
        now = time.time()
        for key in [k for k, s in self._sessions.items() if s.expires < now]:
            del self._sessions[key]
        if len(self._sessions) >= MAX_SESSIONS:
            del self._sessions[min(self._sessions, key=lambda k: self._sessions[k].expires)]
        session_id = secrets.token_urlsafe(32)
        session = Session(account, secrets.token_urlsafe(32), now + MAX_AGE_S)
        self._sessions[session_id] = session
        return f"{session_id}.{_sign(self.secret, session_id)}", session

    def get(self, cookie: str | None) -> Session | None:
        """The session a cookie value belongs to, if its signature holds and it is alive."""
        session_id, _, signature = (cookie or "").partition(".")
        if not session_id or not _same(signature, _sign(self.secret, session_id)):
            return None
        session = self._sessions.get(session_id)
        if session is None or session.expires < time.time():
            self._sessions.pop(session_id, None)
            return None
        return session

    def end(self, cookie: str | None) -> None:
        """Log out: forget the session of `cookie`."""
        if self.get(cookie) is not None:
            self._sessions.pop((cookie or "").partition(".")[0], None)

    @staticmethod
    def new_nonce() -> str:
        """A fresh random value for the login cookie."""
        return secrets.token_urlsafe(24)

    def login_token(self, nonce: str) -> str:
        """The CSRF token of the login form shown with login cookie `nonce`."""
        return _sign(self.secret, "login:" + nonce)

    def login_token_ok(self, nonce: str | None, token: str) -> bool:
        """True when `token` is the login form token for `nonce`."""
        return bool(nonce) and _same(token, self.login_token(nonce or ""))


def csrf_ok(session: Session, token: str) -> bool:
    """True when a submitted form carries the session's CSRF token."""
    return bool(token) and _same(token, session.csrf)
