"""Accounts: made by staff or from an invitation, passwords set and reset through e-mailed links,
deactivation.

Nothing here tells a caller whether an address or name belongs to an account, except where the caller
may know it anyway (staff making a user; someone choosing a user name for their new account). A reset
request answers the same either way; the e-mail goes only to active accounts with that address. The
links carry Django's PasswordResetTokenGenerator token, which stops working once the password (or the
last login) changes, and after PASSWORD_RESET_TIMEOUT.
"""

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from rest_framework.exceptions import PermissionDenied, ValidationError

from labelplatform.accounts.verification import verified_forget, verified_mark

BAD_LINK = "this link is invalid or has expired: ask for a new one"


def _checked_password(password: str, user: User, field: str = "password") -> None:
    """Django's AUTH_PASSWORD_VALIDATORS, as a 400 on `field`."""
    try:
        validate_password(password, user)
    except DjangoValidationError as invalid:
        raise ValidationError({field: list(invalid.messages)}) from None


def username_check(username: str) -> str:
    """The user name as stored; 400 if it is taken or not a valid name."""
    username = username.strip()
    field = User._meta.get_field("username")
    try:
        field.run_validators(username)
    except DjangoValidationError as invalid:
        raise ValidationError({"username": list(invalid.messages)}) from None
    if not username or User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": ["that user name is taken or not allowed; choose another"]})
    return username


@transaction.atomic
def user_create(*, username: str, email: str = "", password: str | None = None, is_staff: bool = False) -> User:
    """A new active account. Without a password it has none usable until its owner sets one through
    a link (password_link_send)."""
    username = username_check(username)
    user = User(username=username, email=email.strip().lower(), is_staff=is_staff)
    if password is None:
        user.set_unusable_password()
    else:
        _checked_password(password, user)
        user.set_password(password)
    user.save()
    return user


def password_link(*, user: User, site: str) -> str:
    """The page that sets a new password for `user`; `site` is the origin, e.g. https://labels.example."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"{site.rstrip('/')}/reset-password?uid={uid}&token={default_token_generator.make_token(user)}"


def password_link_send(*, user: User, site: str, welcome: bool = False) -> None:
    """E-mail `user` a link to set their password (after the transaction commits)."""
    if not user.email:
        return
    link = password_link(user=user, site=site)
    if welcome:
        subject = "Your labelplatform account"
        text = f"An account with the user name \"{user.username}\" was made for you.\nSet your password here:\n"
    else:
        subject = "Reset your labelplatform password"
        text = (f"Someone asked to reset the password of the account \"{user.username}\".\n"
                "If it was you, set a new one here; if not, ignore this e-mail:\n")
    transaction.on_commit(lambda: send_mail(subject=subject, message=f"{text}{link}\n", from_email=None,
                                            recipient_list=[user.email]))


def password_reset_request(*, email: str, site: str) -> None:
    """Send a reset link to each active account with this address; nothing else happens when none has it."""
    email = email.strip()
    if not email:
        return
    for user in User.objects.filter(email__iexact=email, is_active=True):
        password_link_send(user=user, site=site)


def _user_of_link(uid: str, token: str) -> User:
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        raise ValidationError({"detail": BAD_LINK}) from None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        raise ValidationError({"detail": BAD_LINK})
    return user


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, password: str) -> User:
    """Set the password a reset link is for; the link stops working once used. The link went to the
    account's address and its token covers that address, so using it proves the address."""
    user = _user_of_link(uid, token)
    _checked_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    verified_mark(user)
    return user


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> User:
    """A signed-in user's change: the current password must be right (400 otherwise)."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": ["the current password is wrong"]})
    _checked_password(new_password, user, "new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


def user_manage_check(*, user: User, by: User) -> None:
    """Staff manage accounts, but a superuser's only another superuser: a staff member who could
    change a superuser's address or get a link to set their password would take the account over."""
    if user.is_superuser and not by.is_superuser:
        raise PermissionDenied("only a superuser may change a superuser's account")


@transaction.atomic
def user_update(*, user: User, by: User, is_active: bool | None = None, is_staff: bool | None = None,
                email: str | None = None) -> User:
    """Staff deactivate or reactivate an account, grant or take staff, change its address. A
    deactivated user cannot sign in, and their sessions and API tokens stop working (Django's
    ModelBackend and accounts/authentication.py refuse inactive users); their labels stay."""
    user_manage_check(user=user, by=by)
    if user.pk == by.pk and (is_active is False or is_staff is False):
        raise ValidationError({"detail": "you cannot deactivate yourself or take away your own staff status"})
    fields: list[str] = []
    if is_active is not None:
        user.is_active, fields = is_active, [*fields, "is_active"]
    if is_staff is not None:
        user.is_staff, fields = is_staff, [*fields, "is_staff"]
    if email is not None and email.strip().lower() != user.email:
        user.email, fields = email.strip().lower(), [*fields, "email"]
        verified_forget(user)  # staff typing an address proves nothing about who reads it
    if fields:
        user.save(update_fields=fields)
    return user
