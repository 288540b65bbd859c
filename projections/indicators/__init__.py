"""Indicators over the read models: the measures, and scorecards for a node and the nodes below it."""
