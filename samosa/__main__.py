"""``python -m samosa`` runs the same CLI as the ``samosa`` command."""

from .cli import main

main()
