"""The PL/pgSQL functions have one home (labelplatform/workflow/sql/) and speak the choices' values."""

import re
from pathlib import Path

from labelplatform.assets.models import AssetStatus
from labelplatform.workflow.models import ClaimEnd, ReviewState, Stage

SQL = Path(__file__).resolve().parents[2] / "labelplatform" / "workflow" / "sql"
FROZEN = SQL.parent / "migrations" / "sql"


def test_every_function_file_is_frozen_by_its_newest_migration():
    for live in sorted(SQL.glob("*.sql")):
        copies = sorted(FROZEN.glob(f"[0-9][0-9][0-9][0-9]_{live.name}"))
        assert copies, f"no migration loads {live.name}"
        assert copies[-1].read_text() == live.read_text(), (
            f"{live.name} changed since {copies[-1].name}: add a migration that loads a new frozen copy")


def test_the_literals_in_the_functions_are_values_of_the_choices():
    values = {*AssetStatus.values, *Stage.values, *ClaimEnd.values, *ReviewState.values}
    for live in sorted(SQL.glob("*.sql")):
        code = "\n".join(line.split("--")[0] for line in live.read_text().splitlines())
        literals = set(re.findall(r"'([a-z_]+)'", code))
        assert literals, live.name
        assert literals <= values, f"{live.name}: {sorted(literals - values)} are not choice values"
