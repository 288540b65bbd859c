"""Entry points and the composition root: settings, bootstrap, HTTP API and CLI."""
