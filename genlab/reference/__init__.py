"""Reference implementations, one module per topic, numpy only.

Used to build the fixtures and to run hidden checks; not shipped to students.
"""
