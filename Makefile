# Set-up, render and test targets. `make video` and `make test` run `setup`
# first; `setup` installs only what the machine lacks, so a second run is
# quick.

PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
QUALITY ?= h

# Debian packages: Cairo and Pango headers for manimpango and pycairo, ffmpeg,
# and the LaTeX subset MathTex needs (standalone and preview, amsmath, dvisvgm).
DEBIAN_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config ffmpeg \
	texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended dvisvgm sox

.PHONY: setup system-packages video render publish test test-fast check voice clean

setup: system-packages $(VENV_STAMP)

system-packages:
	@if pkg-config --exists pangocairo 2>/dev/null \
	    && command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null \
	    && command -v latex >/dev/null && command -v dvisvgm >/dev/null && command -v sox >/dev/null \
	    && kpsewhich standalone.sty >/dev/null && kpsewhich preview.sty >/dev/null; then \
	  echo "system packages: present"; \
	else \
	  echo "system packages: installing $(DEBIAN_PACKAGES)"; \
	  SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES); \
	fi

$(VENV_STAMP): pyproject.toml
	@[ -x $(VENV_PYTHON) ] || $(PYTHON) -m venv $(VENV)
	$(VENV_PYTHON) -m pip install -q --upgrade pip
	$(VENV_PYTHON) -m pip install -q -e '.[test]'
	@touch $@

check: setup
	$(VENV)/bin/padim-studio check

# Render PaDiMStory (if missing or stale) and publish the upload kit to dist/story/.
video: setup
	$(VENV)/bin/padim-studio publish story --quality $(QUALITY)

render: setup
	$(VENV)/bin/manim -q$(QUALITY) --save_sections scenes/story.py PaDiMStory

publish: setup
	$(VENV)/bin/padim-studio publish story --quality $(QUALITY)

voice: setup
	$(VENV)/bin/padim-studio voice

test: setup
	$(VENV)/bin/python -m pytest

test-fast: setup
	$(VENV)/bin/python -m pytest -m "not slow"

clean:
	rm -rf media dist
