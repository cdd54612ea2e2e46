"""widgets of the playground app."""
