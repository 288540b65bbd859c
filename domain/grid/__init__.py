"""The four-level grid tree: street, community, residential compound, building."""
