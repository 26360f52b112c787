"""The database stage's errors, apart from the modules that raise them, so the command line can catch them
without importing DuckDB or pandas for a command that never builds a database (`tolls validate`)."""

from __future__ import annotations

from tolls.validation.problems import Problem

__all__ = ["QueryError", "ViewSchemaError"]


class QueryError(Exception):
    """A query could not run (bad SQL, unknown table); the message is one line."""


class ViewSchemaError(Exception):
    """A view breaks what its SQL file declares; `problems` lists each failure."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        views = sorted({p.file.rsplit("/", 1)[-1].removesuffix(".sql") for p in problems})
        super().__init__(
            f"{len(problems)} problem(s) in the views {', '.join(views)}: a view gives rows its SQL file's header "
            "says it never gives (a bug in the view, or a rule validation should enforce); nothing was written"
        )
