"""Running a build over many files: which files (``collect``), in isolated workers with
time and memory limits (``engine``) or on a Dask cluster (``cluster``), the pipeline
version results are valid for (``version``) and the temporary files of a build (``tempfiles``)."""

from .collect import Input, collect_inputs
from .engine import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Failure, LocalEngine, Outcome

__all__ = [
    "DEFAULT_MEMORY_MB",
    "DEFAULT_TIMEOUT",
    "Failure",
    "Input",
    "LocalEngine",
    "Outcome",
    "collect_inputs",
]
