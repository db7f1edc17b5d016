"""Writes of the sessions app, one module per concern. Import the module a function lives in:

- planning: sessions, their days and municipalities, seats, warnings
- programme: programme items per day (edited, reordered) and workshops in time slots
- invitations: who is invited (pasted lines, register contacts)
- sending: sending the invitations (marking them requested, queueing their mails, the lost sweep)
- answers: the signed answer link and answering
- signups: sign-up requests for invitation-only sessions
- allocation: the workshop lottery
- attendance: who attended
- scheduled: what beat finds due (reminders, nudges, allocation, thanks)

_mail is the one way these modules queue a mail to an invitee.
"""
