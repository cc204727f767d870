"""NLU evaluation: cross-validation, the held-out set and the comparison (`make eval`)."""
