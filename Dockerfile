# One image for web, worker and beat (docker-compose.yml picks the command).
# Assets: npm packages, and the one stylesheet built from the Utrecht CSS the templates use
# (scripts/build-css.mjs reads templates, scripts and Python for the classes in use).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build-css.mjs

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=heatportal.settings
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
# Only what is served: the built stylesheet and htmx (settings.STATICFILES_DIRS), not the build tools.
COPY --from=assets /app/static/vendor ./static/vendor
COPY --from=assets /app/node_modules/htmx.org/dist ./node_modules/htmx.org/dist
# Build-time only values: static files and translations need settings to import, not real secrets.
RUN SECRET_KEY=build-only-placeholder-key-not-used-at-runtime-0123456789abcdef \
    python manage.py compilemessages --ignore=node_modules -v 0 \
 && SECRET_KEY=build-only-placeholder-key-not-used-at-runtime-0123456789abcdef \
    python manage.py collectstatic --no-input -v 0
RUN useradd --system --uid 1000 heatportal && mkdir -p /app/var/media && chown -R heatportal /app/var
USER heatportal
EXPOSE 8000
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "--timeout", "60"]
