"""Stage 4: emitters (pages, diagrams, charts, query pages, downloads, record data) and the build."""
