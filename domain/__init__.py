"""The write side of gridgov: aggregates, events and rules, with no I/O and no framework."""
