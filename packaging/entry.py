"""Entry point of the frozen app (PyInstaller): the same as the `threadgist` command."""

import sys

from threadgist.launcher import main

if __name__ == "__main__":
    sys.exit(main())
