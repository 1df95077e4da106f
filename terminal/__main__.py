"""``python -m terminal``: the same as the ``sottovoce-client`` console script."""

import sys

from terminal.main import main

sys.exit(main())
