"""The personal health budgets guidance: content model, loader and checks.

Importable without MkDocs. ``python -m guidance check`` validates the content.
"""

from .catalogue import Catalogue, load_catalogue
from .loader import LoadError, Problem

__all__ = ["Catalogue", "LoadError", "Problem", "load_catalogue"]
