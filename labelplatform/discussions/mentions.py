"""@name in a comment: which project members it names. Pure parsing here; the lookup is in services."""

import re

# A user name as Django allows it (letters, digits and @.+-_), after an @ that starts a word.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]+)")


def mentioned_names(body: str) -> list[str]:
    """The names after @, in order, once each; a trailing full stop ends the sentence, not the name."""
    seen: dict[str, None] = {}
    for name in MENTION.findall(body):
        seen.setdefault(name.rstrip("."), None)
    return [n for n in seen if n]
