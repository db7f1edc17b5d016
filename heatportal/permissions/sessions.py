"""Object rules of the sessions app (imported by heatportal.permissions)."""
