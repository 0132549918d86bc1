"""The subcommands of the ``threadgist`` command line."""

#: subcommand → its module in this package (the launcher reads the names without importing
#: the command line; cli.py builds its parser from the modules)
SUBCOMMANDS = {
    "parse": "parse",
    "summarize": "summarize",
    "endpoints": "endpoints",
    "models": "models",
    "cache": "cache",
    "eval": "evaluate",
    "batch": "batch",
}

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_FILE = 3
EXIT_ENDPOINT = 4
EXIT_NETWORK = 5  # a thread address could not be fetched: offline, blocked, timeout
EXIT_WRITE = 6  # an output could not be written: not a folder, no permission, disk full
EXIT_INTERNAL = 70  # a bug: said in one line, its traceback in the log file
EXIT_BUSY = 75  # another Threadgist run is writing the same output folder: try again later
EXIT_CONFIG = 78  # endpoints.json is damaged where the command needs it (the message names it)
EXIT_INTERRUPTED = 130
