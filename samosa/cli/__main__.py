"""``python -m samosa.cli``: the same as the ``samosa`` command."""

from samosa.cli import main

main()
