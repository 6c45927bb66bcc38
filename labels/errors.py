"""Exceptions raised while rendering labels and manifests."""


class LabelError(Exception):
    """Base class for every error raised by the labels package."""


class InvalidLabelError(LabelError, ValueError):
    """A label or manifest cannot be rendered as given; `field` names the culprit."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    def __reduce__(self) -> tuple[object, ...]:
        """Keep `field` when the error crosses a process boundary."""
        return (_rebuild_invalid_label_error, (str(self), self.field))


class FontNotFoundError(LabelError, RuntimeError):
    """No TrueType font that covers the label text could be found."""


def _rebuild_invalid_label_error(message: str, field: str | None) -> InvalidLabelError:
    """Recreate an InvalidLabelError after unpickling."""
    return InvalidLabelError(message, field=field)
