"""Request and response models, separate from domain objects."""
