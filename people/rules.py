"""Who may see people pages, invite, approve access requests and end roles (see accounts.rules.may_grant)."""
