"""Helpers two or more apps share, with no models and no Django app of their own: the
bottom layer (`.importlinter`), so that apps beside each other need not import each other."""
