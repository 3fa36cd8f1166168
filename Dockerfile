# factbot: build a wheel in one stage, run it as a non-root user in a slim image.
#   docker build -t factbot .
#   docker run -d --name factbot --restart unless-stopped --env-file .env -v factbot-data:/data factbot
# The base image is pinned to a patch release: move it on purpose, here only (both stages use it).
ARG PYTHON_IMAGE=python:3.11.17-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
# The build backend is pinned too, and installed before the source is copied so it stays cached.
RUN pip install --no-cache-dir setuptools==84.2.1 wheel==0.48.0
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip wheel --no-cache-dir --no-deps --no-build-isolation --wheel-dir /wheels .

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MPLBACKEND=Agg \
    FACTBOT_DB=/data/factbot.sqlite3 \
    FACTBOT_INDEX_CACHE=/data/cache \
    FACTBOT_HEALTH_FILE=/tmp/factbot.alive
RUN useradd --create-home --uid 10001 factbot \
    && mkdir /data \
    && chown factbot:factbot /data
WORKDIR /app
# Dependencies come from the lock alone, exact versions and file hashes, in a layer of their own:
# it is rebuilt only when requirements.lock changes, not on every source change. To regenerate the
# lock after changing [project] dependencies in pyproject.toml, with Python 3.11, in a throwaway venv:
#   python3.11 -m venv /tmp/lock && /tmp/lock/bin/pip install pip-tools
#   /tmp/lock/bin/pip-compile --generate-hashes --strip-extras --output-file=requirements.lock pyproject.toml
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
# factbot itself, without dependencies; `pip check` fails the build if the lock no longer covers them.
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-deps /wheels/*.whl \
    && pip check \
    && rm -rf /wheels
# `docker run --env-file .env` passes an empty `FACTBOT_DB=` through, and that replaces the ENV above.
# factbot reads an empty variable as unset and then looks in .env in its working directory, so the
# image's paths are written there too: an empty value keeps the image's default, as everywhere else.
RUN printf 'FACTBOT_DB=%s\nFACTBOT_INDEX_CACHE=%s\nFACTBOT_HEALTH_FILE=%s\n' \
    "$FACTBOT_DB" "$FACTBOT_INDEX_CACHE" "$FACTBOT_HEALTH_FILE" > .env
USER 10001:10001
VOLUME ["/data"]
# `factbot health` succeeds while the bot is connected to the gateway (it touches the health file).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["factbot", "health"]
CMD ["factbot", "run"]
