"""Outcomes URLs: beside a session's own (/sessies/<pk>/opbrengst/...) and the signed links of
the action owners who have no account (/afspraak/<token>/)."""

app_name = "outcomes"
urlpatterns: list = []
