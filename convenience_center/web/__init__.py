"""Plain HTTP endpoints beside the Reflex app: the session cookie, security headers."""
