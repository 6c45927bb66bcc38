"""Cookie sessions for the pages only.

The JSON API is stateless: clients sign in with a token, residents track without an account.
Its requests neither read nor set a session cookie, so an API call spends nothing on checking
and signing one.
"""

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

API_PREFIX = "/api/"


class PageSessionInterface(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path.startswith(API_PREFIX):
            return self.make_null_session(app)
        return super().open_session(app, request)
