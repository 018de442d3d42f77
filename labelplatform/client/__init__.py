"""The Python SDK of labelplatform: a typed client over the REST API, without Django."""
