"""``python -m korus``: the same as the ``korus`` command."""

import sys

from korus._cli import main

sys.exit(main())
