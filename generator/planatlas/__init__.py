"""planatlas: a plan knowledge graph published as a cross-linked static site."""
__version__ = "0.1.0"
