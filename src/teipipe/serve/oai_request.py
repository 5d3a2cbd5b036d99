"""OAI-PMH 2.0 requests: which arguments each verb takes, and the checks the protocol asks for.

Everything a client can get wrong is reported as the protocol's error codes (section 3.6):
badVerb for a missing, repeated or unknown verb; badArgument for a missing, repeated, unknown or
malformed argument, a resumptionToken with other arguments, dates that are not datestamps,
`from` and `until` of different granularities or in the wrong order. Error messages name
arguments, never echo their values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


class OaiError(Exception):
    """A request the repository answers with an OAI-PMH error element."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Verb:
    """The arguments of a verb (section 4); `exclusive` may only come alone."""

    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    exclusive: str | None = None


_LIST = Verb(frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}),
             "resumptionToken")
VERBS: dict[str, Verb] = {
    "Identify": Verb(),
    "ListMetadataFormats": Verb(optional=frozenset({"identifier"})),
    "ListSets": Verb(exclusive="resumptionToken"),
    "GetRecord": Verb(required=frozenset({"identifier", "metadataPrefix"})),
    "ListIdentifiers": _LIST,
    "ListRecords": _LIST,
}

# The value syntax of the protocol's schema (OAI-PMH.xsd), so echoed arguments stay valid.
_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
_SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
# Characters XML 1.0 cannot carry: such a value could not even be echoed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class OaiRequest:
    """A request whose verb and arguments passed the checks; `args` excludes the verb."""

    verb: str
    args: dict[str, str]


@dataclass(frozen=True)
class Window:
    """The datestamps a list request covers, both inclusive, as seconds-granularity stamps."""

    start: str | None
    end: str | None

    def holds(self, stamp: str) -> bool:
        """Whether datestamp `stamp` falls in the window (UTC stamps sort as strings)."""
        return (self.start is None or stamp >= self.start) and \
            (self.end is None or stamp <= self.end)


def parse_request(pairs: Iterable[tuple[str, str]] | None) -> OaiRequest:
    """Check the decoded (name, value) pairs of a request; raise `OaiError` on the first fault.

    `pairs` is None when the request could not be decoded at all.
    """
    if pairs is None:
        raise OaiError("badArgument", "The request is not UTF-8 form-encoded arguments.")
    pairs = list(pairs)
    verbs = [value for name, value in pairs if name == "verb"]
    if not verbs:
        raise OaiError("badVerb", "The verb argument is missing.")
    if len(verbs) > 1:
        raise OaiError("badVerb", "The verb argument is repeated.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("badVerb", "The value of the verb argument is not an OAI-PMH verb.")
    spec = VERBS[verb]
    allowed = spec.required | spec.optional | ({spec.exclusive} if spec.exclusive else set())
    args: dict[str, str] = {}
    for name, value in pairs:
        if name == "verb":
            continue
        if name not in allowed:
            raise OaiError("badArgument", f"{verb} takes no argument of this name.")
        if name in args:
            raise OaiError("badArgument", f"The argument {name} is repeated.")
        if not value or _NOT_XML.search(value):
            raise OaiError("badArgument", f"The argument {name} has no usable value.")
        args[name] = value
    if spec.exclusive is not None and spec.exclusive in args:
        if len(args) > 1:
            raise OaiError("badArgument",
                           f"{spec.exclusive} is an exclusive argument: it comes alone.")
        return OaiRequest(verb, args)
    missing = sorted(spec.required - set(args))
    if missing:
        raise OaiError("badArgument", f"{verb} needs the argument(s) {', '.join(missing)}.")
    if "metadataPrefix" in args and not _PREFIX.fullmatch(args["metadataPrefix"]):
        raise OaiError("badArgument", "metadataPrefix is not a metadata prefix.")
    if "set" in args and not _SET_SPEC.fullmatch(args["set"]):
        raise OaiError("badArgument", "set is not a setSpec.")
    window(args.get("from"), args.get("until"))
    return OaiRequest(verb, args)


def window(start: str | None, end: str | None) -> Window:
    """The window of `from` and `until` (day or seconds granularity, the same for both)."""
    if start is not None and end is not None and len(start) != len(end):
        raise OaiError("badArgument", "from and until have different granularities.")
    lower = _datestamp(start, "from", "T00:00:00Z")
    upper = _datestamp(end, "until", "T23:59:59Z")
    if lower is not None and upper is not None and lower > upper:
        raise OaiError("badArgument", "from is later than until.")
    return Window(lower, upper)


def _datestamp(value: str | None, name: str, day_time: str) -> str | None:
    """`value` as a seconds stamp; a day stands for its first (`from`) or last second."""
    if value is None:
        return None
    if _DAY.fullmatch(value):
        stamp = value + day_time
    elif _SECONDS.fullmatch(value):
        stamp = value
    else:
        raise OaiError("badArgument", f"{name} is not a UTC datestamp "
                       "(YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).")
    try:
        datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise OaiError("badArgument", f"{name} is not a date that exists.") from None
    return stamp
