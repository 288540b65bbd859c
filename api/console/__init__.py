"""The web console: server-rendered pages (Jinja2 + htmx) on the HTTP API's own routes and rules."""
