"""For editors: `planatlas validate` reports and `planatlas diff` in words."""
