"""People (居民), households (户) and their history, with personal data sealed per person."""
