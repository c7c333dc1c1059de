"""The session cookie: HttpOnly, SameSite=Lax, Secure (and ``__Host-``) behind HTTPS."""

from __future__ import annotations

from convenience_center.settings import get_settings


def session_cookie_name() -> str:
    """``__Host-cc_session`` over HTTPS (bound to the host, path /), else ``cc_session``."""
    return "__Host-cc_session" if get_settings().cookie_secure else "cc_session"


def reset_cookie_name() -> str:
    """The cookie that carries a password-reset token from the e-mailed link to the form."""
    return "__Host-cc_reset" if get_settings().cookie_secure else "cc_reset"


def browser_cookie_name() -> str:
    """The cookie that binds a sign-in to the browser that asked for it (browser_binding.py)."""
    return "__Host-cc_browser" if get_settings().cookie_secure else "cc_browser"
