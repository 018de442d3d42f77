"""Bucket secrets at rest: Fernet (AES-128-CBC with HMAC-SHA256) under a key derived from SECRET_KEY.

A database dump alone does not give the customer's credentials away. Changing SECRET_KEY makes the
stored secrets unreadable: the source then fails with a message asking for its secret again.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.crypto import salted_hmac

_SALT = "labelplatform.buckets.secret"


class SecretUnreadable(Exception):
    pass


def _fernet() -> Fernet:
    key = salted_hmac(_SALT, "bucket secrets", secret=settings.SECRET_KEY, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode("ascii")


def unseal(sealed: str) -> str:
    try:
        return _fernet().decrypt(sealed.encode("ascii")).decode()
    except InvalidToken:
        raise SecretUnreadable("the stored secret cannot be read (SECRET_KEY changed?): set the secret "
                               "access key again") from None
