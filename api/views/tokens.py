"""The "API tokens" page: a compliance officer makes tokens for their operator, a reviewer
or supervisor for their authority; the secret is shown once; the owner revokes them, and so
does a colleague who makes tokens for the same organisation (the page lists the colleagues'
tokens too: owner, name, prefix, scope, expiry and last use, never a secret)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from audit.services import client_address

from ..forms import TokenForm
from ..models import ApiToken
from ..services import (
    TokenError,
    create_token,
    organisation_of,
    organisation_tokens,
    revoke_token,
)


def _signed_in(request: HttpRequest) -> User:
    """The signed-in user (LoginRequiredMiddleware lets no one else reach these pages)."""
    if isinstance(request.user, AnonymousUser):
        raise PermissionDenied
    return request.user


def tokens(request: HttpRequest) -> HttpResponse:
    """GET: the user's tokens and the form; POST: make one and show its secret, once."""
    may_create = organisation_of(request.user) is not None
    form = TokenForm(request.POST if request.method == "POST" and may_create else None)
    status = 200
    if request.method == "POST":
        status = 400 if may_create else 403
        if may_create and form.is_valid():
            try:
                token, secret = create_token(
                    owner=request.user, address=client_address(request), **form.cleaned_data
                )
            except TokenError as exc:
                form.add_error(None, str(exc))
            else:
                context = {"token": token, "secret": secret}
                return render(request, "api/token_created.html", context, status=201)
    context = {
        "form": form,
        "may_create": may_create,
        "tokens": ApiToken.objects.filter(owner=_signed_in(request)).select_related(
            "operator", "authority", "revoked_by"
        ),
        "colleagues_tokens": organisation_tokens(request.user).select_related(
            "owner", "operator", "authority", "revoked_by"
        ),
    }
    return render(request, "api/tokens.html", context, status=status)


def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm; POST: revoke. The user's own tokens, and their organisation's if they
    make tokens for it (anyone else's: 404)."""
    user = _signed_in(request)
    revocable = ApiToken.objects.filter(owner=user) | organisation_tokens(user)
    token = get_object_or_404(revocable.select_related("owner"), pk=pk)
    status = 200
    if request.method == "POST":
        try:
            revoke_token(token=token, by=request.user, address=client_address(request))
        except TokenError as exc:
            messages.error(request, str(exc))
            status = 409
        else:
            messages.success(request, _("The token is revoked: it no longer works."))
            return redirect("api_tokens:list")
    return render(request, "api/token_revoke.html", {"token": token}, status=status)
