"""tolls: reported casualty figures as validated, traceable rows."""

from tolls.package.loading import Package, load

__all__ = ["Package", "load"]
__version__ = "0.1.0"
