# Two commands do all the set-up on a fresh machine (Python >= 3.10 and make):
#   make lab    create .venv if needed, then open the course (notebooks/) in JupyterLab
#   make test   create .venv if needed, with the test tools, then run the whole test suite
# Instructor commands are listed by `make help`.

# Paths typed on the command line (SUBMISSIONS, OUT) are taken from the folder make was run in;
# the course's own files from the folder of this Makefile (`make -f path/to/Makefile grade ...`).
HERE   := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
PYTHON ?= python3
VENV   ?= $(HERE)/.venv
BIN    := $(VENV)/bin
# nbgrader runs `alembic` as a subprocess: the virtual environment's bin must be on PATH.
RUN    := PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python
LAB_ARGS ?=
NOTEBOOK_DIR ?= $(HERE)/notebooks
# JupyterLab refuses to start as root (containers, CI) unless told it may.
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)
# Two test files at a time (one per core; a file's tests stay together for its fixtures), the slowest listed.
PYTEST_ARGS ?= -n 2 --dist loadfile --durations=20

.PHONY: help lab lab-instructor hub-demo lock test release fixtures grade-demo grade site bench bundle clean-venv

help:
	@echo "make lab         open the course in JupyterLab (student notebooks), as a student sees it"
	@echo "make lab-instructor  JupyterLab on the course with formgrader and Create Assignment [EXCHANGE=dir]"
	@echo "make hub-demo    (root) one term through nbgrader's exchange with real accounts (docs/hub.md)"
	@echo "make lock        rewrite requirements.lock, environment.lock.yml and binder/requirements.txt"
	@echo "make test        run the whole test suite"
	@echo "make release     regenerate notebooks/ (student versions) from solutions/ (masters)"
	@echo "make fixtures    regenerate grader/check/fixtures/ (visible checks) from the reference"
	@echo "make grade-demo  grade the bundled sample submissions in a temporary course folder"
	@echo "make grade SUBMISSIONS=dir OUT=dir [GRADE_ARGS=...]  grade a folder of submissions"
	@echo "make bundle      build dist/genlab-student.zip for students (no answers)"
	@echo "make site        render every executed master to static HTML in site/"
	@echo "make bench       run the benchmarks against scikit-learn and plain nbgrader (docs/benchmarks.md)"

$(VENV)/.runtime: $(HERE)/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '$(HERE)'
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '$(HERE)[test]'
	touch $@

# JupyterLab runs from the repository, where nbgrader finds the course's nbgrader_config.py.
# The student view: nbgrader's instructor extensions off (jupyter/student/, see jupyter/README.md).
lab: $(VENV)/.runtime
	cd "$(HERE)" && JUPYTER_CONFIG_PATH="$(HERE)/jupyter/student$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(RUN) -m jupyter lab --ServerApp.root_dir="$(NOTEBOOK_DIR)" $(ROOT_ARGS) $(LAB_ARGS)

# The instructor view: formgrader, Create Assignment and the course list, on this course
# (nbgrader_config.py at the root); EXCHANGE=dir sets nbgrader's exchange (c.Exchange.root).
EXCHANGE ?=
lab-instructor: $(VENV)/.runtime
	cd "$(HERE)" && $(if $(EXCHANGE),GENLAB_EXCHANGE="$(abspath $(EXCHANGE))") \
	  $(RUN) -m jupyter lab --ServerApp.root_dir="$(HERE)" $(ROOT_ARGS) $(LAB_ARGS)

hub-demo: $(VENV)/.runtime
	$(RUN) -m grader.grading.exchange

# The locks: pip (uv pip compile, from pyproject.toml) and a conda environment derived from it.
lock: $(VENV)/.test
	$(RUN) -m pip install --quiet --disable-pip-version-check uv
	cd "$(HERE)" && $(RUN) -m uv pip compile pyproject.toml --extra postgres --python-version 3.11 \
	  --no-header --quiet -o requirements.lock
	cd "$(HERE)" && $(RUN) -m uv pip compile pyproject.toml --python-version 3.11 \
	  --no-header --quiet -o binder/requirements.txt
	cd "$(HERE)" && $(RUN) tools/conda_lock.py requirements.lock environment.lock.yml

test: $(VENV)/.test
	cd "$(HERE)" && $(RUN) -m pytest $(PYTEST_ARGS)

release: $(VENV)/.runtime
	$(RUN) -m grader release

fixtures: $(VENV)/.runtime
	$(RUN) -m grader fixtures

grade-demo: $(VENV)/.runtime
	$(RUN) -m grader grade --samples

grade: $(VENV)/.runtime
	$(RUN) -m grader grade --submissions "$(SUBMISSIONS)" --out "$(OUT)" $(GRADE_ARGS)

bundle: $(VENV)/.runtime
	$(RUN) -m grader bundle --out dist

site: $(VENV)/.runtime
	$(RUN) -m grader.authoring.site --out site

# Benchmarks run with numpy's own BLAS kernel choice (see docs/benchmarks.md).
bench: $(VENV)/.test
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(RUN) $(HERE)/benchmarks/run_all.py $(BENCH_ARGS)

clean-venv:
	rm -rf $(VENV)
