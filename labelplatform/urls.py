from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from labelplatform.web import views as web

api: list[URLPattern | URLResolver] = [
    path("", include("labelplatform.accounts.urls")),
    path("", include("labelplatform.projects.urls")),
    path("", include("labelplatform.assets.urls")),
    path("", include("labelplatform.labels.urls")),
    path("", include("labelplatform.jobs.urls")),
    path("", include("labelplatform.workflow.urls")),
    path("", include("labelplatform.quality.urls")),
    path("", include("labelplatform.datasets.urls")),
    path("", include("labelplatform.prelabel.urls")),
    path("", include("labelplatform.dataengine.urls")),
    path("", include("labelplatform.sequences.urls")),
    path("", include("labelplatform.discussions.urls")),
    path("", include("labelplatform.notifications.urls")),
    path("", include("labelplatform.webhooks.urls")),
    path("", include("labelplatform.buckets.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
]

urlpatterns = [
    path("api/v1/", include(api)),
    path("admin/", admin.site.urls),
    path("healthz", web.health, name="health"),
    re_path(r"^favicon\.(?P<kind>ico|svg)$", web.favicon, name="favicon"),
    # Everything else is a route of the single-page app.
    re_path(r"^(?!api/|static/|admin/)(?P<path>.*)$", web.spa, name="spa"),
]

# JSON error answers under /api/ (common/error_pages.py).
handler400 = "labelplatform.common.error_pages.bad_request"
handler403 = "labelplatform.common.error_pages.permission_denied"
handler404 = "labelplatform.common.error_pages.page_not_found"
handler500 = "labelplatform.common.error_pages.server_error"
