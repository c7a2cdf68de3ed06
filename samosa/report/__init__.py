"""The self-assessment report: one self-contained Swedish HTML file for the board."""
