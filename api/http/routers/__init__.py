"""One router per resource; each route parses, calls one command or query, and shapes."""
