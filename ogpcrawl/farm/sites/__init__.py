"""Site generators: the shared content model (model.py) and one renderer per site family."""
