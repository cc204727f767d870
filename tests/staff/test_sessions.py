"""The staff sessions' guarantees (docs/decisions/0004): a signed random id in the cookie,
nothing about the account in it, expiry and logout decided on the server, a new id per login."""

from __future__ import annotations

import secrets
import time

from bot.staff.sessions import Sessions, csrf_ok


def test_the_cookie_is_a_signed_random_id_without_the_account() -> None:
    sessions = Sessions(secrets.token_bytes(32))
    cookie, session = sessions.create("mette")
    session_id, _, signature = cookie.partition(".")
    assert "mette" not in cookie and len(session_id) >= 40 and len(signature) == 64
    assert sessions.get(cookie) is session
    assert sessions.get(f"{session_id}.{'0' * 64}") is None
    assert Sessions(secrets.token_bytes(32)).get(cookie) is None  # another secret


def test_every_login_gets_a_new_id_and_its_own_csrf_token() -> None:
    sessions = Sessions(secrets.token_bytes(32))
    first, one = sessions.create("mette")
    second, other = sessions.create("mette")
    assert first != second and one.csrf != other.csrf
    assert csrf_ok(one, one.csrf) and not csrf_ok(one, other.csrf) and not csrf_ok(one, "")


def test_expiry_and_logout_are_decided_on_the_server() -> None:
    sessions = Sessions(secrets.token_bytes(32))
    expired, session = sessions.create("mette")
    session.expires = time.time() - 1
    assert sessions.get(expired) is None
    assert sessions.get(expired) is None  # and it is gone, not only refused once
    ended, _session = sessions.create("mette")
    sessions.end(ended)
    assert sessions.get(ended) is None


def test_the_login_form_token_belongs_to_its_pre_login_cookie() -> None:
    sessions = Sessions(secrets.token_bytes(32))
    nonce, other = sessions.new_nonce(), sessions.new_nonce()
    assert sessions.login_token_ok(nonce, sessions.login_token(nonce))
    assert not sessions.login_token_ok(other, sessions.login_token(nonce))
    assert not sessions.login_token_ok(None, sessions.login_token(nonce))
