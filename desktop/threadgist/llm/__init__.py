"""Endpoint profiles, API keys and one OpenAI-compatible client for every endpoint (Qt-free)."""
