"""Loaders for the bundled data in ``datasets/``, one module per dataset."""

from pathlib import Path

DATASETS_DIR = Path(__file__).resolve().parent.parent.parent / "datasets"
