"""The register of people: who lives where, with which tags, as of any date."""
