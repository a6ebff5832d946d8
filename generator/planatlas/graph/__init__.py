"""Stage 2: records → RDF graph; reference, cycle and SHACL checks; serialisers; the dataset store."""
