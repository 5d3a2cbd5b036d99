"""Datelines: `Washington, November 23, 1962, 9:43 p.m.` to a place and an ISO 8601 value.

Offsets come from the place's historical time zone (tz database), so Washington on
27 October 1962 is -04:00 and on 29 October -05:00. Without a known place a time carries no
offset: we never guess one and never write `Z`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from teipipe.encode.model import Dateline
from teipipe.encode.vocabulary import vocabulary

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
_MONTH = "|".join(MONTHS)
_TIME = (
    r"(?:12(?::00)?\s+)?(?:noon|midnight)"
    r"|\d{1,2}(?::\d{2})?(?:\s*(?:a\.\s?m\.|p\.\s?m\.|A\.M\.|P\.M\.|a\.m|p\.m))?"
)
_DATE = (
    rf"(?P<month>{_MONTH})\s+(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<year>1[6-9]\d\d|20\d\d)"
    rf"(?:,?\s+(?P<start>{_TIME})(?:\s*(?:-|–|to)\s*(?P<end>{_TIME}))?)?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATELINE = re.compile(
    rf"^(?:(?!{_WEEKDAY}\b)(?P<place>[A-Z][^\d,]*(?:,\s*D\.\s?C\.)?),\s+)?(?:{_WEEKDAY},?\s+)?"
    rf"(?:{_DATE}|(?P<undated>[Uu]ndated))"
    rf"(?P<rest>.*)$"
)


@dataclass(frozen=True)
class Place:
    """A dateline place: its normalised name and IANA time zone."""

    name: str
    zone: str


@cache
def _spellings() -> dict[str, Place]:
    """Every spelling of every place in data/places.tsv, as written, to its Place."""
    table: dict[str, Place] = {}
    for row in vocabulary("places.tsv"):
        name, zone, *variants = row.split("\t")
        for spelling in (name, *variants):
            table[spelling] = Place(name, zone)
    return table


@cache
def places() -> dict[str, Place]:
    """Place spellings, lower-cased, for looking up datelines."""
    return {spelling.lower(): place for spelling, place in _spellings().items()}


def place_names() -> tuple[str, ...]:
    """Place spellings as written, for finding places in running text."""
    return tuple(_spellings())


def parse_dateline(line: str) -> Dateline | None:
    """Parse a dateline, or None when the line is not one."""
    text = line.strip()
    if len(text) > 160:  # a dateline is short; a long line is prose
        return None
    match = _DATELINE.match(text)
    if not match:
        return None
    rest = match["rest"]
    if rest.strip(" .") and not rest.strip().startswith(("(", "[")):
        return None  # prose that happens to start with a date
    place_text = match["place"]
    first = match.start("month") if match["month"] else match.start("undated")
    last = max(match.end(group) for group in ("year", "start", "end", "undated") if match[group])
    date_text = text[first:last]
    place_at = match.start("place") if place_text else 0
    parts = (text, place_text, place_at, date_text, first)
    place = places().get(place_text.lower().strip()) if place_text else None
    if match["undated"]:
        return Dateline(*parts)
    year, month = int(match["year"]), MONTHS[match["month"]]
    if match["day"] is None:
        return Dateline(*parts, when=f"{year:04d}-{month:02d}")
    day = int(match["day"])
    try:
        datetime(year, month, day)
    except ValueError:
        return Dateline(*parts)  # impossible date: keep words only
    if match["start"] is None:
        return Dateline(*parts, when=f"{year:04d}-{month:02d}-{day:02d}")
    zone = ZoneInfo(place.zone) if place else None
    end_time = _clock(match["end"], None) if match["end"] else None
    start_time = _clock(match["start"], end_time[2] if end_time else None)
    if start_time is None or (match["end"] and end_time is None):
        return Dateline(*parts, when=f"{year:04d}-{month:02d}-{day:02d}")
    start = _iso(year, month, day, start_time[:2], zone)
    if end_time is None:
        return Dateline(*parts, when=start, zone_known=zone is not None)
    end = _iso(year, month, day, end_time[:2], zone)
    return Dateline(*parts, start=start, end=end, zone_known=zone is not None)


def _clock(text: str, meridiem_default: str | None) -> tuple[int, int, str | None] | None:
    """`9:43 p.m.` to (21, 43, 'p'); a bare `4:40` borrows the meridiem of the range's end."""
    text = text.strip().lower()
    if text.endswith("noon"):
        return 12, 0, "p"
    if text.endswith("midnight"):
        return 24, 0, "a"  # the end of the day: a range "4 p.m.-12 midnight" ends at 24:00
    match = re.match(r"(\d{1,2})(?::(\d{2}))?\s*([ap])?", text)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    meridiem = match[3] or meridiem_default
    if hour > 23 or minute > 59:
        return None
    if meridiem and hour > 12:
        return None
    if meridiem == "p" and hour != 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    return hour, minute, meridiem


def _iso(year: int, month: int, day: int, clock: tuple[int, int], zone: ZoneInfo | None) -> str:
    """ISO 8601 with the zone's offset on that day; 24:00 (midnight) is the next day's 00:00."""
    moment = datetime(year, month, day, 0, clock[1], tzinfo=zone) + timedelta(hours=clock[0])
    if zone is not None:  # re-resolve the offset for the wall-clock time reached
        moment = moment.replace(tzinfo=None).replace(tzinfo=zone)
    return moment.isoformat(timespec="seconds")
