"""The working calendar that every deadline is computed on."""
