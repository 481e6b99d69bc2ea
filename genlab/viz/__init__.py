"""Plots and widgets: ``genlab.viz.player`` (Play + slider over frames), one module per topic."""
