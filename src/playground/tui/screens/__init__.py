"""screens of the playground app."""
