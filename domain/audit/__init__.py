"""What auditors looked at: every audit query is itself a recorded fact."""
