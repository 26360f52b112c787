"""Links: rules that join two rows, or two tables, and that no single row can break on its own.

A figure and its source agree on evidence; a copy agrees with what it copies on measure, victim scope and
place; a relay repeats another source's figure of the same measure and counter; a part belongs to a
total of the same source, event and measure, and exact parts never add up to more than their total; a
figure's dates and places lie within its event's. Each check is a join on the frames, not a loop.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tolls.package.loading import Package
from tolls.validation.frames import Frames, isin, lookup, positions, scope_of, take
from tolls.validation.frames import fmt as _fmt
from tolls.validation.problems import Problem


def _problems(
    pkg: Package, name: str, rows: pd.DataFrame, lines: list[int], field: str, code: str, message: Callable[..., str]
) -> list[Problem]:
    """One problem per row of `rows` (a slice of the named frame, its index the frame's)."""
    return [Problem(pkg.relpath(name), lines[i], field, message(row), "rules", code) for i, row in rows.iterrows()]


def _target(figures: pd.DataFrame, link: str, columns: list[str], extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """The linked figures' `link`, `columns` and `extra` columns, with the `columns` of the figure their `link`
    names (suffix _t), index kept. Only those columns: at a million real figures, a third of them parts of a
    total, a join of whole rows copied half a gigabyte."""
    at = positions(figures[link], figures["figure_id"])
    rows = np.flatnonzero(at >= 0)  # join only the linked rows
    linked = figures[list(dict.fromkeys([link, *columns, *extra]))].iloc[rows]
    target = figures[columns].iloc[at[rows]].set_axis(linked.index).add_suffix("_t")
    return pd.concat([linked, target], axis=1)


def _admin1_set(value: object) -> frozenset[str]:
    return frozenset() if pd.isna(value) else frozenset(str(value).split(";"))


def _where(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """The rows where the mask is true (a missing verdict is false), by position."""
    return frame.iloc[np.flatnonzero(mask.fillna(False).to_numpy(dtype=bool))]


def check_links(pkg: Package, frames: Frames) -> list[Problem]:
    """Every link rule. Each is a function of its own, so that what one joins is let go before the next
    joins (at a million figures, joins kept to the end of one function held hundreds of megabytes)."""
    if "figures" not in frames:
        return []
    problems: list[Problem] = []
    for rule in (
        _evidence_problems,
        _copy_agreement_problems,
        _relay_agreement_problems,
        _part_agreement_problems,
        _event_problems,
        _attribution_problems,
        _part_problems,
        _relay_problems,
        _copy_problems,
        _citation_problems,
        _url_problems,
        _scope_problems,
        _pointer_problems,
    ):
        problems += rule(pkg, frames)
    return problems


def _scoped(frames: Frames, columns: list[str]) -> pd.DataFrame:
    """These columns of the figures, and each figure's victim scope."""
    figures = frames["figures"][0]
    return figures[columns].assign(scope=scope_of(frames, figures))


def _evidence_problems(pkg: Package, frames: Frames) -> list[Problem]:
    if "figures" not in frames or "sources" not in frames:
        return []
    figures, lines = frames["figures"]
    own = figures[["source_id", "evidence"]]
    with_src = own.assign(src=lookup(own["source_id"], frames["sources"][0], "source_id", "evidence"))
    bad = _where(
        with_src, with_src["src"].notna() & with_src["evidence"].notna() & (with_src["src"] != with_src["evidence"])
    )
    return _problems(
        pkg,
        "figures",
        bad,
        lines,
        "evidence",
        "evidence-mismatch",
        lambda r: (
            f"is {r['evidence']}, but source {r['source_id']} is {r['src']}; a figure "
            "is quoted exactly when its source's text is in seeds/"
        ),
    )


def _copy_agreement_problems(pkg: Package, frames: Frames) -> list[Problem]:
    if "figures" not in frames:
        return []
    lines = frames["figures"][1]
    scoped = _scoped(frames, ["figure_id", "copy_of_figure_id", "measure", "admin1"])
    copies = _target(scoped, "copy_of_figure_id", ["measure", "scope", "admin1"])
    problems = []
    for column in ("measure", "scope", "admin1"):
        bad = _where(copies, copies[column].fillna("") != copies[f"{column}_t"].fillna(""))
        problems += _problems(
            pkg,
            "figures",
            bad,
            lines,
            column if column != "scope" else "victim_group",
            "copy-disagrees",
            lambda r, c=column: (
                f"{c} is {_fmt(r[c])}, but the figure it copies "
                f"({r['copy_of_figure_id']}) has {_fmt(r[c + '_t'])}; a copy is the "
                "same figure and agrees on measure, victim scope and place"
            ),
        )
    return problems


def _relay_agreement_problems(pkg: Package, frames: Frames) -> list[Problem]:
    if "figures" not in frames:
        return []
    figures, lines = frames["figures"]
    f = "figures"
    relays = _target(figures, "relay_of_figure_id", ["source_id", "measure", "counted_by"])
    bad = _where(relays, relays["source_id"] == relays["source_id_t"])
    problems = _problems(
        pkg,
        f,
        bad,
        lines,
        "relay_of_figure_id",
        "relay-same-source",
        lambda r: (
            f"{r['relay_of_figure_id']} is in the same source {r['source_id']}; a relay "
            "repeats another source's figure (a passage repeated in one text is a copy)"
        ),
    )
    bad = _where(relays, relays["measure"] != relays["measure_t"])
    problems += _problems(
        pkg,
        f,
        bad,
        lines,
        "measure",
        "relay-disagrees",
        lambda r: (
            f"is {r['measure']}, but the relayed figure {r['relay_of_figure_id']} counts "
            f"{r['measure_t']}; a relay repeats the same measure"
        ),
    )
    named = set()
    if "actors" in frames:
        actors = frames["actors"][0]
        named = set(actors.loc[actors["placeholder"] == False, "actor_id"].dropna())  # noqa: E712 (nullable)
    # a placeholder ('the international press') names the channel, not the counter: no disagreement
    bad = _where(
        relays,
        isin(relays["counted_by"], named)
        & relays["counted_by_t"].notna()
        & (relays["counted_by"] != relays["counted_by_t"]),
    )
    return problems + _problems(
        pkg,
        f,
        bad,
        lines,
        "counted_by",
        "relay-disagrees",
        lambda r: (
            f"is {r['counted_by']}, but the relayed figure {r['relay_of_figure_id']} was "
            f"counted by {r['counted_by_t']}; a relay names the counter it relays"
        ),
    )


def _part_agreement_problems(pkg: Package, frames: Frames) -> list[Problem]:
    if "figures" not in frames:
        return []
    lines = frames["figures"][1]
    f = "figures"
    columns = ["figure_id", "part_of_figure_id", "source_id", "event_id", "measure", "high", "coverage", "low"]
    parts = _target(
        _scoped(frames, columns),
        "part_of_figure_id",
        ["source_id", "event_id", "measure", "high", "scope"],
        ("coverage", "low"),
    )
    bad = _where(parts, (parts["coverage"] == "whole_event") & (parts["scope"] == parts["scope_t"]))
    problems = _problems(
        pkg,
        f,
        bad,
        lines,
        "coverage",
        "part-same-scope",
        lambda r: (
            f"is whole_event, but its total {r['part_of_figure_id']} counts the same victim "
            f"scope ({r['scope']}); a part of the same victims names its coverage "
            "(part_place, part_period, part_victims), a subgroup counts another scope"
        ),
    )
    for column in ("source_id", "event_id", "measure"):
        bad = _where(parts, parts[column].fillna("") != parts[f"{column}_t"].fillna(""))
        problems += _problems(
            pkg,
            f,
            bad,
            lines,
            column,
            "part-disagrees",
            lambda r, c=column: (
                f"is {_fmt(r[c])}, but its total {r['part_of_figure_id']} has "
                f"{_fmt(r[c + '_t'])}; a part belongs to a total of the same "
                "source, event and measure"
            ),
        )
    bounded = _where(parts, parts["high_t"].notna() & parts["low"].notna())
    # parts of one kind (provinces, days, victim subgroups) may not add up to more than their total
    bounded = bounded.assign(sum_low=bounded.groupby(["part_of_figure_id", "coverage"])["low"].transform("sum"))
    bad = _where(bounded, bounded["sum_low"] > bounded["high_t"])
    return problems + _problems(
        pkg,
        f,
        bad,
        lines,
        "low",
        "parts-exceed-total",
        lambda r: (
            f"the {r['coverage']} parts of {r['part_of_figure_id']} add up to at least "
            f"{r['sum_low']}, more than its total allows ({r['high_t']}); parts of one kind "
            "(provinces, days) cannot exceed their total"
        ),
    )


def _event_problems(pkg: Package, frames: Frames) -> list[Problem]:
    """A figure's dates and places lie within its event's."""
    if "figures" not in frames or "events" not in frames:
        return []
    figures, lines = frames["figures"]
    f = "figures"
    events = frames["events"][0]
    at = positions(figures["event_id"], events["event_id"])
    rows = np.flatnonzero(at >= 0)
    joined = figures[["event_id", "date_start", "date_end", "admin1"]].iloc[rows]
    for column in ("date_start", "date_end", "admin1"):
        joined[f"{column}_e"] = take(events[column], at[rows], joined.index)
    bad = _where(joined, (joined["date_start"] < joined["date_start_e"]) | (joined["date_end"] > joined["date_end_e"]))
    problems = _problems(
        pkg,
        f,
        bad,
        lines,
        "date_start",
        "outside-event-dates",
        lambda r: (
            f"the figure covers {_fmt(r['date_start'])} to {_fmt(r['date_end'])}, "
            f"outside its event {r['event_id']} ({_fmt(r['date_start_e'])} to "
            f"{_fmt(r['date_end_e'])}); widen the event (with its basis) or correct "
            "the figure"
        ),
    )
    # only the rows whose places differ from their event's are looked at, by their few distinct pairs
    differing = _where(
        joined, joined["admin1"].notna() & joined["admin1_e"].notna() & (joined["admin1"] != joined["admin1_e"])
    )
    pairs = differing["admin1"].astype("string") + "\x1f" + differing["admin1_e"].astype("string")
    outside = {
        pair
        for pair in pairs.unique().tolist()
        if not _admin1_set(pair.split("\x1f")[0]) <= _admin1_set(pair.split("\x1f")[1])
    }
    bad = differing[isin(pairs, outside).to_numpy(dtype=bool)] if outside else differing.iloc[:0]
    return problems + _problems(
        pkg,
        f,
        bad,
        lines,
        "admin1",
        "outside-event-places",
        lambda r: (
            f"{r['admin1']} is not within its event {r['event_id']}'s places "
            f"({r['admin1_e']}); a figure's places come from the sentences about it"
        ),
    )


def _attribution_problems(pkg: Package, frames: Frames) -> list[Problem]:
    if "figures" not in frames or "attributions" not in frames:
        return []
    figures = frames["figures"][0]
    attributions, alines = frames["attributions"]
    cited = figures.loc[(figures["evidence"] == "cited").fillna(False).to_numpy(dtype=bool), "figure_id"]
    bad = attributions[["figure_id"]].iloc[np.flatnonzero(isin(attributions["figure_id"], cited).to_numpy())]
    return _problems(
        pkg,
        "attributions",
        bad,
        alines,
        "figure_id",
        "attribution-of-cited",
        lambda r: (
            f"{r['figure_id']} is a cited figure; an attribution quotes the text of "
            "a quoted figure's source, which a cited source does not have"
        ),
    )


# --- the model's families: parts, relays and copies, citations, URLs, scopes, pointers of other tables ----
# Each family is its own function (the views rely on each rule; a rule a statistician may question says
# where it comes from).


def _interval(frame: pd.DataFrame, low: str, high: str) -> tuple[pd.Series, pd.Series]:
    """An interval's ends as floats: an empty low is 0 (no lower bound), an empty high is unbounded."""
    return (
        frame[low].astype("Float64").fillna(0).astype(float),
        frame[high].astype("Float64").fillna(float("inf")).astype(float),
    )


# Whom a victim group's status takes in: a total of one status (civilians, combatants, security forces) holds
# only parts of that status; a total whose status is mixed, mostly civilians or unknown may hold parts of any
# status. Identity likewise: a total of one identity (alawite) holds only parts of that identity, a total of
# 'any' identity holds parts of every identity. GUIDE.md section 7: "a count of one identity is not a count of
# all; compare only like with like".
_STATUS_OF_ANY = ("mixed", "mostly_civilians", "unknown")
_IDENTITY_OF_ANY = "any"


def _part_problems(pkg: Package, frames: Frames) -> list[Problem]:
    """A part lies inside its total: within its period, and counting no one its total's group leaves out."""
    if "figures" not in frames:
        return []
    figures, lines = frames["figures"]
    parts = _target(figures, "part_of_figure_id", ["date_start", "date_end", "victim_group"])
    outside = parts[
        ((parts["date_start"] < parts["date_start_t"]) | (parts["date_end"] > parts["date_end_t"])).fillna(False)
    ]
    problems = _problems(
        pkg,
        "figures",
        outside,
        lines,
        "date_start",
        "part-outside-total-period",
        lambda r: (
            f"the part covers {_fmt(r['date_start'])} to {_fmt(r['date_end'])}, outside the period of its "
            f"total {r['part_of_figure_id']} ({_fmt(r['date_start_t'])} to {_fmt(r['date_end_t'])}); a part "
            "counts within its total's period: correct the dates or the link"
        ),
    )
    if "victim_groups" not in frames or not {"status", "identity"} <= set(frames["victim_groups"][0]) or parts.empty:
        return problems
    groups = frames["victim_groups"][0]
    joined = parts.assign(
        **{
            f"{column}{suffix}": lookup(parts[f"victim_group{suffix}"], groups, "victim_group", column)
            for column in ("status", "identity")
            for suffix in ("", "_t")
        }
    )
    joined = joined[(joined["status"].notna() & joined["status_t"].notna()).to_numpy(dtype=bool)]
    wider_status = ~joined["status_t"].isin(_STATUS_OF_ANY) & (joined["status"] != joined["status_t"])
    wider_identity = (joined["identity_t"] != _IDENTITY_OF_ANY) & (joined["identity"] != joined["identity_t"])
    wider = joined[(wider_status | wider_identity).fillna(False).to_numpy(dtype=bool)]
    return problems + _problems(
        pkg,
        "figures",
        wider,
        lines,
        "victim_group",
        "part-wider-group",
        lambda r: (
            f"is {r['victim_group']} ({r['status']}, identity {r['identity']}), but its total "
            f"{r['part_of_figure_id']} counts {r['victim_group_t']} ({r['status_t']}, identity "
            f"{r['identity_t']}); a part counts some of its total's victims, never others: correct the group "
            "or the link"
        ),
    )


def _span(low: object, high: object) -> str:
    return f"{_fmt(low) if pd.notna(low) else 0} to {_fmt(high) if pd.notna(high) else 'any number'}"


def _relay_problems(pkg: Package, frames: Frames) -> list[Problem]:
    """A relay repeats a count of the same event, and its words can hold that count."""
    if "figures" not in frames:
        return []
    figures, lines = frames["figures"]
    relays = _target(figures, "relay_of_figure_id", ["event_id", "low", "high"], ("number_text",))
    other_event = relays[(relays["event_id"].notna() & relays["event_id_t"].notna()).astype(bool)]
    other_event = other_event[(other_event["event_id"] != other_event["event_id_t"]).astype(bool)]
    problems = _problems(
        pkg,
        "figures",
        other_event,
        lines,
        "relay_of_figure_id",
        "relay-other-event",
        lambda r: (
            f"{r['relay_of_figure_id']} counts event {r['event_id_t']}, this figure event {r['event_id']}; a "
            "relay repeats a count of the same event: correct the event or the link"
        ),
    )
    low, high = _interval(relays, "low", "high")
    low_t, high_t = _interval(relays, "low_t", "high_t")
    apart = relays[((high < low_t) | (high_t < low)).to_numpy(dtype=bool)]
    return problems + _problems(
        pkg,
        "figures",
        apart,
        lines,
        "relay_of_figure_id",
        "relay-interval-disjoint",
        lambda r: (
            f"the words {r['number_text']!r} allow {_span(r['low'], r['high'])}, which cannot hold the relayed "
            f"figure {r['relay_of_figure_id']} ({_span(r['low_t'], r['high_t'])}); a relay repeats that count "
            "in other words: correct the reading or the link"
        ),
    )


def _copy_root(frames: Frames) -> Callable[[str], str] | None:
    """A source's original: the end of its chain of copy_of_source_id (a loop is a rule's to report). Only the
    few sources that are copies are held. None while the sources table's checks wait: which texts are copies
    is then unknown."""
    if "sources" not in frames or "copy_of_source_id" not in frames["sources"][0]:
        return None
    sources = frames["sources"][0]
    copies = sources[sources["copy_of_source_id"].notna().to_numpy(dtype=bool)]
    parent = dict(zip(copies["source_id"].tolist(), copies["copy_of_source_id"].tolist(), strict=True))

    def root(sid: str) -> str:
        seen = {sid}
        while sid in parent and parent[sid] not in seen:
            sid = parent[sid]
            seen.add(sid)
        return sid

    return root


def _copy_problems(pkg: Package, frames: Frames) -> list[Problem]:
    """A copy is the same figure: the same number, in the same text or in texts recorded as copies."""
    if "figures" not in frames:
        return []
    figures, lines = frames["figures"]
    copies = _target(figures, "copy_of_figure_id", ["source_id", "low", "stated_number", "high"])

    def differs(column: str) -> pd.Series:
        a, b = copies[column], copies[f"{column}_t"]
        return ((a != b).fillna(False) | (a.isna() != b.isna())).astype(bool)

    # the number is the stated one ("12 killed" restating "at least 12" repeats 12); with none, the bounds
    unstated = (copies["stated_number"].isna() & copies["stated_number_t"].isna()).astype(bool)
    other_number = copies[differs("stated_number") | (unstated & (differs("low") | differs("high")))]
    problems = _problems(
        pkg,
        "figures",
        other_number,
        lines,
        "copy_of_figure_id",
        "copy-other-number",
        lambda r: (
            f"reads {_fmt(r['low'])}, {_fmt(r['stated_number'])}, {_fmt(r['high'])} (low, stated, high), but "
            f"the figure it copies ({r['copy_of_figure_id']}) reads {_fmt(r['low_t'])}, "
            f"{_fmt(r['stated_number_t'])}, {_fmt(r['high_t'])}; a copy repeats the same number: a figure "
            "with another number is a relay (relay_of_figure_id) or a figure of its own"
        ),
    )
    root = _copy_root(frames)
    if root is None:
        return problems
    across = copies[(copies["source_id"] != copies["source_id_t"]).fillna(False).to_numpy(dtype=bool)]
    unlinked = across[
        [root(a) != root(b) for a, b in zip(across["source_id"].tolist(), across["source_id_t"].tolist(), strict=True)]
    ]
    return problems + _problems(
        pkg,
        "figures",
        unlinked,
        lines,
        "copy_of_figure_id",
        "copy-sources-not-copies",
        lambda r: (
            f"{r['copy_of_figure_id']} is in source {r['source_id_t']}, and {r['source_id']} is not recorded as "
            "a copy of it (copy_of_source_id in data/sources.csv); a figure copies another only inside one text "
            "or between texts recorded as copies: record the copy, or make the figure a relay"
        ),
    )


def _citation_problems(pkg: Package, frames: Frames) -> list[Problem]:
    """An outside citation names a cited source (a page the package cites by URL), never a quoted text."""
    if "sources" not in frames:
        return []
    sources = frames["sources"][0]
    quoted = sources.loc[(sources["evidence"] != "cited").fillna(False).to_numpy(dtype=bool), "source_id"]
    problems: list[Problem] = []
    for name in ("sources", "events", "figures"):
        if name not in frames or "outside_citation" not in frames[name][0]:
            continue
        frame, lines = frames[name]
        bad = _where(frame[["outside_citation"]], isin(frame["outside_citation"], quoted))
        problems += _problems(
            pkg,
            name,
            bad,
            lines,
            "outside_citation",
            "outside-citation-not-cited",
            lambda r: (
                f"{r['outside_citation']} is a quoted source (its text is in seeds/); an outside citation names "
                "a cited source, a page outside the texts that supports the value: add that page as a cited "
                "source and name it"
            ),
        )
    return problems


# RFC 3986, section 2: the characters a URI may hold (unreserved, reserved, and '%' for a percent-encoding).
_NOT_URI_CHARACTER = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Scripts written together in one name (Japanese mixes Han, Hiragana and Katakana): one family.
_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}


def _host_labels(url: str) -> list[str]:
    """The host's labels as Unicode (an IDN's 'xn--' labels decoded)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return []
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                label = label[4:].encode("ascii").decode("punycode")
            except (UnicodeError, ValueError):
                pass
        labels.append(label)
    return labels


def _scripts(label: str) -> set[str]:
    found = set()
    for char in label:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split()[0]
            found.add(_SCRIPT_FAMILY.get(script, script))
    return found


def _url_problem(url: str) -> tuple[str, str] | None:
    """(code, what is wrong) for a URL a person could be misled by, or that RFC 3986 does not allow."""
    for label in _host_labels(url) if not url.isascii() or "xn--" in url.lower() else []:  # else all Latin
        scripts = _scripts(label)
        if len(scripts) > 1:
            return "url-mixed-script-host", (
                f"the host name {label!r} mixes letters of {' and '.join(sorted(scripts)).lower()} scripts, as a "
                "look-alike address does; copy the address from the page itself"
            )
    found = _NOT_URI_CHARACTER.search(url)
    if found is not None:
        bad = found.group()
        return "url-forbidden-character", (
            f"holds {bad!r} (U+{ord(bad):04X}), which RFC 3986 does not allow in an address; write it "
            "percent-encoded, as a browser's address bar copies it"
        )
    if _BAD_PERCENT.search(url):
        return "url-forbidden-character", (
            "holds a '%' not followed by two hexadecimal digits; RFC 3986 allows '%' only as a percent-encoding"
        )
    return None


# The characters of a URL that only Python looks at (a '%', a letter outside ASCII, an IDN host): Arrow's
# regular expressions (RE2) find the few URLs that hold one, and the others are not looked at one by one.
_SUSPECT_URL_RE2 = r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|xn--"
_ORIGIN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")
_CHUNK = 50_000  # URLs turned into Python strings at a time


def _same_page(url: str) -> str:
    """The page an address names: scheme and host in lower case, no fragment, no '/' before the query or at
    the end."""
    page = url.strip().split("#", 1)[0]
    origin = _ORIGIN.match(page)
    if origin:
        page = origin.group().lower() + page[origin.end() :]
    path, mark, query = page.partition("?")
    return path.rstrip("/") + mark + query


def _duplicates(urls: pa.Array) -> list[tuple[int, int]]:
    """(row, the first row of the same page) of each URL whose page an earlier row has. The pages are kept
    as hashes (8 bytes a source), the strings of a few thousand at a time: a million sources' normalised
    addresses held as strings took a hundred megabytes more."""
    hashes = np.zeros(len(urls), dtype=np.int64)
    present = ~np.asarray(urls.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    for start in range(0, len(urls), _CHUNK):
        chunk = urls.slice(start, _CHUNK).to_pylist()
        hashes[start : start + len(chunk)] = [hash(_same_page(u)) if u is not None else 0 for u in chunk]
    rows = np.flatnonzero(present)
    order = rows[np.argsort(hashes[rows], kind="stable")]
    same = np.flatnonzero(hashes[order[1:]] == hashes[order[:-1]])  # neighbours in hash order
    if not len(same):
        return []
    candidates = sorted(set(order[same].tolist()) | set(order[same + 1].tolist()))
    first: dict[str, int] = {}
    found = []
    for i in candidates:  # the few rows that share a hash, compared by their pages themselves
        page = _same_page(urls[i].as_py())
        if page in first:
            found.append((i, first[page]))
        else:
            first[page] = i
    return found


def _url_problems(pkg: Package, frames: Frames) -> list[Problem]:
    """Each source's URL is a plain address (RFC 3986, no look-alike host) of a page no other source has."""
    if "sources" not in frames or "url" not in frames["sources"][0]:
        return []
    sources, lines = frames["sources"]
    file = pkg.relpath("sources")
    urls = pa.array(sources["url"], from_pandas=True).cast(pa.large_string())
    problems = []
    suspect = pc.match_substring_regex(urls, _SUSPECT_URL_RE2).fill_null(False).to_numpy(zero_copy_only=False)
    for at in np.flatnonzero(suspect):
        found = _url_problem(urls[int(at)].as_py())
        if found is not None:
            problems.append(Problem(file, lines[int(at)], "url", found[1], "rules", found[0]))
    for i, j in _duplicates(urls):
        problems.append(
            Problem(
                file,
                lines[i],
                "url",
                f"is the address of source {sources['source_id'].iat[j]} (line {lines[j]}) too; one page is one "
                "source: keep one row and give its figures that source_id",
                "rules",
                "duplicate-url",
            )
        )
    return problems


def _scope_problems(pkg: Package, frames: Frames) -> list[Problem]:
    """A victim group's scope is a group whose scope is itself, so the views compare within one group (the
    scope column as data/victim_groups.csv has it now: victim_group -> scope)."""
    if "victim_groups" not in frames or "scope" not in frames["victim_groups"][0]:
        return []
    groups, lines = frames["victim_groups"]
    scope = {
        g: s
        for g, s in zip(groups["victim_group"].tolist(), groups["scope"].tolist(), strict=True)
        if pd.notna(g) and pd.notna(s)
    }
    file = pkg.relpath("victim_groups")
    problems = []
    for i, (group, own) in enumerate(zip(groups["victim_group"].tolist(), groups["scope"].tolist(), strict=True)):
        if pd.isna(group) or pd.isna(own) or own == group or own not in scope:
            continue  # its own scope, or a scope no row has (frictionless's foreign key says so)
        chain, at = [group], own
        while at not in chain and at in scope and scope[at] != at:
            chain.append(at)
            at = scope[at]
        if at == group:
            problems.append(
                Problem(
                    file,
                    lines[i],
                    "scope",
                    f"the scopes form a loop: {' -> '.join([*chain, group])}; a scope is a group whose scope is itself",
                    "rules",
                    "scope-cycle",
                )
            )
        elif scope[own] != own:
            problems.append(
                Problem(
                    file,
                    lines[i],
                    "scope",
                    f"is {own}, whose own scope is {scope[own]}; a scope is a group whose scope is itself: name "
                    f"{own}'s scope here, or make {own} its own scope",
                    "rules",
                    "scope-not-own-scope",
                )
            )
    return problems


def _pointer_problems(pkg: Package, frames: Frames) -> list[Problem]:
    """An unnumbered harm or a contradiction points at a figure of its own text, and a contradiction's other
    sources are sources of the package other than its own."""
    problems: list[Problem] = []
    for name in ("unnumbered_harms", "contradictions"):
        if name not in frames or "figures" not in frames or not {"figure_id", "source_id"} <= set(frames[name][0]):
            continue
        frame, lines = frames[name]
        own = frame[["figure_id", "source_id"]]
        linked = own.assign(figure_source=lookup(own["figure_id"], frames["figures"][0], "figure_id", "source_id"))
        bad = _where(linked, linked["figure_source"].notna() & (linked["figure_source"] != linked["source_id"]))
        problems += _problems(
            pkg,
            name,
            bad,
            lines,
            "figure_id",
            "figure-of-other-source",
            lambda r: (
                f"{r['figure_id']} is a figure of source {r['figure_source']}, this row's text is "
                f"{r['source_id']}; name a figure of the same text, or leave figure_id empty"
            ),
        )
    if "contradictions" in frames and "sources" in frames and "other_source_ids" in frames["contradictions"][0]:
        frame, lines = frames["contradictions"]
        known = set(frames["sources"][0]["source_id"].dropna().tolist())
        file = pkg.relpath("contradictions")
        for i, (own, listed) in enumerate(
            zip(frame["source_id"].tolist(), frame["other_source_ids"].tolist(), strict=True)
        ):
            if listed is None or listed is pd.NA:
                continue
            for other in str(listed).split(";"):
                if other == own:
                    problems.append(
                        Problem(
                            file,
                            lines[i],
                            "other_source_ids",
                            f"names {other}, the row's own source; a statement against the same text is "
                            "against same_text, with other_quote",
                            "rules",
                            "other-source-is-own",
                        )
                    )
                elif other not in known:
                    problems.append(
                        Problem(
                            file,
                            lines[i],
                            "other_source_ids",
                            f"names {other}, which no row of data/sources.csv has; add that source or correct the id",
                            "rules",
                            "other-source-missing",
                        )
                    )
    return problems
