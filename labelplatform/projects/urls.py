from django.urls import path

from labelplatform.projects import apis

urlpatterns = [
    path("projects", apis.ProjectListApi.as_view(), name="project-list"),
    path("projects/<int:project_id>", apis.ProjectDetailApi.as_view(), name="project-detail"),
    path("projects/<int:project_id>/members", apis.MemberListApi.as_view(), name="project-members"),
    path("projects/<int:project_id>/ontology", apis.OntologyApi.as_view(), name="project-ontology"),
]
