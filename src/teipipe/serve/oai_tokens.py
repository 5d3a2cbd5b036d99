"""Resumption tokens: the state of a list request, carried by the harvester between pages.

A token is the request's state (verb, arguments, cursor, and the version of the catalog it
was issued for) as base64url JSON, followed by an HMAC of it under a key the server makes when
it starts. The server keeps nothing per harvest, yet only accepts tokens it issued, for the
same verb, while the edition has not changed (a rebuild can change what the list holds, so an
older token is answered with badResumptionToken and the harvester starts the list again).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from teipipe.serve.oai_request import OaiError

_DIGEST_CHARS = 32
_MAX_TOKEN = 4096


@dataclass(frozen=True)
class ListState:
    """Where a harvester is in a list: the request that started it and the next position."""

    verb: str
    args: dict[str, str]
    cursor: int
    version: str


class TokenCodec:
    """Issues and checks resumption tokens under one key."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key if key is not None else secrets.token_bytes(32)

    def encode(self, state: ListState) -> str:
        """The token for `state`."""
        payload = json.dumps({"verb": state.verb, "args": state.args, "cursor": state.cursor,
                              "version": state.version}, sort_keys=True,
                             separators=(",", ":")).encode()
        body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
        return f"{body}.{self._sign(body)}"

    def decode(self, token: str, verb: str, version: str) -> ListState:
        """The state in `token`, if this server issued it for `verb` and catalog `version`."""
        bad = OaiError("badResumptionToken", "The resumptionToken is invalid or expired.")
        body, dot, digest = token.partition(".")
        if len(token) > _MAX_TOKEN or not dot or not hmac.compare_digest(
                digest.encode("ascii", "replace"), self._sign(body).encode()):
            raise bad
        try:
            data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except (binascii.Error, ValueError):
            raise bad from None
        if not isinstance(data, dict) or data.get("verb") != verb \
                or data.get("version") != version:
            raise bad
        args, cursor = data.get("args"), data.get("cursor")
        if not isinstance(args, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in args.items()) \
                or not isinstance(cursor, int) or cursor < 0:
            raise bad
        return ListState(verb, args, cursor, version)

    def _sign(self, body: str) -> str:
        mac = hmac.new(self._key, body.encode("ascii", "replace"), hashlib.sha256)
        return mac.hexdigest()[:_DIGEST_CHARS]
