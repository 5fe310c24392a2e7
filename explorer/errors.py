"""Errors a person can act on.

Every message names the problem, where it is (file, line, row, column, value)
and what to do about it. The CLI prints ``error: <message>`` (English) and exits
2; the page shows ``messages.localise(error, lang)``, which says a message built
with ``messages.say`` in the page's language and any other one as it is.
Anything that is not an ``ExplorerError`` is a bug in this package.
"""


class ExplorerError(Exception):
    """Base class: the message is meant for the user, not the developer."""


class InputError(ExplorerError):
    """A file or pasted table cannot be read (encoding, delimiter, size, format)."""


class DataError(ExplorerError):
    """The table was read but cannot be used as asked (roles, missing values, too few rows)."""


class ProjectionError(ExplorerError):
    """A projection cannot run or did not produce a usable picture."""


class WorkerFailure(ProjectionError):
    """The process running a projection was killed, crashed, timed out or could not be had: caused by where it
    ran, not by what it was given, so the same request may simply be run again (job boards do not keep it)."""

    environmental = True


class ProjectionCancelled(ProjectionError):
    """The user (or a progress callback) stopped a running projection.

    ``partial`` holds the coordinates reached when the method can stop with a layout (t-SNE,
    as openTSNE's ``OptimizationInterrupt`` carries it), else None.
    """

    def __init__(self, message: object, partial=None) -> None:
        super().__init__(message)
        self.partial = partial

    def __reduce__(self):  # keep the partial layout across processes (a worker's answer is pickled)
        return type(self), (self.args[0], self.partial)
