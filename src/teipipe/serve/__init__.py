"""The HTTP side of the edition: the app `teipipe serve` runs, and the services it mounts."""
