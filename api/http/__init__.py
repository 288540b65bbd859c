"""The HTTP API: app factory, dependencies, error table, schemas and one router per resource."""
