"""Object rules of the labs app (imported by heatportal.permissions)."""
