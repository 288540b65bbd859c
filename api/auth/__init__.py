"""Authentication (passwords, tokens) and authorisation (roles scoped to subtrees)."""
