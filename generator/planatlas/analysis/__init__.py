"""Stage 3: views over the records (networkx) and what they answer: roll-ups, status, lifecycle, impact."""
