import sys

from ._safe import quiet_sigint
from .cli import main

code = main()
quiet_sigint()  # a Ctrl-C while the interpreter shuts down is one line too
sys.exit(code)
