"""Engine-side extensions loaded by `rasa run` (Python 3.10): named in endpoints.yml."""
