"""ISO codes (3166-1 countries, 3166-2 subdivisions, 639 languages) read from pycountry's own databases.

The same codes pycountry's lookups accept (case aside, as in pycountry), as sets: building pycountry's
objects for 5,000 subdivisions and 7,900 languages was a tenth of a validation of the shipped package.
tests/test_iso.py checks the sets against pycountry itself.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.util import find_spec
from pathlib import Path


def _database(standard: str) -> Path:
    spec = find_spec("pycountry")  # where pycountry is installed, without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pycountry is not installed: pip install tolls installs it")
    return Path(spec.submodule_search_locations[0]) / "databases" / f"{standard}.json"


@cache
def codes(standard: str, key: str) -> frozenset[str]:
    """The lower-cased `key` of every entry of a pycountry database ('iso3166-1', 'alpha_2')."""
    with _database(standard).open(encoding="utf-8") as fh:
        (entries,) = json.load(fh).values()
    return frozenset(entry[key].lower() for entry in entries if key in entry)


def is_country(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code ('SY')."""
    return code.lower() in codes("iso3166-1", "alpha_2")


def is_subdivision(code: str) -> bool:
    """An ISO 3166-2 subdivision code ('SY-LA')."""
    return code.lower() in codes("iso3166-2", "code")


def is_language(code: str) -> bool:
    """An ISO 639-1 (two-letter) language code ('en')."""
    return code.lower() in codes("iso639-3", "alpha_2")
