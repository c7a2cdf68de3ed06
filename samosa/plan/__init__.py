"""The action plan: demands merged with the organisation's own measures, as a graph.

``graph`` builds and analyses it (levels, critical path, working-day dates);
``render`` and ``svg`` draw it as text, JSON, Mermaid, DOT or SVG.
"""
