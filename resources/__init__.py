"""DQN Lab's shipped files: presets, icons and the .desktop template (read via core.resources)."""
