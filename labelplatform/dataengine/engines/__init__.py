"""The data engine's numpy-only parts: no Django, no database (bench/dataengine.py runs them on files)."""
