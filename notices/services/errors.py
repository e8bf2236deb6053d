class NoticeError(Exception):
    """A notice action refused, with a message a person can act on."""


class MinutesFileError(NoticeError):
    """The uploaded minutes broke a file rule (type, size, empty): the request was bad."""
