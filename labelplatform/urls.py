from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from labelplatform.accounts import urls as accounts
from labelplatform.assets import urls as assets
from labelplatform.buckets import urls as buckets
from labelplatform.dataengine import urls as dataengine
from labelplatform.datasets import urls as datasets
from labelplatform.discussions import urls as discussions
from labelplatform.jobs import urls as jobs
from labelplatform.labels import urls as labels
from labelplatform.notifications import urls as notifications
from labelplatform.prelabel import urls as prelabel
from labelplatform.projects import urls as projects
from labelplatform.quality import urls as quality
from labelplatform.sequences import urls as sequences
from labelplatform.web import views as web
from labelplatform.webhooks import urls as webhooks
from labelplatform.workflow import urls as workflow

# The apps' routes in one flat list, not one include() each: an include that does not match raises and
# catches a Resolver404 with the list of what it tried, which every request under /api/ paid once per app
# before its own. Names and paths are the same (no app_name, no prefix).
api: list[URLPattern | URLResolver] = [
    *(route for app in (accounts, projects, assets, labels, jobs, workflow, quality, datasets, prelabel,
                        dataengine, sequences, discussions, notifications, webhooks, buckets)
      for route in app.urlpatterns),
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
