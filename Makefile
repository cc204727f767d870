# Lygte: `make run` runs the whole line locally, `make test` runs every test.
# Both create what is missing first: the two Python environments, .env and the model.

SHELL := /bin/bash
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)

ENGINE := .venv-engine/bin
GATEWAY := .venv-gateway/bin
MODEL := models/lygte.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find intents -name '*.yml')

.PHONY: lock staff-user run test test-engine test-gateway train validate lint setup clean bench soak eval

# scripts/supervise.py restarts a process that exits; the others keep running (the gateway
# answers with its fallback while the engine or the action server is away).
run: setup $(MODEL) ## run engine, actions and gateway under one supervisor (Ctrl-C stops all)
	@echo "==> starting engine (127.0.0.1:5005), actions (127.0.0.1:5055), gateway (127.0.0.1:8000)"
	@echo "==> phone simulator: http://127.0.0.1:8000/simulator  (ready when the engine has loaded)"
	$(GATEWAY)/python scripts/supervise.py --procfile Procfile --env .env

test: setup $(MODEL) test-engine test-gateway ## every test: engine side, then gateway and end to end

test-engine:
	$(ENGINE)/python -m pytest tests/core tests/engine

test-gateway:
	$(GATEWAY)/python -m pytest tests/core tests/gateway tests/staff tests/e2e

NODE_REFERENCE := .node/node_modules/opening_hours/package.json

setup: .venv-engine/.installed .venv-gateway/.installed .env $(NODE_REFERENCE)

# Installed from the hash-checked locks. The .txt is a prerequisite too, so that an edit of it
# without `scripts/lock NAME` stops here (make-env names the command) instead of going unnoticed.
.venv-engine/.installed: requirements/engine.lock requirements/engine.txt
	scripts/make-env engine

.venv-gateway/.installed: requirements/gateway.lock requirements/gateway.txt
	scripts/make-env gateway

lock: ## re-resolve both locks from requirements/*.txt (keeps pinned versions the .txt allows)
	scripts/lock engine
	scripts/lock gateway

.env: | .env.example
	scripts/make-dotenv

# The OSM reference implementation of opening_hours, pinned by the lock file, for
# tests/core/test_hours_reference.py (node is needed at test time, the registry only here).
$(NODE_REFERENCE): tests/hours_reference/package.json tests/hours_reference/package-lock.json
	@command -v npm >/dev/null || { echo "make setup needs Node.js >= 18 and npm (apt-get install nodejs npm)"; exit 1; }
	mkdir -p .node && cp tests/hours_reference/package.json tests/hours_reference/package-lock.json .node/
	npm ci --prefix .node --no-audit --no-fund
	touch $@

# Retrain only when the model is missing or older than its training data or config.
$(MODEL): $(TRAINING_INPUTS) .venv-engine/.installed
	@echo "==> training the model (about a minute on 2 cores)"
	$(ENGINE)/rasa train --fixed-model-name lygte --out models --force

train: $(MODEL)

validate: .venv-engine/.installed ## Rasa's own check of domain, rules and NLU data
	$(ENGINE)/rasa data validate

# Not part of `make test`: they measure, and need redis-server (docs/deploy.md has the results).
bench: setup $(MODEL) ## latency, msgs/s, start-up, memory, training time; Lygte vs stock Rasa (~10 min)
	$(GATEWAY)/python -m bench.bench

soak: setup $(MODEL) ## 10 minutes at 20 msgs/s in Redis mode: zero errors, flat memory
	$(GATEWAY)/python -m bench.soak

staff-user: .venv-gateway/.installed ## create a staff account or set its password: make staff-user NAME=mette
	@test -n "$(NAME)" || { echo "usage: make staff-user NAME=<name>"; exit 2; }
	$(GATEWAY)/python -m bot.staff.accounts add $(NAME)

# NLU report: cross-validation + held-out set for the chosen pipeline, Rasa's default
# pipeline and a keyword matcher (docs/nlu.md). EVAL_ARGS="--folds 3 --only chosen,keywords".
eval: .venv-engine/.installed
	$(ENGINE)/python -m eval.run $(EVAL_ARGS)

lint: .venv-gateway/.installed
	$(GATEWAY)/ruff check .
	$(GATEWAY)/ruff format --check .

clean:
	rm -rf models .venv-engine .venv-gateway .node
