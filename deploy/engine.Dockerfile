# Engine (`python -m engine`, which runs `rasa run`) and action server (`rasa run actions`):
# Python 3.10, Rasa 3.6. compose.yml gives each container its command.
# Build from the project root:  docker build -f deploy/engine.Dockerfile -t lygte-engine .
FROM python:3.10-slim
WORKDIR /app
ENV RASA_TELEMETRY_ENABLED=false PYTHONPATH=/app PYTHONUNBUFFERED=1
# Same layout as `make run` (.venv-engine), one pip run so Rasa's pins hold.
COPY requirements/engine.txt requirements/engine.txt
RUN python -m venv .venv-engine \
 && .venv-engine/bin/pip install --no-cache-dir -r requirements/engine.txt
COPY . .
# The model is part of the image: every engine instance serves the same one.
RUN .venv-engine/bin/rasa train --fixed-model-name lygte --out models
# Rasa writes small files under $HOME; nothing about a conversation goes to disk.
ENV HOME=/tmp
USER nobody
