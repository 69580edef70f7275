"""DQN Lab's desktop app (Qt): thin views over ``core``, which never imports this package."""
