"""Document control, configuration baselines, and archiving on the project manager's site."""
