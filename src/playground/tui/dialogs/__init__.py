"""dialogs of the playground app."""
