"""Property-based hostile input (issue 8): no 5xx anywhere, and a refused form changes nothing.

- tests/test_hostile_urls.py: every GET URL of the permission matrix (so a new URL is covered
  automatically) gets generated query parameters (every name any view reads, found in the source;
  unknown names; hostile values), with and without htmx headers, and hostile path segments.
- tests/test_hostile_forms.py: every form of the portal gets generated posts as a role that may
  use it: hostile text (control characters, NUL, CR/LF, very long, any Unicode, formulas), numbers
  and dates (year 1, 9999). A refused post (an error at a field, or a 4xx) leaves the rows the form
  could write exactly as before; an accepted one stored no control characters. A POST URL without
  a form target (or an explicit "no input") fails, and so does a form outside the portal's form
  ground.

This package holds what both share: the strategies (strategies.py), the examples' bounds and the
client per role (common.py), and the form targets, one module per app (targets/).

Bounded with HOSTILE_EXAMPLES (default 12 per URL or form; raise it for a deeper run).
"""
