"""sgdlab: the library behind the pipeline that rebuilds the course documents' SGD results."""

__version__ = "0.1.0"
