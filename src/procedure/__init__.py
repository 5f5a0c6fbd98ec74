"""procedure: legal deadlines for Ukrainian administrative procedure."""
__version__ = "0.1.0"
