"""Code that grades a class.

Every grading process (the command, each worker, each nbgrader step) imports nbformat, which
imports jsonschema, which imports ``rfc3987_syntax`` when it is installed (jupyter-events asks for
it) to check the ``iri`` string format; that import builds a parser and costs 0.9 CPU-seconds per
process, and no notebook or nbgrader schema has an ``iri`` field.  It is marked as absent here,
before anything imports jsonschema (jsonschema then leaves that one format unchecked), unless
something has imported it already.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
