from django.conf import settings as conf
from django.db import models


class VerifiedEmail(models.Model):
    """The address a user proved they read mail at (accounts/verification.py). It counts only while it
    is still the account's address: a changed address is unverified until proved again."""

    user = models.OneToOneField(conf.AUTH_USER_MODEL, primary_key=True, related_name="verified_email",
                                on_delete=models.CASCADE)
    email = models.EmailField()
    verified_at = models.DateTimeField(auto_now=True)
