"""CI: the test settings; the database comes from DATABASE_URL when set."""

from .test import *  # noqa: F403
