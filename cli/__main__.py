"""``python -m cli``: the same as the ``civicgraph`` entry point."""
from cli.main import main

main()
