"""Front ends: the terminal game (text) and, later, the desktop game."""
