"""Standalone verification of gridgov's tamper evidence: stdlib and one crypto library."""
