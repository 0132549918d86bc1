"""The PySide6 desktop app: the only package that imports Qt. It adapts the Qt-free
core (thread, digest, llm, store) to widgets and signals."""
