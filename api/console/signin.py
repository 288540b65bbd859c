"""Signing in and out of the console, and sending each role to its home."""

from __future__ import annotations

from contextlib import suppress
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth.sessions import COOKIE, SIGN_IN_COOKIE, csrf_matches, sign_in_nonce
from api.auth.signin import SignInRefusedError, SignInThrottledError, sign_in
from api.console.render import page
from api.console.viewer import ViewerDep
from api.http.deps import ServicesDep, caller
from api.http.routers.auth import MAX_USERNAME, address_of
from domain.accounts.sign_in import PASSWORD_MAX

router = APIRouter(include_in_schema=False)


@router.get("/")
def root(request: Request) -> RedirectResponse:
    return RedirectResponse("/console" if request.cookies.get(COOKIE) else "/login", status_code=303)


@router.get("/console")
def home(viewer: ViewerDep) -> RedirectResponse:
    return RedirectResponse(viewer.home, status_code=303)


@router.get("/login")
def sign_in_page(request: Request, svc: ServicesDep, next: str = "/console") -> Response:
    """The sign-in form; someone still signed in (the back button after signing in) goes home."""
    session = request.cookies.get(COOKIE)
    if session:
        with suppress(HTTPException):
            caller(svc, session)
            return RedirectResponse(_local(next), status_code=303)
    return _form(request, next, error=None, status_code=200)


@router.post("/login")
def sign_in_form(
    request: Request,
    svc: ServicesDep,
    username: Annotated[str, Form(max_length=MAX_USERNAME)],
    password: Annotated[str, Form(max_length=PASSWORD_MAX)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=300)] = "/console",
) -> Response:
    if not csrf_token or csrf_token != request.cookies.get(SIGN_IN_COOKIE):
        return _form(request, next, error="表单已过期，请重新登录（the form expired: sign in again）", status_code=403)
    try:
        token = sign_in(svc, username.strip(), password, address_of(request))
    except SignInRefusedError:
        return _form(request, next, error="用户名或密码错误（wrong username or password）", status_code=401)
    except SignInThrottledError as error:
        wait = f"密码错误次数过多，请 {error.retry_after} 秒后再试（{error}）"
        response = _form(request, next, error=wait, status_code=429)
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    signed_in = RedirectResponse(_local(next), status_code=303)
    secure = request.url.scheme == "https"
    minutes = svc.settings.token_minutes
    signed_in.set_cookie(COOKIE, token, max_age=minutes * 60, httponly=True, samesite="strict", secure=secure, path="/")
    signed_in.delete_cookie(SIGN_IN_COOKIE, path="/login")
    return signed_in


@router.post("/logout")
def sign_out(
    request: Request, svc: ServicesDep, csrf_token: Annotated[str, Form(max_length=100)] = ""
) -> RedirectResponse:
    """Revokes the session (and every earlier token of the account), then forgets the cookie."""
    session = request.cookies.get(COOKIE, "")
    response = RedirectResponse("/login", status_code=303)
    if session and csrf_matches(session, csrf_token, key=svc.settings.signing_key()):
        with suppress(HTTPException):  # an expired or revoked session has nothing left to revoke
            svc.app.sign_out(username=caller(svc, session).username)
        response.delete_cookie(COOKIE, path="/")
    return response


def _form(request: Request, next_path: str, *, error: str | None, status_code: int) -> HTMLResponse:
    nonce = sign_in_nonce()
    response = page(request, "login.html", None, status_code, next=_local(next_path), error=error, csrf=nonce)
    response.set_cookie(SIGN_IN_COOKIE, nonce, httponly=True, samesite="strict", path="/login")
    return response


def _local(path: str) -> str:
    """Only a console path: a sign-in link must not send anyone to another site."""
    return path if path.startswith("/console") and "//" not in path else "/console"
