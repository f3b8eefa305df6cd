from __future__ import annotations

import sys

from mockios.cli import main

sys.exit(main())
