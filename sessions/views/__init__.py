"""Views of the sessions app, one module per page family (urls.py names the module of each):

- access: the planner's provinces (sessions and their parts are fetched through sessions.rules)
- board: the planning board, its month calendar and the municipality plan editor
- editing: creating and editing a session (page or inline on the board), edit conflicts
- session_page: the session list and page, cancelling, seats
- programme: the programme items and workshops of a session (add, edit, move, delete)
- invitations: inviting, sending the invitations, deciding on sign-up requests
- public: the answer page of the mailed link and the sign-up form (no account needed)
- feeds: the personal calendar feed and a new feed link
- attendees: exports, presence list and attendance
"""
