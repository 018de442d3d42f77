"""Session login for the browser, tokens for API clients."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.models import User
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from labelplatform.access import signed_in
from labelplatform.accounts import services, throttling, verification
from labelplatform.common.client_address import client_address
from labelplatform.common.fields import StrictBooleanField, StrictCharField, StrictIntegerField
from labelplatform.common.schema import errors
from labelplatform.common.site import site_origin
from labelplatform.flows.signup import signup_with_invitation
from labelplatform.projects import invitations
from labelplatform.projects.people import people_visible_to


class CredentialsSerializer(serializers.Serializer[dict[str, Any]]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=512, trim_whitespace=False)


class MeSerializer(serializers.Serializer[User]):
    id = StrictIntegerField()
    username = serializers.CharField()
    is_staff = StrictBooleanField()
    email = serializers.CharField()
    email_verified = serializers.SerializerMethodField(
        help_text="whether the address is proved; only a verified address receives invitations to it")

    def get_email_verified(self, user: User) -> bool:
        return bool(verification.verified_address(user))


class TokenOutSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField()


def _wait_if_blocked(check: Callable[..., None], **attempt: str) -> None:
    """429 with the wait when the throttle (throttling.py) says this attempt must wait."""
    try:
        check(**attempt)
    except throttling.Blocked as blocked:
        raise Throttled(wait=blocked.wait, detail=str(blocked)) from None


def _check_credentials(request: Request):  # type: ignore[no-untyped-def]
    """The user, unless the attempt must wait (429, throttling.py) or the credentials are wrong (400)."""
    data = CredentialsSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    attempt = {"username": data.validated_data["username"], "address": client_address(request._request)}
    _wait_if_blocked(throttling.login_check, **attempt)
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


class SessionApi(APIView):
    """Who the browser's session belongs to, or null: the app's first question, which is not an error
    when nobody has signed in yet (auth/me answers 401 then, and browsers log that)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=inline_serializer("Session", {"user": MeSerializer(allow_null=True)}))
    def get(self, request: Request) -> Response:
        user = MeSerializer(request.user).data if request.user.is_authenticated else None
        return Response({"user": user})


class SsoOutSerializer(serializers.Serializer[dict[str, Any]]):
    enabled = StrictBooleanField()
    name = serializers.CharField(help_text="the provider's name for the login page's button")
    login_url = serializers.CharField(help_text="where the browser goes to sign in; add ?next=<path>")


class SsoApi(APIView):
    """Whether the login page offers single sign-on (OpenID Connect, flows/sso.py), and where it starts."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(responses=SsoOutSerializer)
    def get(self, request: Request) -> Response:
        enabled = bool(settings.OIDC_ENABLED)
        return Response({"enabled": enabled, "name": settings.OIDC_PROVIDER_NAME if enabled else "",
                         "login_url": reverse("oidc-login") if enabled else ""})


@method_decorator(ensure_csrf_cookie, name="get")
class CsrfApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: {"type": "object", "properties": {"csrf_token": {"type": "string"}}}})
    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})


# Accounts in the app (issue 16): sign-up from an invitation link, passwords through e-mailed links,
# users made and deactivated by staff, the people page. Writes are in accounts/services.py and
# flows/signup.py; no answer here tells a caller whether an address has an account.


class SignupInvitationSerializer(serializers.Serializer[dict[str, Any]]):
    project = serializers.DictField(help_text="{id, name}")
    role = serializers.CharField()
    email = serializers.CharField(help_text="the invited address, which the account takes; empty for a link")


class SignupInSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField(max_length=64)
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=512, trim_whitespace=False)
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class SignupApi(APIView):
    """An invitation's link: who is invited where (GET), and the account made from it (POST)."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[OpenApiParameter("token", str, required=True)],
                   responses=SignupInvitationSerializer)
    @errors(404)  # the token is not a pending invitation's
    def get(self, request: Request) -> Response:
        invitation = invitations.invitation_of_token(request.query_params.get("token", ""))
        return Response({"project": {"id": invitation.project.pk, "name": invitation.project.name},
                         "role": invitation.role, "email": invitation.email})

    @extend_schema(request=SignupInSerializer, responses={201: MeSerializer})
    @errors(404)  # the token is not a pending invitation's
    def post(self, request: Request) -> Response:
        data = SignupInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signed_up = signup_with_invitation(**data.validated_data)
        login(request._request, signed_up.user, backend="django.contrib.auth.backends.ModelBackend")
        return Response(MeSerializer(signed_up.user).data, status=status.HTTP_201_CREATED)


class ResetRequestSerializer(serializers.Serializer[dict[str, Any]]):
    email = StrictCharField(max_length=254)


RESET_ANSWER = "if an account has this address, an e-mail with a link to set a new password is on its way"


class PasswordResetApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(request=ResetRequestSerializer, responses={202: OpenApiResponse(description=RESET_ANSWER)})
    @errors(429)
    def post(self, request: Request) -> Response:
        data = ResetRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        email = data.validated_data["email"]
        attempt = {"email": email, "address": client_address(request._request)}
        _wait_if_blocked(throttling.reset_check, **attempt)
        throttling.reset_counted(**attempt)  # every request, known address or not: the answers stay alike
        services.password_reset_request(email=email, site=site_origin(request))
        return Response({"detail": RESET_ANSWER}, status=status.HTTP_202_ACCEPTED)


class ResetConfirmSerializer(serializers.Serializer[dict[str, Any]]):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(max_length=512, trim_whitespace=False)


class PasswordResetConfirmApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(request=ResetConfirmSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        data = ResetConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_confirm(**data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeSerializer(serializers.Serializer[dict[str, Any]]):
    old_password = serializers.CharField(max_length=512, trim_whitespace=False)
    new_password = serializers.CharField(max_length=512, trim_whitespace=False)


class PasswordChangeApi(APIView):
    """The signed-in user's new password; the session stays signed in."""

    @extend_schema(request=PasswordChangeSerializer, responses={204: None})
    @errors(429)
    def post(self, request: Request) -> Response:
        data = PasswordChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A wrong current password is a failed login: a stolen session may not guess the password.
        attempt = {"username": signed_in(request).username, "address": client_address(request._request)}
        _wait_if_blocked(throttling.login_check, **attempt)
        try:
            user = services.password_change(user=signed_in(request), **data.validated_data)
        except ValidationError as refused:
            if isinstance(refused.detail, dict) and "old_password" in refused.detail:
                throttling.login_failed(**attempt)
            raise
        if request._request.session.session_key:
            update_session_auth_hash(request._request, user)
        return Response(status=status.HTTP_204_NO_CONTENT)


VERIFY_ANSWER = "an e-mail with a link to verify your address is on its way"


class EmailVerifyApi(APIView):
    """The signed-in user asks for a link that verifies their address (throttled like resets)."""

    @extend_schema(request=None, responses={202: OpenApiResponse(description=VERIFY_ANSWER)})
    @errors(429)
    def post(self, request: Request) -> Response:
        user = signed_in(request)
        attempt = {"account": str(user.pk), "address": client_address(request._request)}
        _wait_if_blocked(throttling.verify_check, **attempt)
        verification.verification_send(user=user, site=site_origin(request))
        throttling.verify_counted(**attempt)
        return Response({"detail": VERIFY_ANSWER}, status=status.HTTP_202_ACCEPTED)


class EmailVerifyConfirmSerializer(serializers.Serializer[dict[str, Any]]):
    token = StrictCharField(max_length=512)


class EmailVerifyConfirmApi(APIView):
    """The link's page: the token alone says whose address, so no session is needed."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(request=EmailVerifyConfirmSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        data = EmailVerifyConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verification.verification_confirm(token=data.validated_data["token"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectRoleSerializer(serializers.Serializer[dict[str, Any]]):
    id = StrictIntegerField(source="project.id")
    name = serializers.CharField(source="project.name")
    role = serializers.CharField()


class PersonSerializer(serializers.Serializer[Any]):  # a list of Person (projects/people.py)
    id = StrictIntegerField(source="user.id")
    username = serializers.CharField(source="user.username")
    email = serializers.CharField(source="user.email")
    is_active = StrictBooleanField(source="user.is_active")
    is_staff = StrictBooleanField(source="user.is_staff")
    last_login = serializers.DateTimeField(source="user.last_login", allow_null=True)
    projects = ProjectRoleSerializer(source="memberships", many=True)


class PeopleApi(APIView):
    """Staff: everyone; anyone else: the people of the projects they manage, with those roles."""

    @extend_schema(responses=PersonSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(PersonSerializer(people_visible_to(signed_in(request)), many=True).data)


class UserInSerializer(serializers.Serializer[dict[str, Any]]):
    username = StrictCharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    password = StrictCharField(max_length=512, trim_whitespace=False, required=False,
                               help_text="left out: the user sets one through an e-mailed link")
    is_staff = StrictBooleanField(required=False, default=False)


class UserPatchSerializer(serializers.Serializer[dict[str, Any]]):
    is_active = StrictBooleanField(required=False)
    is_staff = StrictBooleanField(required=False)
    email = serializers.EmailField(required=False, allow_blank=True)


class UserOutSerializer(serializers.Serializer[User]):
    id = StrictIntegerField()
    username = serializers.CharField()
    email = serializers.CharField()
    is_active = StrictBooleanField()
    is_staff = StrictBooleanField()


class UserListApi(APIView):
    """Staff make accounts; one without a password is e-mailed a link to set it."""

    permission_classes = [IsAdminUser]

    @extend_schema(request=UserInSerializer, responses={201: UserOutSerializer})
    def post(self, request: Request) -> Response:
        data = UserInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_create(**data.validated_data)
        if "password" not in data.validated_data:
            services.password_link_send(user=user, site=site_origin(request), welcome=True)
        return Response(UserOutSerializer(user).data, status=status.HTTP_201_CREATED)


class UserDetailApi(APIView):
    """Staff deactivate and reactivate users (their labels stay), grant staff, change the address."""

    permission_classes = [IsAdminUser]

    @extend_schema(request=UserPatchSerializer, responses=UserOutSerializer)
    def patch(self, request: Request, user_id: int) -> Response:
        data = UserPatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = get_object_or_404(User, pk=user_id)
        user = services.user_update(user=user, by=signed_in(request), **data.validated_data)
        return Response(UserOutSerializer(user).data)


class PasswordLinkOutSerializer(serializers.Serializer[dict[str, Any]]):
    url = serializers.CharField()


class UserPasswordLinkApi(APIView):
    """Staff hand a user a link to set their password: e-mailed when the user has an address, and
    answered here for a user without one (the embedded install prints e-mails on the console)."""

    permission_classes = [IsAdminUser]

    @extend_schema(request=None, responses=PasswordLinkOutSerializer)
    def post(self, request: Request, user_id: int) -> Response:
        user = get_object_or_404(User, pk=user_id, is_active=True)
        services.user_manage_check(user=user, by=signed_in(request))
        services.password_link_send(user=user, site=site_origin(request))
        return Response({"url": services.password_link(user=user, site=site_origin(request))})
