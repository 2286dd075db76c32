"""``python -m app`` runs the ``wattkeeper`` command."""

import sys

from app.cli import main

sys.exit(main())
