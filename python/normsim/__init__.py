"""normsim from Python: the UN consensus bodies on ICT security, their data and models,
over the shared library libnormsim (cffi, ABI mode) with results as pandas DataFrames.

    >>> import normsim
    >>> normsim.data.states().shape
    (193, 7)
    >>> normsim.negotiate(body="GGE5").p

The API is listed in docs/PYTHON.md. Every function opens its own library context:
calls from several threads are independent and run with the GIL released.
"""

from . import data
from ._lib import NormsimError, library_path, lib as _clib, text as _text
from .diffusion import Fit, diffuse, fit, series
from .models import Negotiation, forecast, models, negotiate, vote
from .study import Study, sweep

__all__ = ["data", "NormsimError", "forecast", "models", "vote", "negotiate", "Negotiation",
           "Study", "sweep", "diffuse", "fit", "Fit", "series", "library_version",
           "library_path", "__version__"]

__version__ = "0.1.0"


def library_version():
    """The version of the shared library loaded ("MAJOR.MINOR.PATCH")."""
    return _text(_clib.ns_version())
