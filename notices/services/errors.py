class NoticeError(Exception):
    """A notice action refused, with a message a person can act on."""
