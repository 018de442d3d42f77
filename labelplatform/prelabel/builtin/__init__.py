"""Built-in models: installed by `scripts/models` under MODELS_ROOT, each a folder with a manifest."""
