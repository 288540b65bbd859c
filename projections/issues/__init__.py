"""Issue read models: one row per issue and per department dispatch, and the queries over them."""
