from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set and `manage.py seed_demo`: the top layer, which no other app imports."""

    name = "demo"
