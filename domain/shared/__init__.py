"""What every domain feature shares: errors, the clock and identifiers."""
