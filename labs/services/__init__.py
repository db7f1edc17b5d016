"""Writes of the labs app, one module per concern. Import the module a function lives in:

- enrolling: enrolling a municipality and withdrawing it (telling the organisers, warning
  them when the lab drops below its minimum)
- offers: the waiting list: offering free places, the signed offer link, answering, expiry
- decisions: go/no-go (confirm, extend the deadline, cancel), later status steps, and what
  beat finds due
- meetings: the lab's meetings, their reminders and who was present
- materials: links and documents for the lab's members (allow-listed uploads)
- editing: creating and editing a lab, case updates
- errors: LabError, the refusal every service raises with a Dutch message

Every change to who holds a place in a lab runs under a row lock on the lab (`_lock`), so
the count of places taken is read and changed by one transaction at a time: many officers
enrolling at once for the last place cannot exceed the maximum. Callers pass `now` so that
tests (and the beat task) control time. `_mail` is the one way these modules queue a mail.
"""
