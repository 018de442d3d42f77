"""Single sign-on settings (OpenID Connect, docs/configuration.md): checked when the settings load, so a
mistyped mapping fails at start-up rather than at someone's first login."""

from typing import TypedDict

from labelplatform.env import envjson, envstr

ROLES = ("manager", "reviewer", "labeler", "viewer")  # projects.models.Role, which settings cannot import
ENDPOINTS = ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT",
             "OIDC_OP_JWKS_ENDPOINT")


class GroupGrant(TypedDict):
    project: int
    role: str


def oidc_endpoints(client_id: str) -> dict[str, str]:
    """The provider's endpoints; with a client id set, all of them are required."""
    endpoints = {name: envstr(name, "").strip() for name in ENDPOINTS}
    missing = [name for name, url in endpoints.items() if not url]
    if client_id and missing:
        raise ValueError(f"OIDC_RP_CLIENT_ID is set, so single sign-on needs {', '.join(missing)} too")
    return endpoints


def _grant(group: str, raw: object) -> GroupGrant:
    where = f"OIDC_GROUP_ROLES[{group!r}]"
    if not isinstance(raw, dict) or set(raw) != {"project", "role"}:
        raise ValueError(f'{where} must be {{"project": <project id>, "role": <role>}} or a list of them')
    project, role = raw["project"], raw["role"]
    if isinstance(project, str) and project.strip().isdigit():
        project = int(project)
    if not isinstance(project, int) or isinstance(project, bool) or project < 1:
        raise ValueError(f"{where}: project must be a project id (a positive integer), got {project!r}")
    if not isinstance(role, str) or role not in ROLES:
        raise ValueError(f"{where}: role must be one of {', '.join(ROLES)}, got {role!r}")
    return {"project": project, "role": role}


def oidc_group_roles(name: str) -> dict[str, list[GroupGrant]]:
    """{group: [{"project": id, "role": role}, ...]} from JSON whose values are one grant or a list."""
    raw = envjson(name, "{}") or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{name} must be a JSON object of group names")
    return {str(group): [_grant(group, one) for one in (grants if isinstance(grants, list) else [grants])]
            for group, grants in raw.items()}
