"""Matching class names of imported files to the ontology, and adding missing ones when asked."""

from typing import Any

from django.contrib.auth.models import User

from labelplatform.common.json_limits import bad_text_path, printable
from labelplatform.datasets.importing.items import ClassInfo
from labelplatform.datasets.importing.sources import SourceError
from labelplatform.masks.rasters import distinct_colors
from labelplatform.projects.models import Project
from labelplatform.projects.selectors import ontology_current
from labelplatform.projects.services import ontology_save


def _key(name: str) -> str:
    return name.strip().lower()


class ClassResolver:
    """Names match active classes case-insensitively; ids (files without names) match active ids."""

    def __init__(self, project: Project, user: User | None, *, add: bool) -> None:
        self.project, self.user, self.add = project, user, add
        self.unknown: set[str] = set()
        self.added: list[str] = []
        self._load()

    def _load(self) -> None:
        self.document = ontology_current(self.project).document
        active = [c for c in self.document["classes"] if not c.get("archived")]
        self.by_name = {_key(c["name"]): c["id"] for c in active}
        self.ids = {c["id"] for c in active}

    def prepare(self, infos: dict[str, ClassInfo]) -> None:
        """Adds the file's missing classes when asked; SourceError, adding none, when a name or colour
        has a NUL or a lone surrogate (the ontology is stored as JSON text)."""
        missing = [info for name, info in infos.items() if _key(name) not in self.by_name]
        for info in missing:
            found = bad_text_path([info.name, info.color or ""])
            if found is not None:
                raise SourceError(f"class '{printable(info.name)}': {found[1]}")
        if missing and self.add:
            self._add(missing)

    def resolve(self, ref: Any) -> int | None:
        if isinstance(ref, int) and not isinstance(ref, bool):
            if ref in self.ids:
                return ref
            self.unknown.add(f"class id {ref}")
            return None
        name = str(ref)
        if bad_text_path(name) is not None:  # never a class; named in the result, escaped
            self.unknown.add(printable(name))
            return None
        found = self.by_name.get(_key(name))
        if found is None and self.add and name.strip():
            self._add([ClassInfo(name.strip())])
            found = self.by_name.get(_key(name))
        if found is None:
            self.unknown.add(name)
        return found

    def _add(self, infos: list[ClassInfo]) -> None:
        """One new ontology version holding every missing class (ids are never reused)."""
        current = [c for c in self.document["classes"] if not c.get("archived")]
        taken = {c.get("color") for c in current}
        spare = iter(f"#{r:02x}{g:02x}{b:02x}" for r, g, b in distinct_colors(len(infos) + len(taken) + 8))
        new: list[dict[str, Any]] = []
        for info in infos:
            colour = info.color if info.color and info.color not in taken else next(c for c in spare if c not in taken)
            taken.add(colour)
            new.append({"name": info.name, "color": colour, "kind": info.kind if info.kind in ("thing", "stuff")
                        else "thing", "parent": None, "attributes": []})
        ontology_save(project=self.project, user=self.user, document={  # type: ignore[arg-type]
            "classes": current + new, "classifications": self.document.get("classifications", [])})
        self.added += [info.name for info in infos]
        self._load()
