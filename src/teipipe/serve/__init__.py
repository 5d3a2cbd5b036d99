"""`teipipe serve`: the edition over HTTP, with the services a static host cannot give."""
