# Gateway (`python -m bot`): Python 3.11, signalbot 2.x, twilio 9, aiohttp.
# Build from the project root:  docker build -f deploy/gateway.Dockerfile -t lygte-gateway .
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONPATH=/app PYTHONUNBUFFERED=1
COPY requirements/gateway.txt requirements/gateway.txt
RUN python -m venv .venv-gateway \
 && .venv-gateway/bin/pip install --no-cache-dir -r requirements/gateway.txt
COPY . .
USER nobody
CMD [".venv-gateway/bin/python", "-m", "bot"]
