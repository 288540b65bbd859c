"""Reports from outside the grid: who brought each in, for Open311 lists and the per-phone limit."""
