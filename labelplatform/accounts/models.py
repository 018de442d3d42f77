from django.conf import settings as conf
from django.db import models


class VerifiedEmail(models.Model):
    """The address a user proved they read mail at (accounts/verification.py). It counts only while it
    is still the account's address: a changed address is unverified until proved again."""

    user = models.OneToOneField(conf.AUTH_USER_MODEL, primary_key=True, related_name="verified_email",
                                on_delete=models.CASCADE)
    email = models.EmailField()
    verified_at = models.DateTimeField(auto_now=True)


class OidcIdentity(models.Model):
    """The account a single sign-on provider's subject signs in to (flows/sso.py). `grants` is what the
    provider's groups gave at the last login, {project id: role}: the memberships single sign-on made
    and may take back when the group goes; memberships made by a manager are not in it."""

    user = models.ForeignKey(conf.AUTH_USER_MODEL, related_name="oidc_identities", on_delete=models.CASCADE)
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    grants = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_oidc_subject")]
