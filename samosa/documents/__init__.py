"""AV's letters and the employer's documents, from an assessment and an inspection record.

``demands`` decides which findings become numbered krav; ``render`` fills the
Jinja2 templates (Markdown, HTML) and ``pdf`` draws the HTML as PDF.
"""
