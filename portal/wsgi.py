"""The production entry point: ``gunicorn --worker-class gthread --threads 1000 -w 1 portal.wsgi:app``.

One worker per process, as Flask-SocketIO requires; run several processes behind a load
balancer with sticky sessions and SOTTOVOCE_MESSAGE_QUEUE set (README, docs/deploy)."""

from portal import create_app
from portal.scheduler import start_purge_scheduler

app = create_app()
start_purge_scheduler(app)
