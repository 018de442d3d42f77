from django.urls import path

from labelplatform.projects import apis

urlpatterns = [
    path("projects", apis.ProjectListApi.as_view(), name="project-list"),
    path("projects/<int:project_id>", apis.ProjectDetailApi.as_view(), name="project-detail"),
    path("projects/<int:project_id>/members", apis.MemberListApi.as_view(), name="project-members"),
    path("projects/<int:project_id>/invitations", apis.ProjectInvitationsApi.as_view(), name="project-invitations"),
    path("projects/<int:project_id>/invitations/<int:invitation_id>", apis.ProjectInvitationApi.as_view(),
         name="project-invitation"),
    path("projects/<int:project_id>/invitations/<int:invitation_id>/link", apis.ProjectInvitationLinkApi.as_view(),
         name="project-invitation-link"),
    path("invitations", apis.MyInvitationsApi.as_view(), name="my-invitations"),
    path("invitations/<int:invitation_id>/accept", apis.InvitationAnswerApi.as_view(accept=True),
         name="invitation-accept"),
    path("invitations/<int:invitation_id>/decline", apis.InvitationAnswerApi.as_view(accept=False),
         name="invitation-decline"),
    path("projects/<int:project_id>/ontology", apis.OntologyApi.as_view(), name="project-ontology"),
]
