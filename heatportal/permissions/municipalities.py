"""Object rules of the municipalities app (imported by heatportal.permissions)."""
