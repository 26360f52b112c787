"""The ISO code sets read from pycountry's databases accept exactly what pycountry's lookups accept."""

import pycountry
import pytest

from tolls.iso import is_country, is_language, is_subdivision


@pytest.mark.parametrize(
    ("check", "known"),
    [
        (is_country, [c.alpha_2 for c in pycountry.countries]),
        (is_subdivision, [s.code for s in pycountry.subdivisions]),
        (is_language, [lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")]),
    ],
)
def test_every_code_pycountry_knows_is_known(check, known):
    assert len(known) > 150
    assert [code for code in known if not check(code)] == []


@pytest.mark.parametrize(
    ("check", "lookup", "probes"),
    [
        (is_country, lambda c: pycountry.countries.get(alpha_2=c), ["SY", "sy", "XX", "SYR", "", "S"]),
        (is_subdivision, lambda c: pycountry.subdivisions.get(code=c), ["SY-LA", "sy-la", "SY-XX", "SY", "LA"]),
        (is_language, lambda c: pycountry.languages.get(alpha_2=c), ["en", "EN", "ar", "xx", "eng", ""]),
    ],
)
def test_a_code_is_known_where_pycountry_finds_it(check, lookup, probes):
    assert [check(code) for code in probes] == [lookup(code) is not None for code in probes]
