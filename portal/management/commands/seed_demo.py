"""`manage.py seed_demo`: a believable Danish library (Tårnby, "Sammen med borgerne") with one
login per role, activities, citizen initiatives and volunteers. Idempotent: running it again
adds nothing. Each app keeps its own demo data in <app>/demo.py.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from activities import demo as activities_demo
from initiatives import demo as initiatives_demo
from organisation import demo as organisation_demo
from partnerships import demo as partnerships_demo
from toolbox import demo as toolbox_demo
from volunteers import demo as volunteers_demo


class Command(BaseCommand):
    help = "Load (or refresh) the demo library with one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--list-logins", action="store_true", help="Only print the logins.")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off (the demo users have a published password).",
        )

    def handle(self, *args, **options):
        if options["list_logins"]:
            lines = organisation_demo.login_lines() + volunteers_demo.login_lines()
            self.stdout.write("\n".join(lines))
            return
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "seed_demo creates users with a published password. It runs only with "
                "DJANGO_DEBUG=1, or with --allow-production on a throwaway installation."
            )
        # The demo citizens do not exist: their receipts and replies go nowhere.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            users, branches = organisation_demo.seed()
            activities_demo.seed(users=users, branches=branches)
            initiatives_demo.seed(users=users, branches=branches)
            volunteers_demo.seed(users=users, branches=branches)
            partnerships_demo.seed(users=users, branches=branches)
            toolbox_demo.seed(users=users, branches=branches)  # last: uses the others' rows
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
