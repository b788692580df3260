"""Project commands: scrapy report, scrapy loadspool."""
