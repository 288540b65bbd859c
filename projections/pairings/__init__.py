"""Pairings read side: one row per pairing, its helpers over time and its dated contacts; lists,
compliance as of any date (the domain's cadence engine over these rows) and coverage."""
