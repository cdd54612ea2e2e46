"""The two file formats a person writes (designs and challenges): models, loading, checks.

Nothing here imports textual or rich: the engine and the CLI both build on it.
"""
