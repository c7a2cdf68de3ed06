"""``python -m samosa`` runs the same CLI as the ``samosa`` command."""

from samosa.cli import main

main()
