"""Errors the user can act on. The CLI prints their message, never a traceback."""

from ember.errors import UserError


class ExportError(UserError):
    """A problem with the user's model, data or options, stated in plain words."""
