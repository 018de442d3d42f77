"""Image-processing engines with no Django imports: benchmarkable without a database."""
