"""SPARQL engines and results, `planatlas query` warm from the cache, and publishing to a server."""
