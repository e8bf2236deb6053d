import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

if not (settings.DEBUG or settings.SECRET_KEY_CONFIGURED):
    raise ImproperlyConfigured("Set SECRET_KEY: the server does not start without one.")
