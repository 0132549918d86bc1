"""The subcommands of the ``threadgist`` command line."""

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_FILE = 3
EXIT_ENDPOINT = 4
EXIT_NETWORK = 5  # a thread address could not be fetched: offline, blocked, timeout
EXIT_INTERRUPTED = 130
