"""`python -m tolls`: the same as the `tolls` command."""

import sys

from tolls.cli import main

sys.exit(main())
