# Convenience targets; each is one script that a fresh machine can run.
.PHONY: setup demo test lint
setup:
	bash scripts/setup.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
lint:
	.venv/bin/ruff check ogpcrawl tests bench
