# factbot: build a wheel in one stage, run it as a non-root user in a slim image.
#   docker build -t factbot .
#   docker run -d --name factbot --env-file .env -v factbot-data:/data factbot
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MPLBACKEND=Agg \
    FACTBOT_DB=/data/factbot.sqlite3 \
    FACTBOT_HEALTH_FILE=/tmp/factbot.alive
RUN useradd --create-home --uid 10001 factbot \
    && mkdir /data \
    && chown factbot:factbot /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER 10001:10001
VOLUME ["/data"]
# `factbot health` succeeds while the bot is connected to the gateway (it touches the health file).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["factbot", "health"]
CMD ["factbot", "run"]
