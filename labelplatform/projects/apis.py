"""Project, member and ontology endpoints: validate, call one service, serialize."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from labelplatform.access import ANY_MEMBER, MANAGERS, ProjectScopedView, visible_projects
from labelplatform.common.pagination import paginated
from labelplatform.projects import selectors, services
from labelplatform.projects.models import Membership
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
        project = services.project_create(user=request.user, **data.validated_data)
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
        services.project_update(project=self.project, data=data.validated_data)
        return self._out()

    @extend_schema(responses={204: OpenApiResponse(description="project deleted")})
    def delete(self, request: Request, project_id: int) -> Response:
        self.project.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def _find_user(ref: str) -> User:
    query = Q(username=ref) | Q(pk=int(ref)) if ref.isdigit() else Q(username=ref)
    user = User.objects.filter(query).first()
    if user is None:
        raise ValidationError({"user": [f"no user '{ref}'"]})
    return user


class MemberListApi(ProjectScopedView):
    roles = {"GET": ANY_MEMBER, "POST": MANAGERS, "DELETE": MANAGERS}

    @extend_schema(responses=MemberOutSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        return Response(MemberOutSerializer(selectors.members_of(self.project), many=True).data)

    @extend_schema(request=MemberInSerializer, responses={201: MemberOutSerializer})
    def post(self, request: Request, project_id: int) -> Response:
        data = MemberInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = _find_user(data.validated_data["user"])
        membership = services.member_set(project=self.project, user=user, role=data.validated_data["role"])
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
        user = _find_user(str(ref))
        get_object_or_404(Membership, project=self.project, user=user)
        services.member_remove(project=self.project, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OntologyApi(ProjectScopedView):
    roles = {"GET": ANY_MEMBER, "PUT": MANAGERS}

    @extend_schema(responses=OntologyOutSerializer)
    def get(self, request: Request, project_id: int) -> Response:
        return Response(OntologyOutSerializer(selectors.ontology_current(self.project)).data)

    @extend_schema(request=OntologySerializer, responses=OntologyOutSerializer)
    def put(self, request: Request, project_id: int) -> Response:
        data = OntologySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.ontology_save(project=self.project, user=request.user, document=data.validated_data)
        return Response(OntologyOutSerializer(version).data)
