"""Session login for the browser, tokens for API clients."""

from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.models import User
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from labelplatform.access import signed_in
from labelplatform.accounts import throttling
from labelplatform.common.client_address import client_address
from labelplatform.common.schema import errors


class CredentialsSerializer(serializers.Serializer[dict[str, Any]]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=512, trim_whitespace=False)


class MeSerializer(serializers.Serializer[User]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    is_staff = serializers.BooleanField()


class TokenOutSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField()


def _check_credentials(request: Request):  # type: ignore[no-untyped-def]
    """The user, unless the attempt must wait (429, throttling.py) or the credentials are wrong (400)."""
    data = CredentialsSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    attempt = {"username": data.validated_data["username"], "address": client_address(request._request)}
    try:
        throttling.login_check(**attempt)
    except throttling.LoginBlocked as blocked:
        raise Throttled(wait=blocked.wait, detail=str(blocked)) from None
    user = authenticate(request._request, **data.validated_data)
    if user is None or not user.is_active:
        throttling.login_failed(**attempt)
        raise ValidationError({"detail": "wrong username or password"})
    throttling.login_succeeded(**attempt)
    return user


class TokenApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(request=CredentialsSerializer, responses={200: TokenOutSerializer})
    @errors(429)
    def post(self, request: Request) -> Response:
        user = _check_credentials(request)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class LoginApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=CredentialsSerializer, responses=MeSerializer)
    @errors(429)
    def post(self, request: Request) -> Response:
        user = _check_credentials(request)
        login(request._request, user)
        return Response(MeSerializer(user).data)


class LogoutApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(signed_in(request)).data)


@method_decorator(ensure_csrf_cookie, name="get")
class CsrfApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: {"type": "object", "properties": {"csrf_token": {"type": "string"}}}})
    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})
