"""Who may add whom: membership by invitation.

A manager invites by user name or e-mail address with a role; the invited user accepts or
declines. Staff add members directly. The answer to an invitation is the same whether or not
the name or address belongs to an account, so inviting cannot be used to find out who has one:
the invitation is stored either way. An invitation by user name names that account. One by
e-mail address names no account: its address is sent the sign-up link (`/signup?token=...`,
flows/signup.py makes the account and accepts), and it waits for an account whose *verified*
address it is (accounts/verification.py; the caller passes that address in). An address typed at
sign-up proves nothing: matching on it would let anyone with a sign-up link take the invitations
of any address (issue 14, invitation hijack). A manager may also copy the link of any pending
invitation and pass it on.
"""

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from rest_framework.exceptions import NotFound, ValidationError

from labelplatform.projects.models import Invitation, InvitationStatus, Membership, Project
from labelplatform.projects.services import member_added


def _normalized(invitee: str) -> tuple[str, str]:
    """(invitee as stored, e-mail address or ""): addresses compare case-insensitively."""
    invitee = invitee.strip()
    if "@" in invitee:
        return invitee.lower(), invitee.lower()
    return invitee, ""


def _account_of(invitee: str) -> User | None:
    return User.objects.filter(username=invitee, is_active=True).first()


@transaction.atomic
def invitation_create(*, project: Project, invitee: str, role: str, invited_by: User, site: str = "") -> Invitation:
    """Invite `invitee` (a user name or an e-mail address). A pending invitation of the same
    invitee gets the new role. Answers alike whether or not an account has that name. An address
    is e-mailed the sign-up link (`site`: the origin the link starts with); an account with that
    verified address finds it on its Invitations page instead."""
    invitee, email = _normalized(invitee)
    if not invitee:
        raise ValidationError({"user": ["name the user name or e-mail address to invite"]})
    user = None if email else _account_of(invitee)
    invitation, _ = Invitation.objects.update_or_create(
        project=project, invitee=invitee, status=InvitationStatus.PENDING,
        defaults={"email": email, "user": user, "role": role, "invited_by": invited_by},
    )
    if user is not None and user.email:
        transaction.on_commit(lambda: _notify(invitation, user))
    elif email:
        transaction.on_commit(lambda: _send_link(invitation, site))
    return invitation


def signup_link(invitation: Invitation, site: str = "") -> str:
    """The page where the holder of an invitation makes an account and joins with its role."""
    return f"{site.rstrip('/')}/signup?token={invitation.token}"


def _send_link(invitation: Invitation, site: str) -> None:
    """An e-mail with the sign-up link to an invited address (whether or not an account has it)."""
    send_mail(
        subject=f"Invitation to the project {invitation.project.name}",
        message=(f"{invitation.invited_by.username if invitation.invited_by else 'A manager'} invited you to "
                 f"the project \"{invitation.project.name}\" as {invitation.role}.\n"
                 f"Make your account and join here:\n{signup_link(invitation, site)}\n"
                 "If you have an account with this address, verify the address there and accept the "
                 "invitation on the platform's Invitations page (/invitations) instead.\n"),
        from_email=None, recipient_list=[invitation.email], fail_silently=True,
    )


def _notify(invitation: Invitation, user: User) -> None:
    """An e-mail to the invited account (the console backend in the embedded install)."""
    send_mail(
        subject=f"Invitation to the project {invitation.project.name}",
        message=(f"{invitation.invited_by.username if invitation.invited_by else 'A manager'} invited you to "
                 f"the project \"{invitation.project.name}\" as {invitation.role}.\n"
                 "Accept or decline it on the platform's Invitations page (/invitations).\n"),
        from_email=None, recipient_list=[user.email], fail_silently=True,
    )


def invitations_for(user: User, *, verified_email: str) -> QuerySet[Invitation]:
    """Pending invitations addressed to `user`: by account, or by their address if it is verified
    (`verified_email`, "" when not: accounts.verification.verified_address)."""
    mine = Q(user=user)
    if verified_email:
        mine |= Q(user__isnull=True, email=verified_email.strip().lower())
    return (Invitation.objects.filter(mine, status=InvitationStatus.PENDING)
            .select_related("project", "invited_by"))


def invitations_of(project: Project) -> QuerySet[Invitation]:
    """A project's pending invitations, for its managers."""
    return project.invitations.filter(status=InvitationStatus.PENDING).select_related("project", "invited_by")


@transaction.atomic
def invitation_answer(*, invitation_id: int, user: User, accept: bool, verified_email: str) -> Invitation:
    """Accept (the user becomes a member with the invitation's role) or decline. Only the invited
    user may answer; any other caller, and an invitation no longer pending, gets 404."""
    mine = invitations_for(user, verified_email=verified_email)
    invitation = mine.select_for_update(of=("self",)).filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound("invitation not found")
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.user, invitation.answered_at = user, timezone.now()
    invitation.save(update_fields=["status", "user", "answered_at"])
    if accept:
        _join(invitation, user)
    return invitation


def _join(invitation: Invitation, user: User) -> Membership:
    """An invitation makes a member (member.added); it never changes an existing member's role."""
    membership, created = Membership.objects.get_or_create(project=invitation.project, user=user,
                                                           defaults={"role": invitation.role})
    if created:
        member_added(membership)
    return membership


def invitation_revoke(*, project: Project, invitation_id: int) -> None:
    updated = project.invitations.filter(pk=invitation_id, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.REVOKED, answered_at=timezone.now())
    if not updated:
        raise NotFound("invitation not found")


def invitation_of_token(token: str, *, lock: bool = False) -> Invitation:
    """The pending invitation a sign-up link carries; 404 for any other token, used or not."""
    found = Invitation.objects.filter(token=token, status=InvitationStatus.PENDING).select_related("project")
    invitation = (found.select_for_update(of=("self",)) if lock else found).first() if token else None
    if invitation is None:
        raise NotFound("this invitation link is invalid or no longer open")
    return invitation


def invitation_pending(*, project: Project, invitation_id: int) -> Invitation:
    invitation = invitations_of(project).filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound("invitation not found")
    return invitation


@transaction.atomic
def invitation_accept_as(*, invitation: Invitation, user: User) -> Membership:
    """The holder of the invitation's link, signed up as `user`, takes the invited role."""
    invitation.status, invitation.user, invitation.answered_at = InvitationStatus.ACCEPTED, user, timezone.now()
    invitation.save(update_fields=["status", "user", "answered_at"])
    return _join(invitation, user)
