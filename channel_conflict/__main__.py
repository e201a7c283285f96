"""`python -m channel_conflict export ...`: see channel_conflict/export/cli.py."""
import sys

from .export.cli import main

if __name__ == "__main__":
    sys.exit(main())
