"""Stage 1: record files → typed records with positions (strict YAML, schema layers), and settings."""
