# One image for web, worker and beat. Build: docker compose build
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 VAR_DIR=/data/var MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/static-root FRONTEND_DIST=/app/frontend/dist
WORKDIR /app
COPY pyproject.toml setup.py README.md manage.py ./
COPY labelplatform/ labelplatform/
# gcc only for the mask library's C counts scanner, removed again in the same layer.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && pip install . \
    && apt-get purge -y gcc libc6-dev && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1000 app && mkdir -p /data && chown app /data
COPY --from=frontend /src/frontend/dist frontend/dist
RUN SECRET_KEY=build python manage.py collectstatic --noinput --verbosity 0
USER app
EXPOSE 8000
CMD ["gunicorn", "labelplatform.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--threads", "4"]
