"""How an edition presents itself to repositories: the settings of its repository outputs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edition:
    """How the edition presents itself to repositories: where it is published, who answers
    for it, and whether to bag it (RFC 8493) and zip the bag."""

    base_url: str = "http://127.0.0.1:8000/"  # where `teipipe serve` puts it by default
    admin_email: str = "editor@teipipe.invalid"
    bag: bool = True
    bag_zip: bool = False

    def settings(self) -> tuple[tuple[str, str], ...]:
        return (("base-url", self.base_url), ("admin-email", self.admin_email))
