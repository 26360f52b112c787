"""The database stage's errors, apart from the modules that raise them, so the command line can catch them
without importing DuckDB or pandas for a command that never builds a database (`tolls validate`)."""

from __future__ import annotations

from tolls.validation.problems import Problem

__all__ = ["QueryError", "ViewSchemaError"]


class QueryError(Exception):
    """A query could not run (bad SQL, unknown table); the message is one line."""


class ViewSchemaError(Exception):
    """A view breaks what its SQL file declares; `problems` lists each failure."""

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        self.problems = problems
        views = sorted({p.file.rsplit("/", 1)[-1].removesuffix(".sql") for p in problems})
        super().__init__(
            summary
            or f"the view(s) {', '.join(views)} give rows their SQL files' headers say they never give (a bug in a "
            "view, or a rule validation should enforce); nothing was written"
        )
