"""Front ends: the terminal game (text) and the desktop game, and the words of the end report they share."""
