"""Staff manage accounts, but not a superuser's (found by trying the staff users API).

A staff member could ask `users/{id}/password-link` for a superuser and be answered the link that
sets the superuser's password, or change the superuser's e-mail address and reset it from there:
the whole site taken over from a staff account.
"""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def client_of(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def staff() -> User:
    return User.objects.create_user("staff", email="staff@example.com", is_staff=True)


@pytest.fixture
def root() -> User:
    return User.objects.create_superuser("root", email="root@example.com", password="a long root passphrase")


def test_staff_get_no_link_to_set_a_superusers_password(staff, root):
    answer = client_of(staff).post(f"/api/v1/users/{root.pk}/password-link")
    assert answer.status_code == 403
    assert "url" not in answer.json()


@pytest.mark.parametrize("change", [{"email": "mine@example.com"}, {"is_active": False}, {"is_staff": False}])
def test_staff_do_not_change_a_superusers_account(staff, root, change):
    answer = client_of(staff).patch(f"/api/v1/users/{root.pk}", change, format="json")
    assert answer.status_code == 403
    root.refresh_from_db()
    assert (root.email, root.is_active, root.is_staff) == ("root@example.com", True, True)


def test_staff_still_manage_other_accounts_and_superusers_manage_superusers(staff, root, users):
    assert client_of(staff).post(f"/api/v1/users/{users['labeler'].pk}/password-link").status_code == 200
    assert client_of(staff).patch(f"/api/v1/users/{users['labeler'].pk}", {"is_active": False},
                                  format="json").status_code == 200
    other = User.objects.create_superuser("root2", email="root2@example.com", password="another passphrase")
    assert client_of(root).patch(f"/api/v1/users/{other.pk}", {"email": "new@example.com"},
                                 format="json").status_code == 200
