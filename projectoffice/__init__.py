"""Project Office: the platform on which the PMOs and PSOs of a multinational run."""

__version__ = "0.1.0"
