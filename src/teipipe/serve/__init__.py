"""Serving the published edition over HTTP (Starlette routes, run by uvicorn)."""
