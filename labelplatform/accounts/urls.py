from django.urls import path

from labelplatform.accounts import apis

urlpatterns = [
    path("auth/token", apis.TokenApi.as_view(), name="auth-token"),
    path("auth/login", apis.LoginApi.as_view(), name="auth-login"),
    path("auth/logout", apis.LogoutApi.as_view(), name="auth-logout"),
    path("auth/me", apis.MeApi.as_view(), name="auth-me"),
    path("auth/csrf", apis.CsrfApi.as_view(), name="auth-csrf"),
]
