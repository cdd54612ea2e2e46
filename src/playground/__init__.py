"""playground: a terminal system-design playground."""

__version__ = "0.1.0"
