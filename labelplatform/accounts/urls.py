from django.urls import path

from labelplatform.accounts import apis, oidc_views

urlpatterns = [
    path("auth/token", apis.TokenApi.as_view(), name="auth-token"),
    path("auth/login", apis.LoginApi.as_view(), name="auth-login"),
    path("auth/logout", apis.LogoutApi.as_view(), name="auth-logout"),
    path("auth/me", apis.MeApi.as_view(), name="auth-me"),
    path("auth/session", apis.SessionApi.as_view(), name="auth-session"),
    path("auth/csrf", apis.CsrfApi.as_view(), name="auth-csrf"),
    path("auth/sso", apis.SsoApi.as_view(), name="auth-sso"),
    # Single sign-on (OpenID Connect): browser redirects, not JSON; the callback is what providers register.
    path("auth/oidc/authenticate/", oidc_views.OidcLoginView.as_view(), name="oidc-login"),
    path("auth/oidc/callback/", oidc_views.OidcCallbackView.as_view(), name="oidc-callback"),
]

urlpatterns += [
    path("auth/signup", apis.SignupApi.as_view(), name="auth-signup"),
    path("auth/password-reset", apis.PasswordResetApi.as_view(), name="auth-password-reset"),
    path("auth/password-reset/confirm", apis.PasswordResetConfirmApi.as_view(), name="auth-password-reset-confirm"),
    path("auth/email/verify", apis.EmailVerifyApi.as_view(), name="auth-email-verify"),
    path("auth/email/verify/confirm", apis.EmailVerifyConfirmApi.as_view(), name="auth-email-verify-confirm"),
    path("auth/password", apis.PasswordChangeApi.as_view(), name="auth-password"),
    path("people", apis.PeopleApi.as_view(), name="people"),
    path("users", apis.UserListApi.as_view(), name="users"),
    path("users/<int:user_id>", apis.UserDetailApi.as_view(), name="user-detail"),
    path("users/<int:user_id>/password-link", apis.UserPasswordLinkApi.as_view(), name="user-password-link"),
]
