"""Project, member and ontology endpoints: validate, call one service, serialize."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from labelplatform.access import ANY_MEMBER, MANAGERS, ProjectScopedView, signed_in, visible_projects
from labelplatform.accounts.verification import verified_address
from labelplatform.common.pagination import Pagination, paginated
from labelplatform.common.site import site_origin
from labelplatform.projects import invitations, selectors, services
from labelplatform.projects.config import NEW_PROJECT_SETTINGS
from labelplatform.projects.invitation_serializers import (
    InvitationInSerializer,
    InvitationLinkOutSerializer,
    InvitationOutSerializer,
)
from labelplatform.projects.models import Membership, Project
from labelplatform.projects.ontology import OntologySerializer
from labelplatform.projects.serializers import (
    MemberInSerializer,
    MemberOutSerializer,
    OntologyOutSerializer,
    ProjectInSerializer,
    ProjectOutSerializer,
    ProjectPatchSerializer,
)


def _roles_of(user: Any) -> dict[int, str]:
    return dict(Membership.objects.filter(user=user).values_list("project_id", "role"))


class ProjectListApi(APIView):
    pagination_class = Pagination

    @extend_schema(responses=ProjectOutSerializer(many=True))
    def get(self, request: Request) -> Response:
        projects = selectors.with_asset_counts(visible_projects(request.user))
        context = {"roles": self._roles(request)}
        return paginated(
            request, projects, lambda page: ProjectOutSerializer(page, many=True, context=context).data, self
        )

    @extend_schema(request=ProjectInSerializer, responses={201: ProjectOutSerializer})
    def post(self, request: Request) -> Response:
        data = ProjectInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = dict(data.validated_data)
        if isinstance(given["settings"], dict):  # anything else: clean_settings names the error
            given["settings"] = {**NEW_PROJECT_SETTINGS, **given["settings"]}
        project = services.project_create(user=signed_in(request), **given)
        out = ProjectOutSerializer(project, context={"roles": {project.pk: "manager"}})
        return Response(out.data, status=status.HTTP_201_CREATED)

    def _roles(self, request: Request) -> dict[int, str]:
        if request.user.is_staff:
            return {pid: "manager" for pid in visible_projects(request.user).values_list("id", flat=True)}
        return _roles_of(request.user)


class ProjectDetailApi(ProjectScopedView):
    roles = {"GET": ANY_MEMBER, "PATCH": MANAGERS, "DELETE": MANAGERS}

    def _out(self) -> Response:
        return Response(ProjectOutSerializer(self.project, context={"roles": {self.project.pk: self.role}}).data)

    @extend_schema(responses=ProjectOutSerializer)
    def get(self, request: Request, project_id: int) -> Response:
        return self._out()

    @extend_schema(request=ProjectPatchSerializer, responses=ProjectOutSerializer)
    def patch(self, request: Request, project_id: int) -> Response:
        data = ProjectPatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.project_update(project=self.project, **data.validated_data)
        return self._out()

    @extend_schema(responses={204: OpenApiResponse(description="project deleted")})
    def delete(self, request: Request, project_id: int) -> Response:
        self.project.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def _find_user(ref: str) -> User:
    """Staff only: any account by username or id (staff may list every user anyway)."""
    query = Q(username=ref) | Q(pk=int(ref)) if ref.isdigit() else Q(username=ref)
    user = User.objects.filter(query).first()
    if user is None:
        raise ValidationError({"user": [f"no user '{ref}'"]})
    return user


def _member(project: Project, ref: str) -> Membership | None:
    """The project's member named by username or id; no lookup beyond the members, so the answer
    tells a manager nothing about accounts outside the project."""
    query = Q(user__username=ref) | Q(user_id=int(ref)) if ref.isdigit() else Q(user__username=ref)
    return selectors.members_of(project).filter(query).first()


class MemberListApi(ProjectScopedView):
    """Staff add members directly. A manager changes a member's role directly and invites anyone
    else: 202 with the invitation, the same answer whether or not the name is an account's."""

    roles = {"GET": ANY_MEMBER, "POST": MANAGERS, "DELETE": MANAGERS}

    @extend_schema(responses=MemberOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        return Response(MemberOutSerializer(selectors.members_of(self.project), many=True).data)

    @extend_schema(request=MemberInSerializer, responses={
        201: MemberOutSerializer, 202: OpenApiResponse(InvitationOutSerializer, description=(
            "a manager named someone who is not a member: an invitation was made, which they accept"))})
    def post(self, request: Request, project_id: int) -> Response:
        data = MemberInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ref, role = data.validated_data["user"].strip(), data.validated_data["role"]
        member = _member(self.project, ref)
        if member is None and not self.user.is_staff:
            invitation = invitations.invitation_create(project=self.project, invitee=ref, role=role,
                                                       invited_by=self.user, site=site_origin(request))
            return Response(InvitationOutSerializer(invitation).data, status=status.HTTP_202_ACCEPTED)
        user = member.user if member is not None else _find_user(ref)
        membership = services.member_set(project=self.project, user=user, role=role)
        return Response(MemberOutSerializer(membership).data, status=status.HTTP_201_CREATED)

    # drf-spectacular documents no body on DELETE: only ?user= shows, though {"user": ...} works too.
    @extend_schema(parameters=[OpenApiParameter("user", str, required=True,
                                                description="username or numeric user id of the member")],
                   request=None, responses={204: OpenApiResponse(description="member removed")})
    def delete(self, request: Request, project_id: int) -> Response:
        ref = request.query_params.get("user") or (
            request.data.get("user") if isinstance(request.data, dict) else None
        )
        if not ref:
            raise ValidationError({"user": ["name the member to remove (?user=<username or id>)"]})
        member = _member(self.project, str(ref))
        if member is None:
            raise NotFound("no such member in this project")
        services.member_remove(project=self.project, user=member.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectInvitationsApi(ProjectScopedView):
    roles = {"GET": MANAGERS, "POST": MANAGERS}

    @extend_schema(responses=InvitationOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        return Response(InvitationOutSerializer(invitations.invitations_of(self.project), many=True).data)

    @extend_schema(request=InvitationInSerializer, responses={202: InvitationOutSerializer})
    def post(self, request: Request, project_id: int) -> Response:
        data = InvitationInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = invitations.invitation_create(project=self.project, invitee=data.validated_data["user"],
                                                   role=data.validated_data["role"], invited_by=self.user,
                                                   site=site_origin(request))
        return Response(InvitationOutSerializer(invitation).data, status=status.HTTP_202_ACCEPTED)


class ProjectInvitationApi(ProjectScopedView):
    roles = {"DELETE": MANAGERS}

    @extend_schema(responses={204: OpenApiResponse(description="invitation withdrawn")})
    def delete(self, request: Request, project_id: int, invitation_id: int) -> Response:
        invitations.invitation_revoke(project=self.project, invitation_id=invitation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectInvitationLinkApi(ProjectScopedView):
    """The sign-up link of a pending invitation, for a manager to pass on: whoever opens it makes an
    account and joins with the invited role (flows/signup.py)."""

    roles = {"GET": MANAGERS}

    @extend_schema(responses=InvitationLinkOutSerializer)
    def get(self, request: Request, project_id: int, invitation_id: int) -> Response:
        invitation = invitations.invitation_pending(project=self.project, invitation_id=invitation_id)
        return Response({"url": invitations.signup_link(invitation, site_origin(request))})


class MyInvitationsApi(APIView):
    """The caller's pending invitations, by account or by their verified e-mail address."""

    @extend_schema(responses=InvitationOutSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = signed_in(request)
        mine = invitations.invitations_for(user, verified_email=verified_address(user))
        return Response(InvitationOutSerializer(mine, many=True).data)


class InvitationAnswerApi(APIView):
    accept = True

    @extend_schema(request=None, responses=InvitationOutSerializer)
    def post(self, request: Request, invitation_id: int) -> Response:
        user = signed_in(request)
        invitation = invitations.invitation_answer(invitation_id=invitation_id, user=user, accept=self.accept,
                                                   verified_email=verified_address(user))
        return Response(InvitationOutSerializer(invitation).data)


class OntologyApi(ProjectScopedView):
    roles = {"GET": ANY_MEMBER, "PUT": MANAGERS}

    @extend_schema(responses=OntologyOutSerializer)
    def get(self, request: Request, project_id: int) -> Response:
        return Response(OntologyOutSerializer(selectors.ontology_current(self.project)).data)

    @extend_schema(request=OntologySerializer, responses=OntologyOutSerializer)
    def put(self, request: Request, project_id: int) -> Response:
        data = OntologySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.ontology_save(project=self.project, user=self.user, document=data.validated_data)
        return Response(OntologyOutSerializer(version).data)
