"""What every file format is made of, below the engine: strict models, timings, operations and
the traffic a challenge sends. The engine reads these; it never reads a whole design's model."""
