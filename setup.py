# scrapyd-deploy builds the Scrapyd egg with `python setup.py bdist_egg`; all metadata is in
# pyproject.toml (including the `scrapy` entry point Scrapyd reads to find the settings).
from setuptools import setup

setup()
