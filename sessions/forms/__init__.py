"""Forms of the sessions app, one module per concern:

- planning: the session, the municipality plan, seats, programme items, workshops
- days: the days of a session as one formset (edited in place by id)
- invitations: inviting people, sign-up requests, answers, attendance
- conflict: what the conflict notice shows after someone else saved the session meanwhile
"""
