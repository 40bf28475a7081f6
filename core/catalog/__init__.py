"""The catalog: which sources, indicators, method breaks and wijkfoto tiles the product knows.

Plain CSV files beside this module, read by the ingest (sources, indicators) and by the tellen
queries (breaks, wijkfoto tiles). This package holds no code but where the files are.
"""
from pathlib import Path

CATALOG_DIR = Path(__file__).parent
