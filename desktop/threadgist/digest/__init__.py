"""The digest engine: budget, rendering, chunking, prompts, map/reduce, verification."""
