"""The request type of views behind the access matrix (for typing only).

Every view that is not public passes `AccessMiddleware` (accounts/middleware.py) first, so its
`request.user` is a signed-in `User`, never `AnonymousUser`. Annotating such views with
`AuthenticatedRequest` lets mypy check the services they call, which take a `User`.
"""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    user: User
