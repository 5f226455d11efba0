# Social Desk's container: `socialdesk serve` on port 3978 behind the platform's TLS (App Service for
# Linux or Container Apps terminate HTTPS; the bot itself speaks plain HTTP inside the container).
# Linted by hadolint in `make lint`. Build: docker build -t socialdesk:0.1.0 .

# Stage 1: build wheels for the app and its runtime dependencies only (no dev tools, no compiler
# left behind in the image that runs).
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app.py settings.py socialdesk_cli.py socialdesk_version.py ./
COPY policy/ policy/
COPY cards/ cards/
COPY dialogs/ dialogs/
COPY gateway/ gateway/
COPY register/ register/
COPY reminders/ reminders/
COPY manifest/ manifest/
COPY observe/ observe/
COPY editors/ editors/
COPY report/ report/
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# Stage 2: the runtime: the wheels installed offline, a non-root user, nothing else.
FROM python:3.11-slim-bookworm
# A fixed uid, so that a mounted volume's owner can be set to match.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin socialdesk
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links=/wheels /wheels/socialdesk-*.whl && rm -rf /wheels
USER 10001
WORKDIR /home/socialdesk
# JSON log lines for Application Insights / Log Analytics; the embedded register's files (for a
# single instance; several instances use SOCIALDESK_STORE=azure-table).
ENV PYTHONUNBUFFERED=1 \
    SOCIALDESK_LOG_FORMAT=json \
    SOCIALDESK_DATA=/home/socialdesk/data
EXPOSE 3978
# Ready means the register answers and the pack is loaded (/readyz), not just "the process is up".
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:3978/readyz', timeout=8).status != 200)"]
CMD ["socialdesk", "serve", "--host", "0.0.0.0", "--port", "3978"]
