"""The one HTTP route plantrack adds to Streamlit's server (serve.py): it sets or clears the sign-in cookie,
which a Streamlit script cannot do (scripts talk to the browser over a websocket, without response headers).

GET /plantrack/session?t=<one-time ticket> answers 204 with Set-Cookie (HttpOnly, SameSite=Lax, Secure on
https, Path=/); an unknown, used or expired ticket gets 404 and sets nothing. See plantrack/store/sessions.py.

Login CSRF: a ticket is a bearer token for 60 s, so an attacker could take their own and make a victim's browser
open it (signing the victim in as the attacker). Browsers mark every request with Sec-Fetch-Site, which a page
cannot forge: the route only answers a same-origin request (our own invisible frame) and refuses cross-site and
typed-in ones with 403, before the ticket is looked at, so a refused request does not use the ticket up."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..store import sessions


async def session_cookie(request: Request) -> Response:
    # Old browsers without Fetch Metadata send no header; every current one does.
    site = request.headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return Response(status_code=403, headers={"Cache-Control": "no-store"})
    got = sessions.redeem_ticket(request.query_params.get("t"))
    if got is None:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    value, max_age = got
    resp = Response(status_code=204, headers={"Cache-Control": "no-store"})
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    if value is None:
        resp.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="lax", secure=secure)
    else:
        resp.set_cookie(sessions.COOKIE, value, max_age=max_age, path="/", httponly=True, samesite="lax",
                        secure=secure)
    return resp


def routes() -> list[Route]:
    sessions.mounted = True
    return [Route(sessions.ROUTE, session_cookie, methods=["GET"])]
