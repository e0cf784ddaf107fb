"""Errors the user can act on. The CLI prints their message, never a traceback."""


class ExportError(Exception):
    """A problem with the user's model, data or options, stated in plain words."""
