"""Rich renderables shared by the CLI and the TUI."""
