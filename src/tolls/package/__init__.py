"""The package's files: datapackage.json, the CSV tables read into typed frames, and rows written back."""

from tolls.package.loading import DESCRIPTOR, Package, PackageError, find_root, load

__all__ = ["DESCRIPTOR", "Package", "PackageError", "find_root", "load"]
