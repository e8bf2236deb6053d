class FilingError(Exception):
    """An action on a filing that cannot be done now; the message tells the person why."""
