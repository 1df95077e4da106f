"""The office's case tags: IOA reporting categories, sealed to the office key, kept beyond their case."""
