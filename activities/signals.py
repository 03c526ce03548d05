"""Signals other apps listen to (they may depend on activities, never the other way round)."""

from django.dispatch import Signal

# Sent after attendance/evaluation is recorded: kwargs activity, acting_user.
activity_held = Signal()
