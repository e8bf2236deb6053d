"""What the assessments app tells the apps above it, which it may not import.

`reopening` is sent, inside the reopening's transaction, before a signed assessment is
opened for editing again. A receiver that must keep it signed raises `AssessmentLocked` with
the reason (the filings app does while a filing of this assessment is with the regulator:
filings.apps)."""

from django.dispatch import Signal

# Sent with `assessment` (locked for update) and `by`.
reopening = Signal()
