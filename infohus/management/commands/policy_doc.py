from django.core.management.base import BaseCommand

from infohus import policy


class Command(BaseCommand):
    help = "Print the policy as docs/who-may-what.md (who may see and do what, and what each event grants)."

    def handle(self, *args, **options):
        from django.utils import translation

        with translation.override("en"):
            self.stdout.write(policy.as_markdown(), ending="")
