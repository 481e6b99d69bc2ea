"""Code that grades a class."""
